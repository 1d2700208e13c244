/**
 * apkit/testing/setup: one line for a test setup file that fills what a test environment lacks and apkit needs:
 * `TextEncoder`/`TextDecoder`, Web Crypto (`crypto.subtle`, `crypto.randomUUID`; jest-fixed-jsdom has no
 * `subtle`), `Symbol.dispose` (for `using`) and, in a DOM without one (jsdom), a `ResizeObserver` for
 * `autoResize`/`useAutoResize` (it calls back when an element is observed and when its content changes; jsdom
 * measures every box as 0). It fills only what is missing and changes nothing else. `fetch`'s
 * `Response`/`Request`/`Headers` cannot be reached from a setup file where the environment hides them
 * (jest-environment-jsdom): it says so, naming the environment to use instead.
 *
 * ```js
 * // jest.config.js
 * module.exports = { testEnvironment: "jest-fixed-jsdom", setupFiles: ["apkit/testing/setup"] };
 * // vitest.config.ts
 * export default { test: { environment: "jsdom", setupFiles: ["apkit/testing/setup"] } };
 * ```
 *
 * @packageDocumentation
 * @module apkit/testing/setup
 */
import { webcrypto } from "node:crypto";
import { TextDecoder, TextEncoder } from "node:util";
import { createResizeObserver } from "./createResizeObserver.js";

const g = globalThis as Record<string, unknown>;
g.TextEncoder ??= TextEncoder;
g.TextDecoder ??= TextDecoder;
const crypto = g.crypto as { subtle?: unknown; getRandomValues?: unknown } | undefined;
if (!crypto) g.crypto = webcrypto;
else if (!crypto.subtle) {
  // jsdom's crypto has getRandomValues but no subtle: lend it Node's, keeping what is there.
  Object.defineProperty(crypto, "subtle", { value: webcrypto.subtle, configurable: true });
  if (!("randomUUID" in crypto)) Object.defineProperty(crypto, "randomUUID", { value: () => webcrypto.randomUUID(), configurable: true });
}
const symbols = Symbol as unknown as Record<string, symbol | undefined>;
symbols.dispose ??= Symbol.for("Symbol.dispose");
symbols.asyncDispose ??= Symbol.for("Symbol.asyncDispose");
if (typeof g.ResizeObserver !== "function" && typeof g.MutationObserver === "function") {
  g.ResizeObserver = createResizeObserver(globalThis);
}

if (typeof g.Response !== "function" || typeof g.Headers !== "function") {
  throw new TypeError(
    "apkit/testing/setup: this test environment has no fetch Response/Headers (jest-environment-jsdom hides Node's). " +
      'Use testEnvironment: "apkit/testing/jest-environment" (or "jest-fixed-jsdom") in your jest config.',
  );
}

/**
 * Nothing to call: importing this module is the setup. The constant is there so the module has an export.
 *
 * @example
 * ```ts
 * // vitest.setup.ts
 * import "apkit/testing/setup";
 * ```
 */
export const APKIT_TESTING_SETUP = true;
