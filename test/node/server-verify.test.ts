// apkit/server as "apkit/server" resolves in this project: the sources, or dist/server.{mjs,cjs} (the Web Crypto
// build every non-Node runtime gets).
import { expect, test, vi } from "vitest";
import { serverSuite } from "./server-suite.js";
import { forgeSuite } from "./forge-suite.js";
import { securityReview2Suite } from "./security-review-2.js";

test("the web crypto build hashes with crypto.subtle", async () => {
  const { computeQsh } = await import("apkit/server");
  const digest = vi.spyOn(crypto.subtle, "digest");
  expect(await computeQsh("GET", "/rest/api/3/myself")).toMatch(/^[0-9a-f]{64}$/);
  expect(digest).toHaveBeenCalled();
});

serverSuite("web crypto build", () => import("apkit/server"));
forgeSuite("web crypto build", () => import("apkit/server"));
securityReview2Suite("web crypto build", () => import("apkit/server"));
