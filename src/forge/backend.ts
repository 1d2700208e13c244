/**
 * @internal Forge's way to the app's backend: `requestRemote(remote, { path })`. The host signs a Forge Invocation
 * Token for the remote (apkit/server's createAppMiddleware verifies it on the same route as Connect's JWT).
 */
import { UnsupportedOnPlatformError, type BackendPort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";

/** @internal */
export function forgeBackend(runtime: ForgeRuntime): BackendPort {
  return {
    async fetch(input, init) {
      const remote = runtime.options.remote;
      if (!remote) {
        throw new UnsupportedOnPlatformError(
          'apFetch on Forge calls your backend with requestRemote: give forge({ remote: "<the remotes key in manifest.yml>" })',
          { platform: "forge", capability: "apFetch" },
        );
      }
      const url = new URL(input instanceof Request ? input.url : input);
      // A Request's parts, then the init's: as fetch(request, init) merges them. The body is read once, here.
      const fromRequest: RequestInit =
        input instanceof Request
          ? { method: input.method, headers: input.headers, ...(!/^(GET|HEAD)$/.test(input.method) && { body: await input.arrayBuffer() }) }
          : {};
      const { signal, ...rest } = { ...fromRequest, ...init };
      // apFetch's own deadline covers the call (createApFetch({ timeout })), the same on every platform.
      return runtime.call("requestRemote", { signal: signal ?? undefined, timeout: Infinity }, (bridge) =>
        bridge.requestRemote(remote, { ...rest, path: url.pathname + url.search }),
      );
    },
  };
}
