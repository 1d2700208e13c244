/**
 * The one error class of apkit-dev: every failure it reports carries a `code` (listed in index.d.ts,
 * `DevHostErrorCode`) and keeps its `cause`. Caller mistakes (bad options) are TypeErrors instead.
 */
export class DevHostError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options = {}) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.name = "DevHostError";
    this.code = code;
  }
}
