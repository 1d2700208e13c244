import { verifyHs256, resolveOptions, type ClaimsFor, type ConnectClaims, type VerifyOptions } from "./lib/hs256.js";
import { checkScheme, tokenOf, type IncomingRequest } from "./lib/incoming.js";
import type { StandardSchemaV1 } from "./lib/standardSchema.js";
import { checkContextQsh } from "./verifyContextToken.js";

/** Options of {@link createContextTokenVerifier}. */
export interface ContextTokenVerifierOptions<S extends StandardSchemaV1 | undefined = undefined> extends VerifyOptions<S> {
  /**
   * The scheme of the Authorization header (`Authorization: JWT <token>`); match apFetch's `headerScheme`.
   * @default "JWT"
   */
  headerScheme?: string;
}

/** Verifies the context token of a request and resolves its claims, or rejects with a coded error. */
export type ContextTokenVerifier<S extends StandardSchemaV1 | undefined = undefined> = (
  request: IncomingRequest,
) => Promise<ClaimsFor<S>>;

/**
 * Makes a verifier for requests that carry a context token in `Authorization: JWT <token>`, for Web-API runtimes
 * (`Request` in: Next.js route handlers, Hono, workers, Deno, Bun) and Node/Express requests alike. Options are
 * checked once, here. A `?jwt=` query token is refused (context tokens belong in the header), and a request with
 * both is ambiguous (`ERR_JWT_AMBIGUOUS`). Everything else is {@link verifyContextToken}.
 *
 * @example
 * ```ts
 * import { createContextTokenVerifier, httpStatusOf } from "apkit/server";
 * const verify = createContextTokenVerifier({ getSharedSecret: (clientKey) => secrets.get(clientKey) });
 * export async function GET(request: Request) {
 *   try {
 *     const { clientKey, accountId } = await verify(request);
 *     return Response.json(await listItems(clientKey, accountId));
 *   } catch (error) {
 *     return Response.json({ error: String(error) }, { status: httpStatusOf(error) });
 *   }
 * }
 * ```
 */
export function createContextTokenVerifier<S extends StandardSchemaV1 | undefined = undefined>(
  options: ContextTokenVerifierOptions<S>,
): ContextTokenVerifier<S> {
  const verify = contextVerifier(options, "createContextTokenVerifier");
  return async (request) => (await verify(request)).claims as ClaimsFor<S>;
}

/** @internal The context-token verifier that also hands back the tenant's secret (for session tokens). */
export function contextVerifier(
  options: ContextTokenVerifierOptions<StandardSchemaV1 | undefined>,
  fn: string,
): (request: IncomingRequest) => Promise<{ claims: ConnectClaims<unknown>; secret: string }> {
  const resolved = resolveOptions(options, fn);
  const scheme = checkScheme(options.headerScheme ?? "JWT");
  return async (request) => {
    if (!request || typeof request !== "object") throw new TypeError("apkit/server: the verifier needs a request.");
    const { claims, qsh, secret } = await verifyHs256(tokenOf(request, scheme, false), resolved);
    checkContextQsh(qsh);
    return { claims, secret };
  };
}
