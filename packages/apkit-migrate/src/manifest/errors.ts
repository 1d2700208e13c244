/** The failures of `apkit-migrate manifest` and `verify` that are the input's, not the tool's. */
export type MigrateErrorCode =
  | "ERR_MIGRATE_INPUT"
  | "ERR_MIGRATE_PRODUCT"
  | "ERR_MIGRATE_UNKNOWN_MODULE"
  | "ERR_MIGRATE_OUTPUT_EXISTS"
  | "ERR_VERIFY_INPUT";

/**
 * A coded failure of apkit-migrate: unreadable input, a product it cannot tell, a `--move` key the app does not
 * have, an output it would overwrite.
 *
 * @example
 * ```ts
 * import { MigrateError } from "apkit-migrate/manifest";
 * try { throw new MigrateError("ERR_MIGRATE_INPUT", "not a descriptor"); } catch (e) { if (e instanceof MigrateError) e.code; }
 * ```
 */
export class MigrateError extends Error {
  override name = "MigrateError";
  constructor(
    readonly code: MigrateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
