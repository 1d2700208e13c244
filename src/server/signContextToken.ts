import { signHs256 } from "./lib/jws.js";
import { CONTEXT_QSH } from "./lib/contextQsh.js";

/** Claims for {@link signContextToken}; anything else given is signed as is. */
export interface ContextTokenClaims {
  /** The tenant's clientKey. */
  iss: string;
  /** The user's Atlassian account id. */
  sub?: string;
  /** The product context, e.g. `{ jira: { issue: { id: "10000" } } }`. */
  context?: Record<string, unknown>;
  /** @default "context-qsh" */
  qsh?: string;
  /** Issued at, in seconds. @default now */
  iat?: number;
  /** Expires at, in seconds. @default iat + 900 (15 minutes, like a real context token) */
  exp?: number;
  [claim: string]: unknown;
}

/** Options of {@link signContextToken}. */
export interface SignContextTokenOptions {
  /**
   * The current time in milliseconds, for the default `iat`.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * Signs an HS256 context token the way an Atlassian product does (header `{"typ":"JWT","alg":"HS256"}`), for
 * tests, local development and mock hosts. Works in Node, browsers and jsdom. Claims keep their order; missing
 * `qsh`, `iat` and `exp` are added after them. Never ship a shared secret to a browser outside tests.
 *
 * @example
 * ```ts
 * import { signContextToken, verifyContextToken } from "apkit/server";
 * const secret = crypto.randomUUID();
 * const token = await signContextToken({ iss: "client-1", sub: "557058:user", context: {} }, secret);
 * await verifyContextToken(token, { getSharedSecret: () => secret });
 * ```
 */
export async function signContextToken(
  claims: ContextTokenClaims,
  sharedSecret: string,
  options: SignContextTokenOptions = {},
): Promise<string> {
  if (!claims || typeof claims !== "object" || typeof claims.iss !== "string") {
    throw new TypeError("apkit/server: signContextToken needs claims with an iss (the clientKey).");
  }
  if (typeof sharedSecret !== "string" || sharedSecret === "") {
    throw new TypeError("apkit/server: signContextToken needs a non-empty shared secret.");
  }
  const payload: Record<string, unknown> = { ...claims };
  const iat = claims.iat ?? Math.floor((options.now ?? Date.now)() / 1000);
  if (payload.qsh === undefined) payload.qsh = CONTEXT_QSH;
  if (payload.iat === undefined) payload.iat = iat;
  if (payload.exp === undefined) payload.exp = iat + 900;
  return signHs256(payload, sharedSecret);
}
