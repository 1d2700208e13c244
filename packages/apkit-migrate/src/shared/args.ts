/** A command's arguments: its paths, and the flags it knows. */

/** Thrown for arguments a command does not take (exit code 2). */
export class UsageError extends Error {
  readonly code = "ERR_USAGE";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** What {@link parseArgs} read. */
export interface ParsedArgs {
  paths: string[];
  /** Flags without a value (`--write`). */
  switches: Set<string>;
  /** Flags with one (`--json report.json`, `--json=report.json`). */
  values: Map<string, string>;
}

/**
 * Reads `args`: `switches` and `valued` name the flags the command takes (without `--`); anything else starting
 * with `-` is a {@link UsageError}, the rest are paths.
 */
export function parseArgs(args: readonly string[], switches: readonly string[], valued: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { paths: [], switches: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      out.paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      out.paths.push(arg);
      continue;
    }
    const [flag, inline] = arg.startsWith("--") ? [arg.slice(2).split("=")[0]!, arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined] : [arg.slice(1), undefined];
    if (switches.includes(flag) && inline === undefined) out.switches.add(flag);
    else if (valued.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") throw new UsageError(`--${flag} needs a value`);
      out.values.set(flag, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return out;
}
