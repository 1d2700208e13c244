/**
 * apkit/server: verify Connect JWTs and Forge Invocation Tokens (one route for both platforms during the
 * migration) and handle the install lifecycle in any runtime (Node, Deno, Bun, workers, browsers for tests). No
 * browser code, no React, nothing from the apkit core. On Node the "node" export condition selects a build whose
 * crypto is node:crypto's (~10x faster than Web Crypto there); the API is the same.
 *
 * @packageDocumentation
 * @module apkit/server
 */
export {
  APKitServerError,
  BodyTooLargeError,
  InstallClientKeyError,
  InstallKeyError,
  InstallPayloadError,
  JWTAlgorithmError,
  JWTAmbiguousError,
  JWTClaimError,
  JWTExpiredError,
  JWTMalformedError,
  JWTMissingError,
  JWTNotYetValidError,
  JWTQshError,
  JWTSignatureError,
  JWTTenantError,
  JWTTooLargeError,
  JWTKeyError,
  JWKSUnavailableError,
  ProductRequestError,
  TenantConflictError,
  TenantInfoError,
  errorResponse,
  httpStatusOf,
  isAPKitServerError,
  type AnyAPKitServerError,
  type APKitServerErrorArgs,
  type APKitServerErrorClass,
  type APKitServerErrorCode,
  type APKitServerErrorMap,
  type APKitServerErrorOptions,
  type ClaimErrorFields,
  type ClaimReason,
  type ProductRequestFailure,
  type TenantConflict,
} from "./errors.js";
export { canonicalRequest, computeQsh } from "./computeQsh.js";
export { verifyContextToken } from "./verifyContextToken.js";
export { CONTEXT_QSH } from "./lib/contextQsh.js";
export { verifyRequestToken, type RequestTokenOptions } from "./verifyRequestToken.js";
export {
  createContextTokenVerifier,
  type ContextTokenVerifier,
  type ContextTokenVerifierOptions,
} from "./createContextTokenVerifier.js";
export { signContextToken, type ContextTokenClaims, type SignContextTokenOptions } from "./signContextToken.js";
export {
  createContextTokenMiddleware,
  type ConnectMiddleware,
  type ContextTokenMiddlewareOptions,
  type SessionTokenOptions,
} from "./createContextTokenMiddleware.js";
export { createRequestTokenMiddleware } from "./createRequestTokenMiddleware.js";
export { toNodeHandler, type ReadableNodeRequest, type ToNodeHandlerOptions } from "./toNodeHandler.js";
export { handleInstalled } from "./handleInstalled.js";
export { handleUninstalled } from "./handleUninstalled.js";
export { handleForgeInstalled, type ForgeLifecycleOptions } from "./handleForgeInstalled.js";
export { linkCloudIds, type LinkCloudIdsOptions, type LinkCloudIdsReport } from "./linkCloudIds.js";
export { createMemoryTenantStore, type LifecycleStamp, type MemoryTenantStore, type Tenant, type TenantStore } from "./tenantStore.js";
export type { ErrorHook } from "./lib/hooks.js";
export { INSTALL_KEYS_URL } from "./lib/installKeys.js";
export { type ClaimsFor, type ConnectClaims, type SharedSecretLookup, type VerifyOptions } from "./lib/hs256.js";
export { DEFAULT_MAX_TOKEN_AGE, MAX_LEEWAY } from "./lib/claims.js";
export type { LifecycleEvent, LifecycleOptions } from "./lib/lifecycle.js";
export {
  FORGE_JWKS_URL,
  FORGE_STAGING_JWKS_URL,
  verifyForgeInvocationToken,
  type ForgeInvocation,
  type ForgeInvocationOptions,
} from "./verifyForgeInvocationToken.js";
export { createForgeInvocationMiddleware, type ForgeMiddleware } from "./createForgeInvocationMiddleware.js";
export { createAppVerifier, type AppIdentity, type AppVerifier, type AppVerifierOptions } from "./createAppVerifier.js";
export { createAppMiddleware } from "./createAppMiddleware.js";
export { createProductClient, type ProductClient, type ProductClientOptions, type ProductRequestInit } from "./createProductClient.js";
export type { IncomingRequest, NodeRequestLike } from "./lib/incoming.js";
export type { MiddlewareOptions, NextFunction, NodeResponseLike, WithClaims } from "./lib/node.js";
export type { InferOutput, StandardSchemaResult, StandardSchemaV1 } from "./lib/standardSchema.js";
