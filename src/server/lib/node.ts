// Minimal structural types for Node http / Express, so apkit/server's types need neither @types/node nor express.
import { APKitServerError, httpStatusOf } from "../errors.js";
import type { NodeRequestLike } from "./incoming.js";

/** A Node `ServerResponse` or Express `Response`, as far as apkit uses it. */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent?: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  end(chunk?: unknown): unknown;
  /** Express's per-response bag; apkit puts the claims at `res.locals.apkit`. */
  locals?: Record<string, unknown>;
}

/** `next` of Express/connect middleware. */
export type NextFunction = (error?: unknown) => void;

/** A request after an apkit middleware let it through: `req.apkit` holds the verified claims. */
export type WithClaims<Req, Claims> = Req & { apkit?: Claims };

/** @internal Answers a coded error as JSON; false when the error is not one of ours. */
export function sendError(res: NodeResponseLike, error: unknown): boolean {
  if (!(error instanceof APKitServerError) || res.headersSent) return false;
  const status = httpStatusOf(error);
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("cache-control", "no-store");
  if (status === 401) res.setHeader("www-authenticate", "JWT");
  res.end(JSON.stringify({ error: { code: error.code, message: error.message } }));
  return true;
}

/** @internal The common body of the verifying middlewares. */
export function middleware<Claims>(
  verify: (req: NodeRequestLike) => Promise<Claims>,
): (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<Claims | undefined> {
  return async (req, res, next) => {
    let claims: Claims;
    try {
      claims = await verify(req);
    } catch (error) {
      if (sendError(res, error)) return undefined;
      if (next) {
        next(error);
        return undefined;
      }
      throw error;
    }
    (req as WithClaims<NodeRequestLike, Claims>).apkit = claims;
    if (res.locals && typeof res.locals === "object") res.locals.apkit = claims;
    next?.();
    return claims;
  };
}
