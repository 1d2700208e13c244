/** `apkit-migrate check PATHS... [--json FILE]`: how ready the code is for Forge, use by use. */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "../cli.js";
import { parseArgs, UsageError } from "../shared/args.js";
import { PathNotFoundError } from "../shared/files.js";
import { ForgeSupportMissingError, type ForgeSupportStatus } from "../shared/forgeSupport.js";
import { scanPaths, type Finding } from "./scan.js";

const HELP = `Usage: apkit-migrate check PATHS... [--json FILE]

Lists every raw AP use and every apkit call in the files (the same kinds apkit-migrate code reads), with its status
on Forge: works, differs (works, with a documented difference) or unsupported (and what to use instead). Raw AP uses
get the status of the apkit call apkit/compat runs them as; the statuses come from the installed apkit's own table
(forgeSupport of apkit/forge).

  --json FILE   also writes the report as JSON: { files: [{ file, findings, totals }], totals }

Exit code 0 when it ran; 2 for a usage error.
`;

/** Counts of one file, or of all. */
export interface CheckTotals {
  uses: number;
  raw: number;
  apkit: number;
  works: number;
  differs: number;
  unsupported: number;
}

/** The report (`--json FILE`). */
export interface CheckReport {
  files: { file: string; findings: Finding[]; totals: CheckTotals }[];
  totals: CheckTotals & { files: number };
}

function totalsOf(findings: readonly Finding[]): CheckTotals {
  const count = (p: (f: Finding) => boolean) => findings.filter(p).length;
  return {
    uses: findings.length,
    raw: count((f) => f.kind === "raw"),
    apkit: count((f) => f.kind === "apkit"),
    works: count((f) => f.forge === "works"),
    differs: count((f) => f.forge === "differs"),
    unsupported: count((f) => f.forge === "unsupported"),
  };
}

/** The report of scanned files. */
export function checkReport(scanned: readonly { file: string; findings: Finding[] }[]): CheckReport {
  const files = scanned.map(({ file, findings }) => ({ file, findings, totals: totalsOf(findings) }));
  return { files, totals: { files: files.length, ...totalsOf(files.flatMap((f) => f.findings)) } };
}

const MARK: Record<ForgeSupportStatus, string> = { works: "works      ", differs: "differs    ", unsupported: "unsupported" };

/** The human report. */
export function checkSummary(report: CheckReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    if (f.findings.length === 0) continue;
    const t = f.totals;
    out.push(`${f.file}: ${t.uses} use${t.uses === 1 ? "" : "s"} (${t.raw} raw AP, ${t.apkit} apkit): ${t.works} work, ${t.differs} differ, ${t.unsupported} unsupported`);
    for (const x of f.findings) {
      out.push(`  ${`${x.line}:${x.column}`.padEnd(8)} ${MARK[x.forge]}  ${x.call}${x.kind === "raw" ? " (raw)" : ""}${x.note ? `\n             ${x.note}` : ""}`);
    }
  }
  const t = report.totals;
  out.push(
    `${t.files} file${t.files === 1 ? "" : "s"}: ${t.uses} use${t.uses === 1 ? "" : "s"} (${t.raw} raw AP, ${t.apkit} apkit) on Forge: ${t.works} work, ${t.differs} work with a difference, ${t.unsupported} unsupported.`,
  );
  if (t.raw > 0) out.push("Raw AP uses run on Forge through apkit/compat; apkit-migrate code rewrites most of them into apkit calls.");
  return out.join("\n") + "\n";
}

/** The `check` command. */
export const command: Command = {
  summary: "report every AP use and apkit call with its status on Forge",
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(HELP);
      return 0;
    }
    let scanned;
    let json: string | undefined;
    try {
      const parsed = parseArgs(args, [], ["json"]);
      if (parsed.paths.length === 0) throw new UsageError("give the files or directories to check");
      json = parsed.values.get("json");
      scanned = await scanPaths(parsed.paths, { cwd: io.cwd });
    } catch (error) {
      if (error instanceof UsageError || error instanceof PathNotFoundError) {
        io.stderr.write(`apkit-migrate check: ${error.message.replace(/^apkit-migrate: /, "")}\n\n${HELP}`);
        return 2;
      }
      if (error instanceof ForgeSupportMissingError) {
        io.stderr.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const report = checkReport(scanned);
    if (json) await writeFile(resolve(io.cwd, json), JSON.stringify(report, null, 2) + "\n");
    io.stdout.write(checkSummary(report));
    return 0;
  },
};
