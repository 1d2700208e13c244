import { apFetch, HttpError, InvalidJsonError, validate, type ApFetch, type Infer, type StandardSchemaV1 } from "apkit";
import { useAsync, type AsyncResult } from "./useAsync.js";

/** Init of {@link useApFetch}: a fetch init without `signal` (the hook owns it), plus a schema and a client. */
export interface UseApFetchInit<S extends StandardSchemaV1 | undefined = undefined> extends Omit<RequestInit, "signal"> {
  /** Validates (and types) the JSON body. */
  schema?: S | undefined;
  /** The client to call with, such as one from `createApFetch({ baseUrl })`. @default apFetch */
  fetch?: ApFetch | undefined;
}

/**
 * GETs JSON from your app's own backend through {@link apFetch} (a cached, refreshed context token in
 * `Authorization: JWT ...`) once the bridge is ready, again when `input` or `init` change (by value), and on
 * `refetch()`. A non-2xx answer is an `HttpError` in `error`; `null` or `undefined` as input waits. Identical calls
 * (same input and init) at the same time share one request.
 *
 * @example
 * ```tsx
 * import { useApFetch } from "apkit/react";
 * function Items() {
 *   const items = useApFetch<{ id: string; name: string }[]>("/api/items");
 *   if (items.status !== "success") return <p>{items.status === "error" ? "Could not load" : "…"}</p>;
 *   return <ul>{items.data.map((i) => <li key={i.id}>{i.name}</li>)}</ul>;
 * }
 * ```
 */
export function useApFetch<T = unknown, S extends StandardSchemaV1 | undefined = undefined>(
  input: string | URL | null | undefined,
  init: UseApFetchInit<S> = {},
): AsyncResult<S extends StandardSchemaV1 ? Infer<S> : T> {
  const { schema, fetch = apFetch, ...rest } = init;
  const key = input == null ? null : JSON.stringify(["apFetch", String(input), rest]);
  const select = (body: unknown) => (schema ? validate(schema, body, `the response of ${input}`) : body);
  return useAsync(key, async (signal) => {
    const res = await fetch(input!, { ...rest, signal });
    const text = await res.text();
    let body: unknown = text === "" ? undefined : text;
    try {
      if (text) body = JSON.parse(text);
    } catch (cause) {
      if (res.ok) throw new InvalidJsonError(`${input}: not JSON`, { text: text.slice(0, 1000), cause });
    }
    if (!res.ok) {
      throw new HttpError(`${init.method ?? "GET"} ${input}: ${res.status}`, {
        status: res.status,
        statusText: res.statusText,
        body,
        headers: res.headers,
        url: String(input),
      });
    }
    return body;
  }, select) as AsyncResult<S extends StandardSchemaV1 ? Infer<S> : T>;
}
