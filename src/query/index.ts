/**
 * apkit/query: apkit's calls as TanStack Query options, for apps that use `@tanstack/react-query` (an optional peer).
 * Caching, invalidation, retries, Suspense and devtools are TanStack's; apkit supplies stable query keys, the
 * `queryFn`s (with TanStack's `AbortSignal`), and property mutations with optimistic updates rolled back through
 * TanStack's own mechanism. The entry has no runtime import of TanStack Query: its options are plain objects.
 *
 * @packageDocumentation
 * @module apkit/query
 */
import type { DataTag, QueryClient, QueryKey } from "@tanstack/react-query";
import {
  getContext,
  getCurrentUser,
  requestJson,
  validate,
  type AnyAPKitError,
  type CurrentUser,
  type Infer,
  type PropertyStore,
  type RegisteredContext,
  type RequestJsonInit,
  type StandardSchemaV1,
} from "apkit";

/** What apkit's queries and mutations fail with: one of apkit's coded errors, or another `Error`. */
export type QueryError = AnyAPKitError | (Error & { readonly code?: undefined });

/** Query options for `useQuery`, `useSuspenseQuery`, `queryClient.fetchQuery` ...; the key carries the data type. */
export interface APKitQueryOptions<T> {
  queryKey: DataTag<QueryKey, T, QueryError>;
  queryFn: (context: { signal: AbortSignal }) => Promise<T>;
}

/** A change for {@link propertyMutationOptions}: a value to set, a function to update with, or a delete. */
export type PropertyChange<T> = { value: T } | { update: (current: T | undefined) => T | undefined } | { delete: true };

/** Mutation options for `useMutation` over one property (see {@link propertyMutationOptions}). */
export interface APKitPropertyMutationOptions<T> {
  mutationKey: QueryKey;
  mutationFn: (change: PropertyChange<T>) => Promise<T | null>;
  onMutate: (change: PropertyChange<T>) => Promise<{ previous: T | null | undefined }>;
  onError: (error: QueryError, change: PropertyChange<T>, context: { previous: T | null | undefined } | undefined) => void;
  onSuccess: (stored: T | null) => void;
  onSettled: () => Promise<void>;
}

// Schemas are objects without a name; a number per schema keeps keys of differently validated data apart.
const schemaIds = new WeakMap<object, number>();
let nextSchemaId = 0;
const schemaKey = (schema: StandardSchemaV1 | undefined) => {
  if (!schema) return undefined;
  if (!schemaIds.has(schema)) schemaIds.set(schema, ++nextSchemaId);
  return { schema: schemaIds.get(schema) };
};

/**
 * The query keys apkit uses, all under `["apkit"]`, for `invalidateQueries` and `setQueryData`. Stable: built from
 * the path and init (by value), the property target and full key; a schema adds `{ schema: n }` (a number per
 * schema object, stable for its lifetime).
 *
 * @example
 * ```ts
 * import { apkitQueryKeys } from "apkit/query";
 * await queryClient.invalidateQueries({ queryKey: apkitQueryKeys.request("/rest/api/3/issue/ABC-1") });
 * await queryClient.invalidateQueries({ queryKey: apkitQueryKeys.all }); // everything apkit loaded
 * ```
 */
export const apkitQueryKeys = {
  /** Every apkit query. */
  all: ["apkit"] as const,
  /** A product REST request (`requestJson`). */
  request: (path: string, init: Omit<RequestJsonInit, "signal" | "schema"> = {}, schema?: StandardSchemaV1) =>
    ["apkit", "request", path, init, ...(schema ? [schemaKey(schema)] : [])] as const,
  /** The product context. */
  context: (schema?: StandardSchemaV1) => ["apkit", "context", ...(schema ? [schemaKey(schema)] : [])] as const,
  /** The current user. */
  currentUser: () => ["apkit", "currentUser"] as const,
  /** Every property of a store's target (for invalidating them all). */
  properties: (store: PropertyStore<unknown>) => ["apkit", "property", store.target.path, store.target.query ?? ""] as const,
  /** One property (the key with the store's prefix). */
  property: (store: PropertyStore<unknown>, key: string) =>
    ["apkit", "property", store.target.path, store.target.query ?? "", `${store.keyPrefix}${key}`] as const,
};

const tagged = <T>(key: readonly unknown[]) => key as unknown as DataTag<QueryKey, T, QueryError>;

/**
 * A product REST call (`requestJson`) as query options: `GET` by default, with TanStack's abort signal; with
 * `init.schema` the data is validated and typed.
 *
 * @example
 * ```tsx
 * import { useQuery } from "@tanstack/react-query";
 * import { requestQueryOptions } from "apkit/query";
 * function Summary({ issueKey }: { issueKey: string }) {
 *   const issue = useQuery(requestQueryOptions<{ fields: { summary: string } }>(`/rest/api/3/issue/${issueKey}`));
 *   return <p>{issue.data?.fields.summary ?? "…"}</p>;
 * }
 * ```
 */
export function requestQueryOptions<T = unknown, S extends StandardSchemaV1 | undefined = undefined>(
  path: string,
  init: Omit<RequestJsonInit<S>, "signal"> = {},
): APKitQueryOptions<S extends StandardSchemaV1 ? Infer<S> : T> {
  const { schema, ...rest } = init;
  return {
    queryKey: tagged(apkitQueryKeys.request(path, rest, schema)),
    queryFn: ({ signal }) => requestJson(path, { ...init, signal }) as Promise<S extends StandardSchemaV1 ? Infer<S> : T>,
  };
}

/**
 * The product context (`getContext`) as query options; with a schema, validated and typed.
 *
 * @example
 * ```tsx
 * import { useSuspenseQuery } from "@tanstack/react-query";
 * import { contextQueryOptions } from "apkit/query";
 * import { jiraIssueContext } from "apkit/schemas";
 * function IssueKey() {
 *   const { data } = useSuspenseQuery(contextQueryOptions(jiraIssueContext));
 *   return <b>{data.jira.issue.key}</b>;
 * }
 * ```
 */
export function contextQueryOptions(): APKitQueryOptions<RegisteredContext>;
export function contextQueryOptions<S extends StandardSchemaV1>(schema: S): APKitQueryOptions<StandardSchemaV1.InferOutput<S>>;
export function contextQueryOptions(schema?: StandardSchemaV1): APKitQueryOptions<unknown> {
  return {
    queryKey: tagged(apkitQueryKeys.context(schema)),
    queryFn: async ({ signal }) => {
      const context = await getContext({ signal });
      return schema ? validate(schema, context, "the product context") : context;
    },
  };
}

/**
 * The current user (`getCurrentUser`) as query options.
 *
 * @example
 * ```tsx
 * import { useQuery } from "@tanstack/react-query";
 * import { currentUserQueryOptions } from "apkit/query";
 * const me = useQuery(currentUserQueryOptions());
 * ```
 */
export function currentUserQueryOptions(): APKitQueryOptions<CurrentUser> {
  return { queryKey: tagged(apkitQueryKeys.currentUser()), queryFn: ({ signal }) => getCurrentUser({ signal }) };
}

/**
 * One property of a store as query options. TanStack Query does not allow `undefined` data, so a key that is not
 * set is `null`.
 *
 * @example
 * ```tsx
 * import { useQuery } from "@tanstack/react-query";
 * import { createPropertyStore, issueProperties } from "apkit";
 * import { propertyQueryOptions } from "apkit/query";
 * const store = createPropertyStore<number>(issueProperties("ABC-1"), { keyPrefix: "my-app." });
 * const votes = useQuery(propertyQueryOptions(store, "votes")); // votes.data: number | null | undefined
 * ```
 */
export function propertyQueryOptions<T>(store: PropertyStore<T>, key: string): APKitQueryOptions<T | null> {
  return {
    queryKey: tagged(apkitQueryKeys.property(store as PropertyStore<unknown>, key)),
    queryFn: async ({ signal }) => (await store.get(key, { signal })) ?? null,
  };
}

/**
 * Writes to one property as `useMutation` options, optimistic through TanStack's own mechanism: `onMutate` cancels
 * the property's queries and shows the new value at once, `onError` puts the previous value back, `onSuccess` shows
 * what the store wrote, `onSettled` refetches. Changes are `{ value }` (set), `{ update: fn }` (read-modify-write:
 * versioned targets retry conflicts inside the store) or `{ delete: true }`. Mutations are never shared or
 * retried by TanStack (`retry` stays at its default, 0): a refused write rejects with its coded error.
 *
 * @example
 * ```tsx
 * import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
 * import { propertyMutationOptions, propertyQueryOptions } from "apkit/query";
 * function Votes({ store }: { store: PropertyStore<number> }) {
 *   const client = useQueryClient();
 *   const votes = useQuery(propertyQueryOptions(store, "votes"));
 *   const vote = useMutation(propertyMutationOptions(client, store, "votes"));
 *   return <button onClick={() => vote.mutate({ update: (n = 0) => n + 1 })}>{votes.data ?? 0}</button>;
 * }
 * ```
 */
export function propertyMutationOptions<T>(client: QueryClient, store: PropertyStore<T>, key: string): APKitPropertyMutationOptions<T> {
  const queryKey = apkitQueryKeys.property(store as PropertyStore<unknown>, key);
  const next = (change: PropertyChange<T>, current: T | null | undefined): T | null =>
    "value" in change ? change.value : "update" in change ? (change.update(current ?? undefined) ?? current ?? null) : null;
  return {
    mutationKey: [...queryKey, "write"],
    mutationFn: async (change) => {
      if ("delete" in change) {
        await store.delete(key);
        return null;
      }
      if ("value" in change) {
        await store.set(key, change.value);
        return change.value;
      }
      return (await store.update(key, change.update)) ?? null;
    },
    onMutate: async (change) => {
      await client.cancelQueries({ queryKey });
      const previous = client.getQueryData<T | null>(queryKey);
      client.setQueryData<T | null>(queryKey, next(change, previous));
      return { previous };
    },
    onError: (_error, _change, context) => {
      // Nothing was loaded before (undefined): onSettled's refetch brings the truth.
      if (context && context.previous !== undefined) client.setQueryData<T | null>(queryKey, context.previous);
    },
    onSuccess: (stored) => {
      client.setQueryData<T | null>(queryKey, stored);
    },
    onSettled: () => client.invalidateQueries({ queryKey }),
  };
}
