/**
 * The `apkit-migrate` command line: `apkit-migrate <command> [options]`. Each command lives in its own module and is
 * loaded only when it runs, so `apkit-migrate manifest` never loads the codemod's parser.
 */

/** Where a command writes, and the directory relative paths start from. */
export interface CommandIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

/** A command: its one-line summary, and what runs it (resolving the process exit code). */
export interface Command {
  summary: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  code: async () => (await import("./code/command.js")).command,
  check: async () => (await import("./check/command.js")).command,
  manifest: async () => (await import("./manifest/command.js")).command,
  verify: async () => (await import("./verify/command.js")).command,
};

/**
 * Runs the command line `args` (without the node and script paths) and resolves the exit code: 0 when the command
 * ran, 2 for a usage error.
 *
 * @example
 * ```ts
 * import { main } from "apkit-migrate";
 * const code = await main(["--help"], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
 * ```
 */
export async function main(args: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(await usage());
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr.write(`apkit-migrate: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  return (await load()).run(rest, io);
}

async function usage(): Promise<string> {
  const lines = await Promise.all(Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(10)} ${(await load()).summary}`));
  return `Usage: apkit-migrate <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun apkit-migrate <command> --help for a command's options.\n`;
}
