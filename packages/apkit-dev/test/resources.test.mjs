// Forge resources from a dev server (proxied, hot-reload websocket included) and the app tokens of backend calls.
import { createHmac } from "node:crypto";
import { connect } from "node:net";
import { computeQsh } from "apkit/server";
import { afterAll, describe, expect, test } from "vitest";
import { decodeFrames, encodeFrame } from "../src/channel.mjs";
import { verifyAppToken } from "../src/connect.mjs";
import { startDevHost } from "../src/index.mjs";
import { injectShim, serveResource, targetPath } from "../src/resources.mjs";
import { serve } from "./support.mjs";

const closers = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe("a resource from a dev server", () => {
  test("is proxied on its own origin: HTML gets the shim, other files pass through, the dev server's websocket too", async () => {
    const dev = await serve((req, res) => {
      if (req.url === "/" || req.url === "/index.html") {
        const page = "<!doctype html><html><head></head><body>dev</body></html>  ";
        // Its length changes with the shim: the proxy must not pass this header on.
        res.writeHead(200, { "content-type": "text/html", "content-length": String(Buffer.byteLength(page)) });
        return res.end(page);
      }
      if (req.url === "/src/main.js") {
        res.writeHead(200, { "content-type": "text/javascript" });
        return res.end("export const hot = 1;");
      }
      res.writeHead(404);
      res.end();
    });
    // A websocket-like upgrade: the dev server answers 101 and echoes what it gets.
    dev.server.on("upgrade", (req, socket) => {
      closers.push(() => socket.destroy());
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-path: ${req.url}\r\n\r\n`);
      socket.on("data", (d) => socket.write(d));
    });
    closers.push(dev.close);
    const resource = await serveResource({ key: "main", url: dev.url, shim: "/* shim */" });
    closers.push(resource.close);

    const html = await (await fetch(`${resource.origin}/`)).text();
    expect(html).toBe('<!doctype html><html><head><script src="/__apkit-dev/forge-bridge-shim.js" data-apkit-dev="forge-bridge-shim"></script></head><body>dev</body></html>  ');
    expect(await (await fetch(`${resource.origin}/src/main.js`)).text()).toBe("export const hot = 1;");
    expect(await (await fetch(`${resource.origin}/__apkit-dev/forge-bridge-shim.js`)).text()).toBe("/* shim */");
    expect((await fetch(`${resource.origin}/nothing`)).status).toBe(404);

    const port = Number(new URL(resource.origin).port);
    const echoed = await new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(`GET /hmr?token=1 HTTP/1.1\r\nHost: localhost:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`));
      let seen = "";
      socket.on("data", (d) => {
        seen += d;
        if (seen.includes("\r\n\r\n") && !seen.includes("ping")) socket.write("ping");
        if (seen.endsWith("ping")) {
          socket.destroy();
          resolve(seen);
        }
      });
      socket.on("error", reject);
    });
    expect(echoed).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(echoed).toContain("x-path: /hmr?token=1");
  });

  test("a dev server that is not running: 502 saying so", async () => {
    const gone = await serve(() => {});
    await gone.close();
    const resource = await serveResource({ key: "main", url: gone.url, shim: "" });
    closers.push(resource.close);
    const res = await fetch(`${resource.origin}/`);
    expect([res.status, await res.text()]).toEqual([502, expect.stringContaining("is it running?")]);
  });

  test("only on loopback", async () => {
    await expect(serveResource({ key: "main", url: "https://cdn.example.com/app/", shim: "" })).rejects.toMatchObject({ code: "ERR_DEV_NOT_LOOPBACK" });
  });

  test("a URL with a page: / is that page, other paths are next to it", () => {
    const page = new URL("http://localhost:5000/examples/two/forge.html");
    expect([targetPath(page, "/"), targetPath(page, "/app.mjs"), targetPath(page, "/apkit/index.mjs")]).toEqual(["/examples/two/forge.html", "/examples/two/app.mjs", "/examples/two/apkit/index.mjs"]);
    const root = new URL("http://localhost:5173");
    expect([targetPath(root, "/"), targetPath(root, "/@vite/client")]).toEqual(["/", "/@vite/client"]);
  });

  test("the shim goes first, once, with or without a <head>", () => {
    expect(injectShim("<html><head><meta charset=utf-8></head></html>")).toMatch(/^<html><head><script src="\/__apkit-dev\/forge-bridge-shim\.js"/);
    expect(injectShim("<!DOCTYPE html><p>no head</p>")).toMatch(/^<!DOCTYPE html><script src=/);
    const once = injectShim("<head></head>");
    expect(injectShim(once)).toBe(once);
  });
});

describe("an app backend's product calls", () => {
  const secret = "s3cret-for-this-test-only";
  const sign = (claims) => {
    const enc = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const input = `${enc({ typ: "JWT", alg: "HS256" })}.${enc(claims)}`;
    return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
  };
  const base = "http://127.0.0.1:4600";
  const check = (token, url = `${base}/rest/api/3/issue/ABC-1`) =>
    verifyAppToken({ method: "GET", url, authorization: `JWT ${token}` }, { baseUrl: base, secretOf: (key) => (key === "my-app" ? secret : undefined) });

  test("accepted: HS256 by the app's secret, not expired, the qsh of this request", async () => {
    const qsh = await computeQsh("GET", `${base}/rest/api/3/issue/ABC-1`, base);
    expect(await check(sign({ iss: "my-app", iat: 1, exp: Math.floor(Date.now() / 1000) + 60, qsh }))).toBe("my-app");
  });

  test.each([
    ["another request's qsh", async () => ({ iss: "my-app", exp: Math.floor(Date.now() / 1000) + 60, qsh: await computeQsh("GET", `${base}/rest/api/3/issue/ABC-2`, base) }), "qsh"],
    ["expired", async () => ({ iss: "my-app", exp: 1, qsh: await computeQsh("GET", `${base}/rest/api/3/issue/ABC-1`, base) }), "expired"],
    ["an app that is not installed", async () => ({ iss: "other-app", exp: Math.floor(Date.now() / 1000) + 60 }), "no installed app"],
  ])("refused: %s", async (name, claims, message) => {
    await expect(check(sign(await claims()))).rejects.toMatchObject({ code: "ERR_DEV_PRODUCT_AUTH", message: expect.stringContaining(message) });
  });
});

describe("the host page's channel", () => {
  const masked = (opcode, text, fin = true) => {
    const payload = Buffer.from(text);
    const mask = Buffer.from([1, 2, 3, 4]);
    const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
    const head = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | payload.length]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, payload.length >> 8, payload.length & 255]);
    return Buffer.concat([head, mask, body]);
  };

  test("frames: masked client frames decoded (whole, split across chunks, fragmented); server frames of every length class", () => {
    const seen = [];
    const onFrame = (opcode, fin, payload) => seen.push([opcode, fin, payload.toString()]);
    const long = "x".repeat(300);
    const all = Buffer.concat([masked(1, "hello"), masked(1, long), masked(1, "frag-", false), masked(0, "ment")]);
    let rest = decodeFrames(all.subarray(0, 7), onFrame); // a frame cut in the middle waits for the rest
    expect(seen).toEqual([]);
    rest = decodeFrames(Buffer.concat([rest, all.subarray(7)]), onFrame);
    expect(rest.length).toBe(0);
    expect(seen).toEqual([[1, true, "hello"], [1, true, long], [1, false, "frag-"], [0, true, "ment"]]);
    expect(() => decodeFrames(Buffer.from([0x81, 0x01, 0x41]), onFrame)).toThrow(expect.objectContaining({ code: "ERR_DEV_BAD_REQUEST" }));
    expect([...encodeFrame(1, Buffer.from("hi"))]).toEqual([0x81, 2, 104, 105]);
    expect([...encodeFrame(1, Buffer.alloc(300)).subarray(0, 4)]).toEqual([0x81, 126, 1, 44]);
    expect([...encodeFrame(1, Buffer.alloc(70000)).subarray(0, 10)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]);
  });

  test("answers the host page's origin only, and every operation over it", async () => {
    const host = await startDevHost();
    closers.push(host.close);
    const upgrade = (origin, host_) =>
      new Promise((resolve, reject) => {
        const socket = connect(host.port, "127.0.0.1", () =>
          socket.write(`GET /__dev/channel HTTP/1.1\r\nHost: ${host_}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`),
        );
        let seen = Buffer.alloc(0);
        socket.on("data", (d) => {
          seen = Buffer.concat([seen, d]);
          const text = seen.toString("latin1");
          if (text.startsWith("HTTP/1.1 403")) {
            socket.destroy();
            resolve({ status: 403 });
          } else if (text.includes("\r\n\r\n") && text.startsWith("HTTP/1.1 101")) {
            // the RFC's sample key and its accept value
            expect(text).toContain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            const frames = seen.subarray(text.indexOf("\r\n\r\n") + 4);
            if (!frames.length) return socket.write(masked(1, JSON.stringify({ id: 7, op: "product/rest", body: { method: "GET", url: "/rest/api/3/issue/ABC-1", frame: { platform: "connect" } } })));
            const { value } = JSON.parse(frames.subarray(frames[1] === 126 ? 4 : 2).toString());
            socket.destroy();
            resolve({ status: 101, value });
          }
        });
        socket.on("error", reject);
      });
    expect(await upgrade(host.appOrigin, `127.0.0.1:${host.port}`)).toEqual({ status: 403 });
    expect(await upgrade(host.hostOrigin, `localhost:${host.port}`)).toEqual({ status: 403 });
    const ok = await upgrade(host.hostOrigin, `127.0.0.1:${host.port}`);
    expect([ok.status, ok.value.status, JSON.parse(ok.value.body).key]).toEqual([101, 200, "ABC-1"]);
  });
});
