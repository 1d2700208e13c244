import { getContext, validate, type RegisteredContext, type StandardSchemaV1 } from "apkit";
import { useAsync, type AsyncResult } from "./useAsync.js";

/**
 * The product context of this iframe (`getContext`), loaded once the bridge is ready; with a schema, validated and
 * typed (a mismatch is a `ValidationError` in `error`).
 *
 * @example
 * ```tsx
 * import { useProductContext } from "apkit/react";
 * import { jiraIssueContext } from "apkit/schemas";
 * function IssueKey() {
 *   const context = useProductContext(jiraIssueContext);
 *   return context.status === "success" ? <b>{context.data.jira.issue.key}</b> : null;
 * }
 * ```
 */
export function useProductContext(): AsyncResult<RegisteredContext>;
export function useProductContext<S extends StandardSchemaV1>(schema: S): AsyncResult<StandardSchemaV1.InferOutput<S>>;
export function useProductContext(schema?: StandardSchemaV1): AsyncResult<unknown> {
  return useAsync(
    "context",
    (signal) => getContext({ signal }),
    (context) => (schema ? validate(schema, context, "the product context") : context),
  );
}
