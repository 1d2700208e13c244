// The same suite against the node:crypto build (what the "node" export condition selects): in the sources,
// "#backend" resolves under the "node" condition (package.json "imports"), as in Node and the rollup build; against
// dist, the built server.node.{mjs,cjs} is loaded.
import { readFileSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import { serverSuite } from "./server-suite.js";
import { forgeSuite } from "./forge-suite.js";
import { securityReview2Suite } from "./security-review-2.js";
import type { ServerModule } from "./server-helpers.js";

const target = process.env.APKIT_TARGET ?? "src";
const distFile = new URL(`../../dist/server.node.${target === "cjs" ? "cjs" : "mjs"}`, import.meta.url);

async function load(): Promise<ServerModule> {
  if (target === "src") return import("../../src/server/index.js");
  return (await import(/* @vite-ignore */ distFile.href)) as ServerModule;
}

describe("the node build really uses node:crypto", () => {
  test("its HMAC is createHmac + timingSafeEqual, not crypto.subtle", async () => {
    if (target === "src") {
      const backend = await import("#backend");
      expect(backend.hmacVerify.toString()).toMatch(/timingSafeEqual/);
    } else {
      const code = readFileSync(distFile, "utf8");
      expect(code).toMatch(/timingSafeEqual/);
      expect(code).not.toMatch(/crypto\.subtle/);
    }
  });

  test("the loaded server module hashes with node:crypto: crypto.subtle is never asked", async () => {
    const { computeQsh } = await load();
    const digest = vi.spyOn(crypto.subtle, "digest");
    expect(await computeQsh("GET", "/rest/api/3/myself")).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toHaveBeenCalled();
  });
});

serverSuite("node:crypto build", load);
forgeSuite("node:crypto build", load);
securityReview2Suite("node:crypto build", load);
