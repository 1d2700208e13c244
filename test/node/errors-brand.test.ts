// isAPKitError / isAPKitServerError recognise errors made by another copy of apkit (the ESM and the CJS build loaded
// side by side, the dual-package case where instanceof fails), and nothing else.
import { createRequire } from "node:module";
import { expect, test } from "vitest";

const require = createRequire(import.meta.url);
const dist = (file: string) => new URL(`../../dist/${file}`, import.meta.url);

test.runIf(process.env.APKIT_TARGET === "esm")("an error of the CJS build is an apkit error to the ESM build, with its code", async () => {
  const esm = await import(/* @vite-ignore */ dist("index.mjs").href);
  const cjs = require(dist("index.cjs").pathname);
  const foreign = new cjs.HttpError("x", { status: 404, statusText: "Not Found", body: null, headers: new Headers(), url: "/x" });
  expect(foreign instanceof esm.APKitError).toBe(false); // why the brand exists
  expect(esm.isAPKitError(foreign)).toBe(true);
  expect(esm.isAPKitError(foreign, "ERR_HTTP_STATUS")).toBe(true);
  expect(esm.isAPKitError(foreign, "ERR_TIMEOUT")).toBe(false);
  for (const other of [new Error("x"), Object.assign(new Error("x"), { code: "ERR_HTTP_STATUS" }), { code: "ERR_HTTP_STATUS" }, null, "ERR_HTTP_STATUS"]) {
    expect(esm.isAPKitError(other)).toBe(false);
  }
  const server = await import(/* @vite-ignore */ dist("server.mjs").href);
  const serverCjs = require(dist("server.node.cjs").pathname);
  expect(server.isAPKitServerError(new serverCjs.JWTTenantError("k"), "ERR_JWT_TENANT")).toBe(true);
  expect(server.isAPKitServerError(foreign)).toBe(false);
});

test.runIf(process.env.APKIT_TARGET === "esm")("issue 24: an error of another copy of apkit/server answers its own status, not 500", async () => {
  const server = await import(/* @vite-ignore */ dist("server.mjs").href);
  const other = require(dist("server.node.cjs").pathname);
  const conflict = new other.TenantConflictError("x", { conflict: "replayed" });
  const down = new other.JWKSUnavailableError("The key set https://keys.internal/jwks could not be fetched.", { url: "https://keys.internal/jwks" });
  expect(conflict instanceof server.APKitServerError).toBe(false);
  expect(server.httpStatusOf(conflict)).toBe(409);
  expect(server.httpStatusOf(down)).toBe(503);
  const answer = server.errorResponse(down);
  expect(answer.status).toBe(503);
  expect(await answer.json()).toEqual({ error: { code: "ERR_JWKS_UNAVAILABLE", message: "The keys that verify the token cannot be fetched now; try again later." } });
  // The middlewares go by the brand too: a foreign coded error from the lookup is answered, not handed to next().
  const middleware = server.createContextTokenMiddleware({ getSharedSecret: () => Promise.reject(down) });
  const headers: Record<string, unknown> = {};
  const res = { statusCode: 200, setHeader: (name: string, value: unknown) => void (headers[name] = value), end: (body?: unknown) => void (headers.body = body) };
  let passedOn: unknown;
  const token = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"iss":"k","sub":"u","qsh":"context-qsh","iat":1,"exp":2}').toString("base64url")}.${"A".repeat(43)}`;
  await middleware({ method: "GET", url: "/", headers: { authorization: `JWT ${token}` } }, res, (error?: unknown) => void (passedOn = error));
  expect(passedOn).toBeUndefined();
  expect(res.statusCode).toBe(503);
});
