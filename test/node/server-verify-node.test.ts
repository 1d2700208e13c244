// The same suite against the node:crypto build (what the "node" export condition selects): in the sources the
// backend module is swapped the way rollup swaps it; against dist, the built server.node.{mjs,cjs} is loaded.
import { readFileSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import { serverSuite } from "./server-suite.js";
import { forgeSuite } from "./forge-suite.js";
import type { ServerModule } from "./server-helpers.js";

const target = process.env.APKIT_TARGET ?? "src";
const distFile = new URL(`../../dist/server.node.${target === "cjs" ? "cjs" : "mjs"}`, import.meta.url);

vi.mock("../../src/server/lib/backend.js", async () =>
  (process.env.APKIT_TARGET ?? "src") === "src"
    ? await import("../../src/server/lib/backend.node.js")
    : await vi.importActual("../../src/server/lib/backend.js"),
);

async function load(): Promise<ServerModule> {
  if (target === "src") return import("../../src/server/index.js");
  return (await import(/* @vite-ignore */ distFile.href)) as ServerModule;
}

describe("the node build really uses node:crypto", () => {
  test("its HMAC is createHmac + timingSafeEqual, not crypto.subtle", async () => {
    if (target === "src") {
      const backend = await import("../../src/server/lib/backend.js");
      expect(backend.hmacVerify.toString()).toMatch(/timingSafeEqual/);
    } else {
      const code = readFileSync(distFile, "utf8");
      expect(code).toMatch(/timingSafeEqual/);
      expect(code).not.toMatch(/crypto\.subtle/);
    }
  });
});

serverSuite("node:crypto build", load);
forgeSuite("node:crypto build", load);
