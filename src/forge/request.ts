/** @internal Forge's product requests: `requestJira` / `requestConfluence` / `requestBitbucket`, Fetch in and out. */
import type { ProductRequest, RequestPort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";

/** @internal */
export function forgeRequest(runtime: ForgeRuntime): RequestPort {
  return {
    request: (request, options) =>
      runtime.call("request", options, async (bridge) => {
        // The product comes from the context: a request made while the platform starts waits for it.
        const product = await runtime.product();
        const init = toFetchInit(request);
        if (product === "confluence") {
          return bridge.requestConfluence(request.path.startsWith("/wiki/") ? request.path : `/wiki${request.path}`, init);
        }
        return product === "bitbucket" ? bridge.requestBitbucket(request.path, init) : bridge.requestJira(request.path, init);
      }),
  };
}

// @forge/bridge takes Fetch's own types: a FormData goes as multipart (repeated fields included), text as text.
function toFetchInit({ method, headers, body }: ProductRequest): RequestInit {
  return { method, headers, ...(body !== undefined && { body }) };
}
