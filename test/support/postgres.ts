// A real, throwaway PostgreSQL server for tests: Debian's `postgresql` package (scripts/setup.sh installs it),
// a fresh cluster in a temp dir (initdb + pg_ctl), listening on 127.0.0.1 only, on a free port, with trust auth for
// a generated user. As root (CI, these machines) the server runs as the `postgres` system user, since PostgreSQL
// refuses to run as root. `stop()` shuts it down and deletes the directory.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPostgres {
  /** `postgres://apkit@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The directory of Debian's PostgreSQL binaries (the newest installed major version). */
export function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed: run `bash scripts/setup.sh` (Debian's postgresql package).");
  const dir = mkdtempSync(join(tmpdir(), "apkit-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin, file), asRoot ? ["-u", "postgres", "--", join(bin, file), ...args] : args, {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: dir,
    });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  run("initdb", ["-D", data, "-U", "apkit", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  // Loopback only; the socket in our own directory; no fsync: the data is thrown away.
  const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run("pg_ctl", ["-D", data, "-o", settings, "-l", join(dir, "log"), "-w", "-t", "30", "start"]);
  return {
    url: `postgres://apkit@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
