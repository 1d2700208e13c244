/**
 * `apkit-migrate manifest DESCRIPTOR [--out FILE] [--move KEY,... | --move-ui] [--resources DIR] [--product P]`
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, relative, resolve } from "node:path";
import { parse } from "yaml";
import type { Command, CommandIO } from "../cli.js";
import { MigrateError } from "./errors.js";
import { migrateManifest, type MigrateOptions, type MigrationInput } from "./migrate.js";
import { formatReport } from "./report.js";
import type { ConnectDescriptor, ForgeManifest } from "./types.js";
import { validateManifestText } from "./validate.js";
import { manifestYaml } from "./yaml.js";

const USAGE = `Usage: apkit-migrate manifest DESCRIPTOR [--out FILE] [--move KEY,... | --move-ui] [--resources DIR] [--product jira|confluence]

Writes the Forge manifest of a Connect app: from its atlassian-connect.json, or from a manifest.yml of an earlier
run to move more modules. Prints what moved, what stays in connectModules and why, and the forge() options the
Forge pages' start-up line needs.

  --out FILE         where to write (default: manifest.yml beside DESCRIPTOR; a manifest given as DESCRIPTOR is
                     updated in place)
  --move KEY,...     the Connect modules to move (repeatable)
  --move-ui          move every UI module that has a Forge equivalent, and every dialog
  --resources DIR    where the resources' pages are built, relative to the manifest (default: resources)
  --product P        jira or confluence, when the descriptor does not tell
`;

/** Reads DESCRIPTOR: JSON (a descriptor) or YAML (a manifest with app.connect). */
export function parseInput(text: string, file: string): MigrationInput {
  let value: unknown;
  try {
    value = file.endsWith(".json") ? JSON.parse(text) : parse(text);
  } catch (cause) {
    throw new MigrateError("ERR_MIGRATE_INPUT", `${file} is neither JSON nor YAML`, { cause });
  }
  if (value && typeof value === "object" && "app" in value) return { manifest: value as ForgeManifest };
  if (value && typeof value === "object" && "key" in value && "baseUrl" in value) return { descriptor: value as ConnectDescriptor };
  throw new MigrateError("ERR_MIGRATE_INPUT", `${file} is neither a Connect descriptor (key, baseUrl) nor a Forge manifest (app)`);
}

interface Arguments {
  input?: string;
  out?: string;
  options: MigrateOptions;
}

function parseArguments(args: string[]): Arguments | string {
  const parsed: Arguments = { options: {} };
  const move: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? args[++index];
    if (flag === "--out") parsed.out = value();
    else if (flag === "--move") move.push(...(value() ?? "").split(",").map((key) => key.trim()).filter(Boolean));
    else if (flag === "--move-ui") parsed.options.moveUi = true;
    else if (flag === "--resources") parsed.options.resources = value();
    else if (flag === "--product") {
      const product = value();
      if (product !== "jira" && product !== "confluence") return `--product takes jira or confluence, not "${product}"`;
      parsed.options.product = product;
    } else if (flag.startsWith("-")) return `unknown option ${flag}`;
    else if (parsed.input === undefined) parsed.input = arg;
    else return `one DESCRIPTOR only (got "${parsed.input}" and "${arg}")`;
  }
  if (move.length > 0 && parsed.options.moveUi) return "--move and --move-ui do not go together";
  if (move.length > 0) parsed.options.move = move;
  if (!parsed.input) return "DESCRIPTOR is missing";
  if (parsed.out === "" || parsed.options.resources === "") return "--out and --resources take a value";
  return parsed;
}

export const command: Command = {
  summary: "write the Forge manifest of a Connect app, moving UI modules one at a time",
  async run(args: string[], io: CommandIO): Promise<number> {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(USAGE);
      return 0;
    }
    const parsed = parseArguments(args);
    if (typeof parsed === "string") {
      io.stderr.write(`apkit-migrate manifest: ${parsed}\n\n${USAGE}`);
      return 2;
    }
    const inputPath = resolve(io.cwd, parsed.input!);
    try {
      let text: string;
      try {
        text = await readFile(inputPath, "utf8");
      } catch (cause) {
        throw new MigrateError("ERR_MIGRATE_INPUT", `cannot read ${parsed.input}`, { cause });
      }
      const input = parseInput(text, inputPath);
      const outPath = resolve(io.cwd, parsed.out ?? ("manifest" in input ? parsed.input! : `${dirname(parsed.input!)}/manifest.yml`));
      if (outPath !== inputPath && existsSync(outPath) && "descriptor" in input) {
        throw new MigrateError("ERR_MIGRATE_OUTPUT_EXISTS", `${relative(io.cwd, outPath)} exists: move more modules with \`apkit-migrate manifest ${relative(io.cwd, outPath)} --move KEY\`, or write elsewhere with --out`);
      }
      // A manifest is edited in place, so its comments and order survive.
      const previous = "manifest" in input ? text : undefined;
      const result = migrateManifest(input, parsed.options);
      const yaml = manifestYaml(result, previous, basename(inputPath));
      const messages = await validateManifestText(yaml);
      await writeFile(outPath, yaml);
      io.stdout.write(formatReport(result, relative(io.cwd, outPath) || basename(outPath), messages.map((m) => `${m.level}: ${m.message}`)));
      const invalid = messages.some((message) => message.level === "error");
      return invalid || result.report.refused.length > 0 ? 1 : 0;
    } catch (error) {
      if (error instanceof MigrateError) {
        io.stderr.write(`apkit-migrate manifest: ${error.message} (${error.code})\n`);
        return error.code === "ERR_MIGRATE_UNKNOWN_MODULE" || error.code === "ERR_MIGRATE_PRODUCT" ? 2 : 1;
      }
      throw error;
    }
  },
};
