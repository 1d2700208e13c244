// A leaf module: signContextToken (also bundled into apkit/testing) needs the constant without the verifier's
// zod schemas.
/**
 * The fixed `qsh` claim of context tokens (what `AP.context.getToken()` returns), as opposed to the hash of one
 * request that request tokens carry.
 *
 * @example
 * ```ts
 * import { CONTEXT_QSH, signContextToken } from "apkit/server";
 * const token = await signContextToken({ iss: "client-1", sub: "557058:u", qsh: CONTEXT_QSH }, secret);
 * ```
 */
export const CONTEXT_QSH = "context-qsh";
