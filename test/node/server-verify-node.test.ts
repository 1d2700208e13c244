// The same suite against the node:crypto build (what the "node" export condition selects): in the sources the
// backend module is swapped the way rollup swaps it; against dist, the built server.node.{mjs,cjs} is loaded.
import { describe, expect, test, vi } from "vitest";
import { serverSuite } from "./server-suite.js";
import type { ServerModule } from "./server-helpers.js";

const target = process.env.APKIT_TARGET ?? "src";

vi.mock("../../src/server/lib/backend.ts", async () =>
  process.env.APKIT_TARGET === "src" || process.env.APKIT_TARGET === undefined
    ? await import("../../src/server/lib/backend.node.ts")
    : await vi.importActual("../../src/server/lib/backend.ts"),
);

async function load(): Promise<ServerModule> {
  if (target === "esm") return (await import("../../dist/server.node.mjs")) as unknown as ServerModule;
  if (target === "cjs") return (await import("../../dist/server.node.cjs")) as unknown as ServerModule;
  return import("../../src/server/index.ts");
}

describe("the node build really uses node:crypto", () => {
  test("its backend is node:crypto's", async () => {
    if (target === "src") {
      const backend = await import("../../src/server/lib/backend.ts");
      expect(backend.hmacVerify.toString()).toMatch(/timingSafeEqual/);
    } else {
      const { readFileSync } = await import("node:fs");
      const file = new URL(`../../dist/server.node.${target === "esm" ? "mjs" : "cjs"}`, import.meta.url);
      const code = readFileSync(file, "utf8");
      expect(code).toMatch(/node:crypto/);
      expect(code).not.toMatch(/crypto\.subtle/);
    }
  });
});

serverSuite("node:crypto build", load);
