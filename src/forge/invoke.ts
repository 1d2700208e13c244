/**
 * A Forge resolver call with apkit's guarantees: a deadline, an `AbortSignal`, a schema for the answer, and coded
 * errors, for apps that move logic into Forge functions (Connect has no resolvers: this lives in apkit/forge only).
 */
import { validate, type CallOptions, type Infer, type StandardSchemaV1 } from "apkit";
import { current } from "./forge.js";

/** Options of {@link invoke}. */
export interface InvokeOptions<S extends StandardSchemaV1 | undefined = undefined> extends CallOptions {
  /** Validates (and types) the resolver's answer; a mismatch rejects with `ValidationError`. */
  schema?: S;
}

/**
 * Calls the Forge resolver `functionKey` (a `resolver` function of the module in manifest.yml) with `payload`, through
 * the Forge platform the page started (`loadAP({ platform: forge() })`). Settles like every apkit call: the deadline
 * of `configure()` (15 s) unless `timeout` says otherwise, `signal` aborts the wait; a failing resolver rejects with
 * `HostError` (`ERR_HOST`, the bridge's error as `cause`), an answer that does not match `schema` with
 * `ValidationError`. Before the platform started: `ERR_UNSUPPORTED_ON_PLATFORM`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { loadAP } from "apkit";
 * import { forge, invoke } from "apkit/forge";
 * await loadAP({ platform: forge() });
 * const summary = await invoke("getSummary", { issueKey: "ABC-1" }, { schema: z.object({ open: z.number() }), timeout: 5000 });
 * summary.open; // number
 * ```
 */
export async function invoke<T = unknown, S extends StandardSchemaV1 | undefined = undefined>(
  functionKey: string,
  payload?: unknown,
  options: InvokeOptions<S> = {},
): Promise<S extends StandardSchemaV1 ? Infer<S> : T> {
  if (typeof functionKey !== "string" || !functionKey) throw new TypeError(`apkit: invoke needs a function key, got ${String(functionKey)}`);
  const { schema, ...callOptions } = options;
  const answer = await current().call(`invoke("${functionKey}")`, callOptions, (bridge) => bridge.invoke(functionKey, payload));
  return (schema ? await validate(schema, answer, `the answer of invoke("${functionKey}")`) : answer) as S extends StandardSchemaV1 ? Infer<S> : T;
}
