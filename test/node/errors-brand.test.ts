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
