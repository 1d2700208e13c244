// HTTP plumbing of the dev host: loopback listeners, static files, small answers. Every server here listens on
// loopback only (127.0.0.1, and [::1] on the same port when the machine has it, because browsers may try [::1] first
// for "localhost"); nothing ever binds another interface.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { DevHostError } from "./errors.mjs";

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/** Whether `url` (a string or URL) is an http(s) URL on a loopback address. */
export function isLoopbackUrl(url) {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && LOOPBACK_HOST.test(u.hostname);
  } catch {
    return false;
  }
}

/**
 * Listens with `handler` on 127.0.0.1:`port` (0: a free port) and on [::1] with the same port when available.
 * Resolves `{ port, close() }`; close ends open connections too (a hung request must not keep the host alive).
 */
export async function listenLoopback(handler, { port = 0, upgrade } = {}) {
  const servers = [createServer(handler)];
  await new Promise((ok, fail) => {
    servers[0].once("error", (error) =>
      fail(error.code === "EADDRINUSE" ? new DevHostError("ERR_DEV_PORT_IN_USE", `port ${port} on 127.0.0.1 is in use: pass another --port (0 picks a free one)`, { cause: error }) : error),
    );
    servers[0].listen(port, "127.0.0.1", ok);
  });
  const bound = servers[0].address().port;
  const six = createServer(handler);
  const has6 = await new Promise((ok) => {
    six.once("error", () => ok(false));
    six.listen(bound, "::1", () => ok(true));
  });
  if (has6) servers.push(six);
  // Upgraded sockets (websockets) leave the HTTP server's books: kept here so that close ends them too.
  const upgraded = new Set();
  if (upgrade) {
    for (const s of servers) {
      s.on("upgrade", (req, socket, head) => {
        upgraded.add(socket);
        socket.on("close", () => upgraded.delete(socket));
        upgrade(req, socket, head);
      });
    }
  }
  return {
    port: bound,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise((ok) => {
              s.close(() => ok());
              s.closeAllConnections();
              for (const socket of upgraded) socket.destroy();
            }),
        ),
      ).then(() => undefined),
  };
}

/** Sends a whole answer. */
export function send(res, status, body, type = "text/plain; charset=utf-8", headers = {}) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
  res.end(body);
}

/** Sends JSON. */
export function sendJson(res, status, value, headers = {}) {
  send(res, status, JSON.stringify(value), "application/json; charset=utf-8", headers);
}

/** A coded error as JSON: `{ error: { code, message } }`. */
export function sendError(res, status, code, message) {
  sendJson(res, status, { error: { code, message } });
}

/** Reads a request body as text, refusing more than `limit` bytes. */
export function readBody(req, limit = 5 * 1024 * 1024) {
  return new Promise((ok, fail) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        fail(new DevHostError("ERR_DEV_BODY_TOO_LARGE", `request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

/** Reads a JSON request body; a body that is not JSON is a coded error. */
export async function readJson(req) {
  const text = await readBody(req);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DevHostError("ERR_DEV_BAD_REQUEST", "the request body is not JSON", { cause: error });
  }
}

/**
 * The file a URL path names under a table of mounts (prefix ending in "/" -> directory, exact path -> file); a
 * directory answers its index.html. No "../" escapes. `undefined` when nothing matches.
 */
export function lookup(mounts, pathname) {
  for (const [prefix, target] of Object.entries(mounts).sort((a, b) => b[0].length - a[0].length)) {
    if (prefix.endsWith("/") ? !pathname.startsWith(prefix) : pathname !== prefix) continue;
    let file = prefix.endsWith("/") ? normalize(join(target, pathname.slice(prefix.length))) : target;
    if (prefix.endsWith("/") && !(file + sep).startsWith(normalize(target.endsWith(sep) ? target : target + sep))) return undefined;
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Streams a file with its content type. */
export function sendFile(res, file, headers = {}) {
  res.writeHead(200, { "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream", "cache-control": "no-store", ...headers });
  createReadStream(file).pipe(res);
}
