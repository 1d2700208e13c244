/**
 * apkit's own list of how each apkit call behaves on Forge (`forgeSupport` of apkit/forge), read at run time so
 * that `check` reports what the installed apkit does, never a copy. The only module that reads it.
 *
 * Read through the namespace, not a named import: an apkit older than the table still loads (`code` needs none of
 * it), and `check` says what to install.
 */
import * as apkitForge from "apkit/forge";
import type { ForgeSupport, ForgeSupportStatus } from "apkit/forge";

export type { ForgeSupport, ForgeSupportStatus };

/** Thrown when the installed apkit has no `forgeSupport` (older than the table). */
export class ForgeSupportMissingError extends Error {
  readonly code = "ERR_FORGE_SUPPORT_MISSING";
  constructor() {
    super("apkit-migrate: the installed apkit/forge has no forgeSupport table; install an apkit that has it (npm i apkit@latest)");
    this.name = "ForgeSupportMissingError";
  }
}

/** The table, keyed by the apkit call as written in code ("dialog.open"). */
export function forgeSupport(): Readonly<Record<string, ForgeSupport>> {
  const table = (apkitForge as { forgeSupport?: Readonly<Record<string, ForgeSupport>> }).forgeSupport;
  if (!table || typeof table !== "object") throw new ForgeSupportMissingError();
  return table;
}
