/** `apkit-migrate verify MANIFEST PATHS...` */
import { scanPaths } from "../check/scan.js";
import type { Command, CommandIO } from "../cli.js";
import { MigrateError } from "../manifest/errors.js";
import { verifyManifest, type Problem } from "./verify.js";

const USAGE = `Usage: apkit-migrate verify MANIFEST PATHS...

Checks that the Forge pages' code under PATHS and manifest.yml agree: the dialogs and the remote forge({ ... }) names
exist, every dialog the pages open has a resource, every resource directory has an index.html, and the pages' product
calls are allowed by the manifest's scopes. Exits 1 when they do not.
`;

/** The problems as lines, `file:line:column: level: message`. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((problem) => `${problem.at ? `${problem.at.file}:${problem.at.line}:${problem.at.column}: ` : ""}${problem.level}: ${problem.message}\n`).join("");
}

export const command: Command = {
  summary: "check that the Forge pages' code and manifest.yml agree (dialogs, remote, resources, scopes)",
  async run(args: string[], io: CommandIO): Promise<number> {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(USAGE);
      return 0;
    }
    const unknown = args.find((arg) => arg.startsWith("-"));
    if (unknown || args.length < 2) {
      io.stderr.write(`apkit-migrate verify: ${unknown ? `unknown option ${unknown}` : "MANIFEST and at least one path are needed"}\n\n${USAGE}`);
      return 2;
    }
    const [manifest, ...paths] = args as [string, ...string[]];
    try {
      const problems = await verifyManifest(manifest, paths, { scanPaths, cwd: io.cwd });
      const errors = problems.filter((problem) => problem.level === "error").length;
      io.stdout.write(formatProblems(problems));
      io.stdout.write(errors === 0 ? `verify: ${manifest} and the code agree (${problems.length} warning(s)).\n` : `verify: ${errors} error(s), ${problems.length - errors} warning(s).\n`);
      return errors === 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof MigrateError) {
        io.stderr.write(`apkit-migrate verify: ${error.message} (${error.code})\n`);
        return 1;
      }
      throw error;
    }
  },
};
