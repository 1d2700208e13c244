import { requestJson, type Infer, type RequestJsonInit, type StandardSchemaV1 } from "apkit";
import { useAsync, type AsyncResult } from "./useAsync.js";

/**
 * Fetches JSON from the product's REST API (`requestJson`) once the bridge is ready, and again when `path` or `init`
 * change (compared by value, so inline objects are fine). Pass `null` as the path to wait (dependent queries).
 * Unmounting or changing the request aborts the previous one.
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
  path: string | null,
  init: Omit<RequestJsonInit<S>, "signal"> = {},
): AsyncResult<S extends StandardSchemaV1 ? Infer<S> : T> {
  const { schema, ...rest } = init;
  return useAsync(path === null ? "" : JSON.stringify([path, rest]), (signal) =>
    path === null ? new Promise(() => {}) : requestJson(path, { ...init, signal }),
  ) as AsyncResult<S extends StandardSchemaV1 ? Infer<S> : T>;
}
