import type { CallOptions } from "./settle.js";
import { connectContext } from "./connect/context.js";
import { port } from "./platform.js";
import { HostError } from "./errors.js";
import type { RegisteredContext } from "./register.js";
import { validate, type StandardSchemaV1 } from "./schema.js";

/**
 * Reads the product context of this iframe (issue, project, content, space, license ...) from
 * `AP.context.getContext()`. Pass a schema to validate and type it; otherwise the type is
 * `Register["context"]` (or {@link ProductContext}).
 *
 * @example
 * ```ts
 * import { getContext } from "apkit";
 * import { jiraIssueContext } from "apkit/schemas";
 * const { jira } = await getContext(jiraIssueContext);
 * console.log(jira.issue.key);
 * ```
 */
export function getContext(options?: CallOptions): Promise<RegisteredContext>;
export function getContext<S extends StandardSchemaV1>(
  schema: S,
  options?: CallOptions,
): Promise<StandardSchemaV1.InferOutput<S>>;
export async function getContext(
  schemaOrOptions?: StandardSchemaV1 | CallOptions,
  maybeOptions?: CallOptions,
): Promise<unknown> {
  const [schema, options] = isSchema(schemaOrOptions) ? [schemaOrOptions, maybeOptions] : [undefined, schemaOrOptions];
  const context = await port("context", connectContext).getContext(options);
  if (!context || typeof context !== "object") {
    throw new HostError("getContext: the host answered no context object", { method: "context.getContext", cause: context });
  }
  return schema ? validate(schema, context, "the product context") : context;
}

/**
 * Gets a fresh context JWT (`AP.context.getToken()`), for calls to your own backend. Prefer
 * {@link apFetch}, which caches and refreshes it for you.
 *
 * @example
 * ```ts
 * import { getToken } from "apkit";
 * const token = await getToken();
 * await fetch("/api/items", { headers: { Authorization: `JWT ${token}` } });
 * ```
 */
export async function getToken(options?: CallOptions): Promise<string> {
  const token = await port("context", connectContext).getToken(options);
  if (typeof token !== "string" || token === "") {
    throw new HostError("getToken: the host answered no token", { method: "context.getToken", cause: token });
  }
  return token;
}

/** @internal */
export function isSchema(value: unknown): value is StandardSchemaV1 {
  return !!value && typeof value === "object" && "~standard" in value;
}
