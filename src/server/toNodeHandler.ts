import type { NodeRequestLike } from "./lib/incoming.js";
import { BodyTooLargeError } from "./errors.js";
import { sendError, unexpected, type NextFunction, type NodeResponseLike } from "./lib/node.js";

/** A Node request that can be read as a stream (IncomingMessage), possibly already parsed by a body parser. */
export interface ReadableNodeRequest extends NodeRequestLike {
  /** Set by Express body parsers; used instead of reading the stream. */
  body?: unknown;
  [Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

/** Options of {@link toNodeHandler}. */
export interface ToNodeHandlerOptions {
  /**
   * The largest request body read from the stream, in bytes; larger ones are answered 413.
   * @default 1048576
   */
  maxBodyBytes?: number;
}

const HOP_BY_HOP = new Set(["connection", "content-length", "keep-alive", "transfer-encoding", "upgrade", "host"]);

/**
 * Runs a Web-API handler (`Request` in, `Response` out, such as {@link handleInstalled}) as a Node http / Express
 * handler. The body is taken from Express's `req.body` when a body parser already consumed it, otherwise read
 * from the stream (up to `maxBodyBytes`). Errors of the handler go to `next(error)` when there is a `next`;
 * without one (plain Node http) they are logged and answered 500, so the returned promise never rejects.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { handleInstalled, handleUninstalled, toNodeHandler } from "apkit/server";
 * const lifecycle = { baseUrl: "https://app.example.com", tenants };
 * app.post("/installed", toNodeHandler((request) => handleInstalled(request, lifecycle)));
 * app.post("/uninstalled", toNodeHandler((request) => handleUninstalled(request, lifecycle)));
 * ```
 */
export function toNodeHandler(
  handler: (request: Request) => Response | Promise<Response>,
  options: ToNodeHandlerOptions = {},
): (req: ReadableNodeRequest, res: NodeResponseLike, next?: NextFunction) => Promise<void> {
  if (typeof handler !== "function") throw new TypeError("apkit/server: toNodeHandler needs a (request) => Response function.");
  const limit = options.maxBodyBytes ?? 1_048_576;
  return async (req, res, next) => {
    try {
      const body = await readBody(req, limit);
      if (body === TOO_LARGE) {
        sendError(res, new BodyTooLargeError(`The body is larger than ${limit} bytes.`, { limit }));
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const host = typeof req.headers.host === "string" && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : "localhost";
      const method = (req.method ?? "GET").toUpperCase();
      const request = new Request(`http://${host}${req.originalUrl ?? req.url ?? "/"}`, {
        method,
        headers,
        body: method === "GET" || method === "HEAD" ? undefined : body,
      });
      const response = await handler(request);
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie?.() ?? [];
      if (cookies.length) res.setHeader("set-cookie", cookies);
      res.end(response.body ? new Uint8Array(await response.arrayBuffer()) : undefined);
    } catch (error) {
      unexpected(res, error, next);
    }
  };
}

const TOO_LARGE = Symbol("too large");

async function readBody(req: ReadableNodeRequest, limit: number): Promise<Uint8Array<ArrayBuffer> | string | undefined | typeof TOO_LARGE> {
  if (req.body !== undefined) {
    const b = req.body;
    if (typeof b === "string") return b;
    if (b instanceof Uint8Array) return new Uint8Array(b);
    return JSON.stringify(b);
  }
  if (typeof req[Symbol.asyncIterator] !== "function") return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<unknown>) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > limit) return TOO_LARGE;
    chunks.push(bytes);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
