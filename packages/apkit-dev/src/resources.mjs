// Forge Custom UI resources, served the way the dev host frames them: each resource on its own loopback origin
// (http://localhost:<port>), from a built directory or proxied to a dev server (hot reload, like
// `resources[].tunnel.port`), with the frame half of the emulated Custom UI host injected first into every HTML page.
// A real resource has no such script: the Forge host provides `globalThis.__bridge`; this emulation's shim does it
// here (docs/dev-host.md). @forge/bridge itself is never served: the app's bundle brings its own.
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { DevHostError } from "./errors.mjs";
import { isLoopbackUrl, listenLoopback, lookup, send, sendFile } from "./http.mjs";

export const SHIM_PATH = "/__apkit-dev/forge-bridge-shim.js";
const SHIM_TAG = `<script src="${SHIM_PATH}" data-apkit-dev="forge-bridge-shim"></script>`;

/** The HTML with the shim's script tag first in <head> (or first in the document). */
export function injectShim(html) {
  if (html.includes(SHIM_PATH)) return html;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + SHIM_TAG + html.slice(head.index + head[0].length);
  const doctype = /<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype.index + doctype[0].length : 0;
  return html.slice(0, at) + SHIM_TAG + html.slice(at);
}

/**
 * Starts the origin of one resource: `{ key, dir }` (a built directory with index.html) or `{ key, url }` (a dev
 * server on loopback, proxied, websockets included). Resolves `{ key, origin, close() }`.
 * @param {{ key: string, dir?: string, url?: string, shim: string }} spec shim: the shim script's text
 */
export async function serveResource(spec) {
  if (spec.url !== undefined && !isLoopbackUrl(spec.url)) {
    throw new DevHostError("ERR_DEV_NOT_LOOPBACK", `resource ${spec.key}: ${spec.url} is not on a loopback address`);
  }
  const target = spec.url === undefined ? undefined : new URL(spec.url);
  const handler = (req, res) => {
    const url = new URL(req.url ?? "/", "http://resource.invalid");
    if (url.pathname === SHIM_PATH) return send(res, 200, spec.shim, "text/javascript; charset=utf-8");
    if (target) return proxy(req, res, target);
    const file = lookup({ "/": spec.dir }, decodeURIComponent(url.pathname));
    if (!file) return send(res, 404, `resource ${spec.key}: no ${url.pathname} in ${spec.dir}`);
    if (/\.html?$/i.test(file)) return send(res, 200, injectShim(readFileSync(file, "utf8")), "text/html; charset=utf-8");
    sendFile(res, file);
  };
  const server = await listenLoopback(handler, { upgrade: target ? (req, socket, head) => tunnel(req, socket, head, target) : undefined });
  return { key: spec.key, origin: `http://localhost:${server.port}`, close: server.close };
}

/**
 * Where a request to the resource origin goes on the target: "/" is the target URL itself (the resource's entry),
 * anything else is resolved against the target's directory. A dev server at the root of its origin
 * (http://localhost:5173) keeps every path as it is.
 */
export function targetPath(target, requestUrl) {
  if (requestUrl === "/" || requestUrl.startsWith("/?")) return target.pathname + (requestUrl.slice(1) || target.search);
  const dir = target.pathname.replace(/[^/]*$/, "");
  return dir + requestUrl.slice(1);
}

// A dev server's answer, passed through; HTML gets the shim.
function proxy(req, res, target) {
  const headers = { ...req.headers, host: target.host };
  delete headers["accept-encoding"]; // HTML must arrive uncompressed to be rewritten
  const out = httpRequest({ hostname: target.hostname.replace(/^\[|\]$/g, ""), port: target.port || 80, path: targetPath(target, req.url ?? "/"), method: req.method, headers }, (answer) => {
    const type = String(answer.headers["content-type"] ?? "");
    if (!type.includes("text/html")) {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      return;
    }
    const chunks = [];
    answer.on("data", (c) => chunks.push(c));
    answer.on("end", () => {
      const { "content-length": _length, ...rest } = answer.headers;
      res.writeHead(answer.statusCode ?? 502, rest);
      res.end(injectShim(Buffer.concat(chunks).toString("utf8")));
    });
  });
  out.on("error", (error) => {
    if (!res.headersSent) send(res, 502, `apkit-dev: the dev server at ${target.origin} did not answer (${error.message}); is it running?`);
    else res.destroy();
  });
  req.pipe(out);
}

// Websockets (a dev server's hot reload): the upgrade request is replayed to the dev server and both sockets piped.
function tunnel(req, socket, head, target) {
  const upstream = connect(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ""), () => {
    const lines = [`${req.method} ${targetPath(target, req.url ?? "/")} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i].toLowerCase() === "host" ? target.host : req.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const end = () => {
    upstream.destroy();
    socket.destroy();
  };
  for (const side of [upstream, socket]) {
    side.on("error", end);
    side.on("close", end);
  }
}
