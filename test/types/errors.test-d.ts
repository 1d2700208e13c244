// Type tests (checked by `npm run typecheck`, which fails on any error here): error codes narrow to their classes
// and fields, constructor options are typed, and the public API's results carry their types.
import { expectTypeOf } from "vitest";
import {
  APKitError,
  HttpError,
  PropertyTooLargeError,
  TimeoutError,
  getContext,
  isAPKitError,
  requestJson,
  type AnyAPKitError,
  type APKitErrorCode,
  type APKitErrorMap,
} from "apkit";
import {
  InstallKeyError,
  JWTClaimError,
  JWTExpiredError,
  JWTTooLargeError,
  ProductRequestError,
  TenantConflictError,
  createAppMiddleware,
  createAppVerifier,
  createMemoryTenantStore,
  isAPKitServerError,
  verifyContextToken,
  verifyForgeInvocationToken,
  type AnyAPKitServerError,
  type APKitServerErrorCode,
  type APKitServerErrorMap,
  type AppIdentity,
  type NodeRequestLike,
} from "apkit/server";
import { jiraIssueContext } from "apkit/schemas";

declare const error: unknown;

// Every core code narrows to exactly its class.
if (isAPKitError(error)) {
  expectTypeOf(error.code).toEqualTypeOf<Exclude<APKitErrorCode, "ERR_APKIT">>();
  if (error.code === "ERR_HTTP_STATUS") expectTypeOf(error.status).toEqualTypeOf<number>();
  if (error.code === "ERR_TIMEOUT") expectTypeOf(error.timeout).toEqualTypeOf<number>();
  if (error.code === "ERR_METHOD_UNAVAILABLE") expectTypeOf(error.method).toEqualTypeOf<string>();
  if (error.code === "ERR_HOST") expectTypeOf(error.method).toEqualTypeOf<string>();
  if (error.code === "ERR_SCRIPT_LOAD") expectTypeOf(error.src).toEqualTypeOf<string>();
  if (error.code === "ERR_INVALID_JSON") expectTypeOf(error.text).toEqualTypeOf<string>();
  if (error.code === "ERR_VALIDATION") expectTypeOf(error.issues[0]!.message).toEqualTypeOf<string>();
  if (error.code === "ERR_BODY_NOT_REPLAYABLE") expectTypeOf(error.response).toEqualTypeOf<Response>();
  if (error.code === "ERR_CROSS_ORIGIN_TOKEN") expectTypeOf(error.url).toEqualTypeOf<string>();
  if (error.code === "ERR_PROPERTY_TOO_LARGE") expectTypeOf(error.bytes).toEqualTypeOf<number>();
  if (error.code === "ERR_PROPERTY_CONFLICT") expectTypeOf(error.attempts).toEqualTypeOf<number>();
  if (error.code === "ERR_PROPERTY_OVERWRITTEN") expectTypeOf(error.actual).toEqualTypeOf<unknown>();
  if (error.code === "ERR_PROPERTY_TARGET_NOT_FOUND") expectTypeOf(error.key).toEqualTypeOf<string>();
  if (error.code === "ERR_PROPERTY_LIMIT") expectTypeOf(error.limit).toEqualTypeOf<number>();
  // @ts-expect-error a timeout has no status
  if (error.code === "ERR_TIMEOUT") void error.status;
}
for (const code of [] as Array<Exclude<keyof APKitErrorMap, "ERR_APKIT">>) {
  expectTypeOf<APKitErrorMap[typeof code]>().toMatchTypeOf<AnyAPKitError>();
}
if (isAPKitError(error, "ERR_HTTP_STATUS")) expectTypeOf(error).toEqualTypeOf<HttpError>();
if (error instanceof APKitError) expectTypeOf(error.code).toEqualTypeOf<APKitErrorCode>();

// Constructor options are the class's fields, typed; misspelt or missing fields do not compile.
new HttpError("x", { status: 404, statusText: "Not Found", body: null, headers: new Headers(), url: "/x" });
// @ts-expect-error a misspelt field
new HttpError("x", { staus: 404, statusText: "", body: null, headers: new Headers(), url: "/x" });
// @ts-expect-error fields are required where the class has them
new TimeoutError("x");
new TimeoutError("x", { timeout: 5, cause: new Error("c") });
// @ts-expect-error bytes is a number
new PropertyTooLargeError("x", { key: "k", bytes: "1", limit: 2 });

// Every server code narrows too.
if (isAPKitServerError(error)) {
  expectTypeOf(error.code).toEqualTypeOf<APKitServerErrorCode>();
  if (error.code === "ERR_JWT_TOO_LARGE") expectTypeOf(error.limit).toEqualTypeOf<number>();
  if (error.code === "ERR_JWT_TENANT") expectTypeOf(error.clientKey).toEqualTypeOf<string | undefined>();
  if (error.code === "ERR_JWT_TENANT") expectTypeOf(error.installationId).toEqualTypeOf<string | undefined>();
  if (error.code === "ERR_TENANT_CONFLICT") expectTypeOf(error.conflict).toEqualTypeOf<"clientKey" | "installationId" | "cloudId" | "site" | "replayed" | "outdated">();
  if (error.code === "ERR_TENANT_INFO") expectTypeOf(error.baseUrl).toEqualTypeOf<string>();
  if (error.code === "ERR_JWT_ALG") expectTypeOf(error.algorithm).toEqualTypeOf<unknown>();
  if (error.code === "ERR_JWT_EXPIRED") expectTypeOf(error.claim).toEqualTypeOf<string>();
  if (error.code === "ERR_JWT_KEY") expectTypeOf(error.kid).toEqualTypeOf<unknown>();
  if (error.code === "ERR_JWKS_UNAVAILABLE") expectTypeOf(error.url).toEqualTypeOf<string>();
  if (error.code === "ERR_INSTALL_PAYLOAD") expectTypeOf(error.issues).toEqualTypeOf<readonly string[]>();
  if (error.code === "ERR_INSTALL_CLIENT_KEY") expectTypeOf(error.issuer).toEqualTypeOf<string>();
  if (error.code === "ERR_PRODUCT_REQUEST") expectTypeOf(error.reason).toEqualTypeOf<"network" | "timeout" | "aborted" | "grant">();
  if (error.code === "ERR_BODY_TOO_LARGE") expectTypeOf(error.limit).toEqualTypeOf<number>();
}
if (isAPKitServerError(error, "ERR_INSTALL_KEY")) expectTypeOf(error).toEqualTypeOf<InstallKeyError>();
if (isAPKitServerError(error, "ERR_PRODUCT_REQUEST")) expectTypeOf(error).toEqualTypeOf<ProductRequestError>();
expectTypeOf<APKitServerErrorMap["ERR_JWT_TOO_LARGE"]>().toEqualTypeOf<JWTTooLargeError>();
expectTypeOf<APKitServerErrorMap["ERR_JWT_EXPIRED"]>().toMatchTypeOf<JWTClaimError>();

// Server error constructors take the core's shape: a message, then the class's fields (typed) and the cause.
new JWTTooLargeError("x", { length: 9000, limit: 8192 });
// @ts-expect-error fields are required where the class has them
new JWTTooLargeError("x");
// @ts-expect-error the old positional form is gone
new JWTTooLargeError(9000, 8192);
new JWTExpiredError("x", { claim: "exp", cause: new Error("c") });
// @ts-expect-error a reason is one of the known ones
new JWTClaimError("x", { claim: "exp", reason: "late" });
new ProductRequestError("x", { reason: "grant", status: 401 });
// @ts-expect-error conflict names what conflicts
new TenantConflictError("x", { conflict: "someone" });

// The log hook of the middlewares gets the coded error and the request.
createAppMiddleware({
  tenants: createMemoryTenantStore(),
  appId: "ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000",
  onError: (refusal, request) => {
    expectTypeOf(refusal).toEqualTypeOf<AnyAPKitServerError>();
    expectTypeOf(request).toEqualTypeOf<NodeRequestLike>();
  },
});

// Public API results: schema-typed context and JSON, claims typed by the context schema.
export async function apiTypes(token: string) {
  const context = await getContext(jiraIssueContext);
  expectTypeOf(context.jira.issue.key).toEqualTypeOf<string>();
  expectTypeOf(await requestJson<{ id: number }>("/x")).toEqualTypeOf<{ id: number }>();
  const claims = await verifyContextToken(token, { getSharedSecret: () => "s", contextSchema: jiraIssueContext });
  expectTypeOf(claims.context.jira.issue.key).toEqualTypeOf<string>();
  expectTypeOf(claims.accountId).toEqualTypeOf<string | undefined>();
  const call = await verifyForgeInvocationToken(token, { appId: "ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000" });
  expectTypeOf(call.installationId).toEqualTypeOf<string>();
  expectTypeOf(call.tokens.system).toEqualTypeOf<string | undefined>();
  expectTypeOf(call.appVersion).toEqualTypeOf<string | undefined>();
  // An identity from either platform: a site installed after Connect has no clientKey, so it is not a string here.
  const identity = await createAppVerifier({ tenants: createMemoryTenantStore(), appId: "00000000-0000-4000-8000-000000000000" })(new Request("https://a.test"));
  expectTypeOf(identity).toEqualTypeOf<AppIdentity>();
  expectTypeOf(identity.clientKey).toEqualTypeOf<string | undefined>();
  expectTypeOf(identity.cloudId).toEqualTypeOf<string | undefined>();
}

// apkit/react: typed hook errors, waiting inputs, schema-typed dialogs.
import { useDialog, useProperty, useRequest, type AsyncResult, type HookError } from "apkit/react";
import { createPropertyStore, issueProperties } from "apkit";
import { z } from "zod";

export function hookTypes() {
  const issue = useRequest<{ key: string }>("/rest/api/3/issue/A-1");
  if (issue.status === "error") {
    expectTypeOf(issue.error).toEqualTypeOf<HookError>();
    if (issue.error.code === "ERR_HTTP_STATUS") expectTypeOf(issue.error.status).toEqualTypeOf<number>();
    expectTypeOf(issue.error.code).toEqualTypeOf<Exclude<APKitErrorCode, "ERR_APKIT"> | undefined>();
  }
  if (issue.status === "success") expectTypeOf(issue.data).toEqualTypeOf<{ key: string }>();
  expectTypeOf(issue.isFetching).toEqualTypeOf<boolean>();
  expectTypeOf(useRequest(null)).toEqualTypeOf<AsyncResult<unknown>>();
  useRequest(undefined);
  const store = createPropertyStore<{ n: number }>(issueProperties("A-1"));
  const waiting = useProperty(null as typeof store | null, null);
  if (waiting.status === "success") expectTypeOf(waiting.data).toEqualTypeOf<{ n: number } | undefined>();
  const { open } = useDialog();
  expectTypeOf(open({ key: "k" }, z.object({ id: z.string() }))).toEqualTypeOf<Promise<{ id: string } | undefined>>();
  expectTypeOf(open<number>({ key: "k" })).toEqualTypeOf<Promise<number | undefined>>();
}

// The port and the platforms.
import { loadAP, type Platform, type Port, type Unsubscribe } from "apkit";
import { forge } from "apkit/forge";
if (isAPKitError(error, "ERR_UNSUPPORTED_ON_PLATFORM")) {
  expectTypeOf(error.platform).toEqualTypeOf<string>();
  expectTypeOf(error.capability).toEqualTypeOf<string>();
}
expectTypeOf(forge()).toMatchTypeOf<Platform>();
expectTypeOf<NonNullable<Platform["request"]>>().toEqualTypeOf<Port["request"]>();
expectTypeOf<Port["dialog"]["open"]>().returns.toEqualTypeOf<Promise<unknown>>();
expectTypeOf<Port["events"]["listen"]>().returns.toEqualTypeOf<Unsubscribe>();
// @ts-expect-error a platform's capability must have all the port's methods
export const incomplete: Platform = { name: "x", cookie: { save: async () => {} } };
expectTypeOf<Parameters<typeof loadAP>[0]>().toMatchTypeOf<{ platform?: Platform } | undefined>();
forge({ product: "bitbucket" });
// @ts-expect-error the product is "jira", "confluence" or "bitbucket"
forge({ product: "compass" });
