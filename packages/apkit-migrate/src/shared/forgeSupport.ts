/**
 * apkit's own list of how each apkit call behaves on Forge (`forgeSupport` of apkit/forge), read at run time so
 * that `check` reports what the installed apkit does, never a copy. The only module that reads it.
 */
import * as apkitForge from "apkit/forge";

/** works: as on Connect; differs: works, with a documented difference; unsupported: ERR_UNSUPPORTED_ON_PLATFORM. */
export type ForgeSupportStatus = "works" | "differs" | "unsupported";

/** One row of apkit/forge's `forgeSupport`. */
export interface ForgeSupport {
  readonly status: ForgeSupportStatus;
  /** What the call becomes on Forge. */
  readonly forge: string;
  /** differs: what differs; unsupported: what to use instead. */
  readonly note?: string;
}

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
