/** `apkit-migrate code PATHS... [--write] [--json FILE]`. */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "../cli.js";
import { parseArgs, UsageError } from "../shared/args.js";
import { filesOf, PathNotFoundError } from "../shared/files.js";
import { unifiedDiff } from "./diff.js";
import { codeReport, codeSummary } from "./report.js";
import { transformSource, type FileResult } from "./transform.js";

const HELP = `Usage: apkit-migrate code PATHS... [--write] [--json FILE]

Rewrites raw AP (all.js) calls into apkit calls in .js .mjs .cjs .jsx .ts .tsx files, Vue <script> blocks and the
inline <script> blocks of .html .hbs .handlebars .mustache (and similar) templates. Directories are read
recursively (node_modules, dist, build and dot-directories are skipped).

  (default)     dry run: prints a unified diff of every change (stdout: a patch git apply takes) and a
                summary (stderr); writes nothing
  --write       changes the files
  --json FILE   also writes the report as JSON: { files: [{ file, changed, rewritten, left: [{ line, call,
                reason, suggestion }], notes }], totals }

Exit code 0 when it ran, whatever it left; 2 for a usage error.
`;

/** The `code` command. */
export const command: Command = {
  summary: "rewrite raw AP calls into apkit calls (dry run unless --write)",
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(HELP);
      return 0;
    }
    let parsed;
    let files;
    try {
      parsed = parseArgs(args, ["write"], ["json"]);
      if (parsed.paths.length === 0) throw new UsageError("give the files or directories to rewrite");
      files = await filesOf(parsed.paths, io.cwd);
    } catch (error) {
      if (error instanceof UsageError || error instanceof PathNotFoundError) {
        io.stderr.write(`apkit-migrate code: ${error.message.replace(/^apkit-migrate: /, "")}\n\n${HELP}`);
        return 2;
      }
      throw error;
    }
    const write = parsed.switches.has("write");
    const results: FileResult[] = [];
    for (const { path, name } of files) {
      const text = await readFile(path, "utf8");
      const result = transformSource(name, text);
      results.push(result);
      if (!result.changed) continue;
      if (write) await writeFile(path, result.output);
      else io.stdout.write(unifiedDiff(name, text, result.output));
    }
    const report = codeReport(results);
    const json = parsed.values.get("json");
    if (json) await writeFile(resolve(io.cwd, json), JSON.stringify(report, null, 2) + "\n");
    // In a dry run stdout is the patch alone (`apkit-migrate code src > migrate.patch`, `| git apply`); the summary goes
    // to stderr.
    (write ? io.stdout : io.stderr).write(codeSummary(report, write));
    return 0;
  },
};
