// Minimal structural types for Node http / Express, so apkit/server's types need neither @types/node nor express.
import { isAPKitServerError, publicAnswer } from "../errors.js";
import type { ErrorHook } from "./hooks.js";
import type { NodeRequestLike } from "./incoming.js";

/** A Node `ServerResponse` or Express `Response`, as far as apkit uses it. */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent?: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader?(name: string): unknown;
  removeHeader?(name: string): unknown;
  /** Node writes the headers through it (also implicitly, on the first write): session tokens check the answer there. */
  writeHead?(statusCode: number, ...rest: unknown[]): unknown;
  end(chunk?: unknown): unknown;
  /** Express's per-response bag; apkit puts the claims at `res.locals.apkit`. */
  locals?: Record<string, unknown>;
}

/** `next` of Express/connect middleware. */
export type NextFunction = (error?: unknown) => void;

/** A request after an apkit middleware let it through: `req.apkit` holds the verified claims. */
export type WithClaims<Req, Claims> = Req & { apkit?: Claims };

/** What every apkit middleware takes besides its verifier's options. */
export interface MiddlewareOptions {
  /**
   * A log hook: each refusal the middleware answers, as the coded error with its real reason (an unknown tenant, a
   * FIT linked to no tenant, an expired token ...), while the answer stays the same generic refusal, so nobody can
   * learn from it which sites have the app installed.
   */
  onError?: ErrorHook<NodeRequestLike>;
}

/** @internal Answers an error as JSON (see `errorResponse`); false when the answer has already begun. */
export function sendError(res: NodeResponseLike, error: unknown, scheme = "JWT"): boolean {
  if (res.headersSent) return false;
  const { status, code, message } = publicAnswer(error);
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("cache-control", "no-store");
  if (status === 401) res.setHeader("www-authenticate", scheme);
  res.end(JSON.stringify({ error: { code, message } }));
  return true;
}

/**
 * @internal What a Node handler does with an error it did not expect (a failing tenant store, a throwing lookup):
 * Express gets it through `next(error)`. Plain Node http has no `next`, and a rejected promise there kills the
 * process on an unhandled rejection, so the request is answered 500 and the error logged, as Express's default
 * handler does.
 */
export function unexpected(res: NodeResponseLike, error: unknown, next: NextFunction | undefined): void {
  if (next) return next(error);
  console.error("[apkit/server] unexpected error while handling a request:", error);
  if (!sendError(res, error)) res.end();
}

/**
 * @internal The common body of the verifying middlewares: what `verify` resolves goes to `req[field]` and
 * `res.locals[field]` (`apkit` for Connect claims and app identities, `forge` for Forge invocations).
 */
export function middleware<Claims>(
  verify: (req: NodeRequestLike) => Promise<Claims>,
  { field = "apkit", scheme = "JWT", onError }: { field?: "apkit" | "forge"; scheme?: string; onError?: ErrorHook<NodeRequestLike> | undefined } = {},
): (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<Claims | undefined> {
  return async (req, res, next) => {
    let claims: Claims;
    try {
      claims = await verify(req);
    } catch (error) {
      // By the brand, not instanceof: an error of another copy of apkit/server is answered as what it is, too.
      if (!isAPKitServerError(error)) return void unexpected(res, error, next);
      try {
        onError?.(error, req);
      } catch (hookError) {
        return void unexpected(res, hookError, next);
      }
      sendError(res, error, scheme);
      return undefined;
    }
    // An app identity of a Forge call carries its invocation: it goes to `forge` as well.
    const forge = field === "apkit" ? (claims as { forge?: unknown }).forge : undefined;
    const bag = req as unknown as Record<string, unknown>;
    bag[field] = claims;
    if (forge) bag.forge = forge;
    if (res.locals && typeof res.locals === "object") {
      res.locals[field] = claims;
      if (forge) res.locals.forge = forge;
    }
    next?.();
    return claims;
  };
}
