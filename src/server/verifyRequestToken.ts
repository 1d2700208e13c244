import { checkRequestQsh } from "./computeQsh.js";
import { JWTQshError } from "./errors.js";
import { verifyHs256, resolveOptions, type ClaimsFor, type VerifyOptions } from "./lib/hs256.js";
import { checkScheme, targetOf, tokenOf, type IncomingRequest } from "./lib/incoming.js";
import type { StandardSchemaV1 } from "./lib/standardSchema.js";
import { CONTEXT_QSH } from "./lib/contextQsh.js";

/** Options of {@link verifyRequestToken}. */
export interface RequestTokenOptions<S extends StandardSchemaV1 | undefined = undefined> extends VerifyOptions<S> {
  /** The app's base URL, exactly as in its descriptor (`baseUrl`); its path is cut from request paths for the qsh. */
  baseUrl: string | URL;
  /**
   * The scheme of the Authorization header.
   * @default "JWT"
   */
  headerScheme?: string;
}

/**
 * Verifies the **request token** Atlassian signs for one request to the app: iframe page loads (`?jwt=` in the
 * URL) and webhooks (`Authorization: JWT <token>`). Besides everything {@link verifyContextToken} checks, the
 * `qsh` claim must equal {@link computeQsh} of this request's method, path and query: a token signed for another
 * URL, and a context token (`qsh: "context-qsh"`), are both `ERR_JWT_QSH`. A request carrying two tokens
 * (header and query, or two `jwt` parameters) is `ERR_JWT_AMBIGUOUS`.
 *
 * @example
 * ```ts
 * import { verifyRequestToken } from "apkit/server";
 * // Express: the iframe page of a Jira issue panel
 * app.get("/panel", async (req, res) => {
 *   const { clientKey, context } = await verifyRequestToken(req, { baseUrl: "https://app.example.com", tenants });
 *   res.render("panel", { clientKey, context });
 * });
 * ```
 */
export async function verifyRequestToken<S extends StandardSchemaV1 | undefined = undefined>(
  request: IncomingRequest,
  options: RequestTokenOptions<S>,
): Promise<ClaimsFor<S>> {
  const resolved = resolveOptions(options, "verifyRequestToken");
  if (options.baseUrl === undefined) throw new TypeError("apkit/server: verifyRequestToken needs the app's baseUrl.");
  const scheme = checkScheme(options.headerScheme ?? "JWT");
  if (!request || typeof request !== "object") throw new TypeError("apkit/server: verifyRequestToken needs a request.");
  const { claims, qsh } = await verifyHs256(tokenOf(request, scheme, true), resolved);
  if (qsh === CONTEXT_QSH) {
    throw new JWTQshError("A context token cannot authorise this request; it needs a token signed for its URL.", { claim: "qsh" });
  }
  const { method, url } = targetOf(request);
  await checkRequestQsh(qsh, method, url, options.baseUrl);
  return claims as ClaimsFor<S>;
}
