import { verifyHs256, resolveOptions, type ClaimsFor, type VerifyOptions } from "./lib/hs256.js";
import type { StandardSchemaV1 } from "./lib/standardSchema.js";
import { JWTQshError } from "./errors.js";
import { CONTEXT_QSH } from "./lib/contextQsh.js";


/**
 * Verifies a Connect **context token**, the HS256 JWT an iframe gets from `AP.context.getToken()` and sends to
 * its own backend (apkit's `apFetch` does it for you), and returns its typed claims.
 *
 * Rejected, each with its own code: anything over `maxTokenLength` before decoding (`ERR_JWT_TOO_LARGE`); not
 * exactly three strict-base64url segments or a header/payload that is not a UTF-8 JSON object
 * (`ERR_JWT_MALFORMED`); an `alg` other than exactly `"HS256"` (`ERR_JWT_ALG`); an `iss` no tenant has
 * (`ERR_JWT_TENANT`: the secret is looked up by `iss` and nothing else); a signature that does not match, checked
 * in constant time (`ERR_JWT_SIGNATURE`); a missing or mistyped `iss`/`sub`/`iat`/`exp` (`ERR_JWT_CLAIM`);
 * `exp` passed or `nbf` not reached beyond `leeway` (`ERR_JWT_EXPIRED`, `ERR_JWT_NOT_YET_VALID`); a `qsh` other
 * than `"context-qsh"` (`ERR_JWT_QSH`: a request token is not a context token).
 *
 * @example
 * ```ts
 * import { verifyContextToken } from "apkit/server";
 * const claims = await verifyContextToken(token, {
 *   getSharedSecret: async (clientKey) => (await db.tenant(clientKey))?.sharedSecret,
 * });
 * claims.clientKey; claims.accountId; claims.context.jira;
 * ```
 */
export async function verifyContextToken<S extends StandardSchemaV1 | undefined = undefined>(
  token: string,
  options: VerifyOptions<S>,
): Promise<ClaimsFor<S>> {
  const { claims, qsh } = await verifyHs256(token, resolveOptions(options, "verifyContextToken"));
  checkContextQsh(qsh);
  return claims as ClaimsFor<S>;
}

/** @internal */
export function checkContextQsh(qsh: string): void {
  if (qsh !== CONTEXT_QSH) {
    throw new JWTQshError(`A context token has qsh "${CONTEXT_QSH}"; this token is bound to one request instead.`, { claim: "qsh" });
  }
}
