/**
 * The Forge mock host: the emulated Custom UI bridge (emulateForgeBridge.ts) with apkit's Forge platform selected on
 * it and the product's property REST served by the same property backend as createMockAP's, so that an app's
 * component tests run unchanged on both platforms.
 */
import { loadAP, selectPlatform } from "apkit";
import { forge, type ForgeOptions } from "apkit/forge";
import { installForgeBridge, type ForgeBridgeHost, type ForgeBridgeHostOptions } from "./forge/emulateForgeBridge.js";
import { createPropertyBackend, type PropertyBackend, type PropertyBackendOptions } from "./propertyBackend.js";

/** Options of {@link createMockForge}. */
export interface MockForgeOptions extends ForgeBridgeHostOptions {
  /** Options of apkit/forge's `forge()` (dialog map, remote key, product). */
  forge?: ForgeOptions;
  /**
   * The product's property REST (entity, app, content and space properties), as createMockAP serves it: options for
   * {@link createPropertyBackend}, a backend of your own, or `false` for none. Handlers you add answer first.
   */
  properties?: PropertyBackendOptions | PropertyBackend | false;
}

/** A started Forge mock host: every control of the emulated bridge, plus stopping apkit on it. */
export interface MockForge extends ForgeBridgeHost {
  /** The property backend behind the product's `/properties` REST (`undefined` with `properties: false`). */
  readonly properties: PropertyBackend | undefined;
  /** Selects Connect again and takes the emulated bridge away (also `[Symbol.dispose]`, for `using`). */
  stop(): void;
}

/** What {@link createMockForge} returns: the host, not yet installed. */
export interface MockForgeStarter {
  /**
   * Installs the emulated bridge and selects apkit's Forge platform on it (`loadAP({ platform: forge(...) })`);
   * resolves with the started host once apkit runs on it.
   */
  start(): Promise<MockForge>;
}

/**
 * A Forge Custom UI host for tests: the real @forge/bridge package runs against it (it emulates the host side of
 * `globalThis.__bridge.callBridge`, see docs/forge-bridge-protocol.md), and apkit runs on Forge over it.
 *
 * The same component test can run on both platforms:
 *
 * ```ts
 * const platforms = {
 *   connect: async () => createMockAP({ context }).install(),
 *   forge: async () => createMockForge({ context: forgeContext }).start(),
 * };
 * describe.each(Object.keys(platforms))("on %s", (name) => { ... });
 * ```
 *
 * @example
 * ```ts
 * import { createMockForge } from "apkit/testing/forge";
 * import { getContext, requestJson } from "apkit";
 * const mock = await createMockForge({ context: { extension: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" } } } }).start();
 * mock.onRequest("GET", "/rest/api/3/myself", () => ({ body: { accountId: "a-1" } }));
 * await requestJson("/rest/api/3/myself"); // { accountId: "a-1" }
 * mock.stop();
 * ```
 */
export function createMockForge(options: MockForgeOptions = {}): MockForgeStarter {
  const { forge: forgeOptions, properties: propertyOptions, ...hostOptions } = options;
  const properties =
    propertyOptions === false
      ? undefined
      : propertyOptions && typeof (propertyOptions as PropertyBackend).handle === "function"
        ? (propertyOptions as PropertyBackend)
        : createPropertyBackend(propertyOptions as PropertyBackendOptions | undefined);
  const serveProperties = (h: ForgeBridgeHost) => {
    if (!properties) return;
    // Registered first, so the test's own handlers (later ones answer first) win.
    h.onRequest("*", /\/properties(\/|$)/, (request) => {
      // The backend speaks Connect's product-relative paths: Confluence's /wiki context path comes off.
      const path = request.product === "confluence" ? request.restPath.replace(/^\/wiki(?=\/)/, "") : request.restPath;
      const answer = properties.handle({ method: request.method, url: path, body: typeof request.data === "string" ? request.data : undefined });
      return { status: answer.status, headers: answer.headers, body: answer.body === "" ? null : answer.body };
    });
  };

  return {
    async start() {
      const host = installForgeBridge(hostOptions);
      serveProperties(host);
      const stop = () => {
        selectPlatform(undefined);
        host.uninstall();
      };
      // The host's controls (getters and closures) read through; the mock adds its own members on top.
      const mock = Object.assign(Object.create(host) as ForgeBridgeHost, { properties, stop }) as MockForge;
      (mock as unknown as Record<symbol, unknown>)[Symbol.for("Symbol.dispose")] = stop;
      if (typeof Symbol.dispose === "symbol") (mock as unknown as Record<symbol, unknown>)[Symbol.dispose] = stop;
      await loadAP({ platform: forge(forgeOptions) });
      return mock;
    },
  };
}
