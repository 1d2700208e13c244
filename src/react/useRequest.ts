import { requestJson, validate, type Infer, type RequestJsonInit, type StandardSchemaV1 } from "apkit";
import { useAsync, type AsyncResult } from "./useAsync.js";

/**
 * Fetches JSON from the product's REST API (`requestJson`) once the bridge is ready, and again when `path` or `init`
 * change (compared by value, so inline objects are fine). Pass `null` or `undefined` as the path to wait (dependent
 * queries). Unmounting or changing the request aborts the previous one; components asking for the same request at
 * the same time share one call. The result always belongs to the current path: `"pending"` right after it changes.
 *
 * @example
 * ```tsx
 * import { z } from "zod";
 * import { useRequest } from "apkit/react";
 * const Myself = z.object({ displayName: z.string() });
 * function Greeting() {
 *   const me = useRequest("/rest/api/3/myself", { schema: Myself });
 *   if (me.status === "error") return <button onClick={me.refetch}>Retry</button>;
 *   return <p>{me.status === "success" ? `Hello ${me.data.displayName}` : "…"}</p>;
 * }
 * ```
 */
export function useRequest<T = unknown, S extends StandardSchemaV1 | undefined = undefined>(
  path: string | null | undefined,
  init: Omit<RequestJsonInit<S>, "signal"> = {},
): AsyncResult<S extends StandardSchemaV1 ? Infer<S> : T> {
  const { schema, ...rest } = init;
  // The schema is applied per hook after the shared call, so it is not part of the key (inline schemas are fine).
  const key = path == null ? null : JSON.stringify(["request", path, rest]);
  return useAsync(
    key,
    (signal) => requestJson(path!, { ...rest, signal }),
    (body) => (schema ? validate(schema, body, `the response of ${path}`) : body),
  ) as AsyncResult<S extends StandardSchemaV1 ? Infer<S> : T>;
}
