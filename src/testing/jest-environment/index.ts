/**
 * apkit/testing/jest-environment: jest-environment-jsdom with what Node has and jsdom hides put back (`fetch`,
 * `Request`, `Response`, `Headers`, `FormData`, `Blob`, streams, `TextEncoder`/`TextDecoder`, `structuredClone`,
 * Web Crypto, `Symbol.dispose`) and what jsdom lacks and `useAutoResize` needs (a `ResizeObserver`, as
 * apkit/testing/setup adds it), so apkit, msw and Testing Library run in jest as they do in vitest. Needs
 * `jest-environment-jsdom` installed (jest 30).
 *
 * ```js
 * // jest.config.js
 * module.exports = { testEnvironment: "apkit/testing/jest-environment" };
 * ```
 *
 * @packageDocumentation
 * @module apkit/testing/jest-environment
 */
import { createRequire } from "node:module";
import { webcrypto } from "node:crypto";
import { createResizeObserver } from "../setup/createResizeObserver.js";

type Global = Record<string, unknown>;
interface JestEnvironmentClass {
  new (config: unknown, context: unknown): { global: Global };
}

const require = createRequire(import.meta.url);
// Loaded when jest loads this environment, from the project (jest-environment-jsdom is the app's dev dependency).
const { TestEnvironment } = require("jest-environment-jsdom") as { TestEnvironment: JestEnvironmentClass };

const FROM_NODE = [
  "fetch",
  "Request",
  "Response",
  "Headers",
  "FormData",
  "Blob",
  "File",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "TextEncoder",
  "TextDecoder",
  "TextEncoderStream",
  "TextDecoderStream",
  "structuredClone",
  "AbortController",
  "AbortSignal",
  "BroadcastChannel",
] as const;
// Not MessageChannel: React's scheduler would use Node's, whose open port keeps jest from exiting.

/**
 * The jest environment: jsdom, plus Node's fetch, streams, encoders and Web Crypto where jsdom has none.
 *
 * @example
 * ```js
 * // jest.config.js
 * module.exports = { testEnvironment: "apkit/testing/jest-environment", setupFilesAfterEnv: ["./jest.setup.js"] };
 * ```
 */
export default class APKitJestEnvironment extends TestEnvironment {
  constructor(config: unknown, context: unknown) {
    super(config, context);
    const target = this.global;
    const node = globalThis as unknown as Global;
    for (const name of FROM_NODE) if (target[name] === undefined && node[name] !== undefined) target[name] = node[name];
    const crypto = target.crypto as { subtle?: unknown } | undefined;
    if (!crypto) target.crypto = webcrypto;
    else if (!crypto.subtle) Object.defineProperty(crypto, "subtle", { value: webcrypto.subtle, configurable: true });
    const symbol = target.Symbol as Record<string, unknown>;
    symbol.dispose ??= Symbol.for("Symbol.dispose");
    target.ResizeObserver ??= createResizeObserver(target as unknown as typeof globalThis);
  }
}
