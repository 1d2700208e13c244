/**
 * @internal The Forge host's requests: `fetchProduct` (requestJira / requestConfluence / requestBitbucket),
 * `fetchRemote` (requestRemote) and `invokeRemote` / `invokeService`, answered by the one answer engine of both mocks
 * (answers.ts): the same handlers, the same `onUnhandledRequest` vocabulary, the same records.
 */
import { answer, NO_ANSWER, toAnswer, type Answer, type AnswerSources, type MockRequestRecord } from "../answers.js";
import { fromResponse, handler, type LiveHandler, type MockHttpMethod } from "../createMockAP.request.js";
import type { PropertyBackend } from "../propertyBackend.js";
import { badPayload, type HostArea, type HostKit } from "./hostKit.js";
import {
  headersOf,
  notFound,
  parseMaybe,
  splitPath,
  toFetchAnswer,
  type FetchAnswer,
  type ForgeHandlerOptions,
  type ForgeProduct,
  type ForgeProductRequest,
  type ForgeRemoteRequest,
  type ForgeRequestHandler,
  type ForgeRequestRecord,
} from "./requests.js";
import { ForgeBridgeEmulationError } from "./transport.js";
import type { ForgeContext, ForgeUnhandledRequestStrategy } from "./types.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "*"];

/** @internal The request area, and what the mocks add to it. */
export interface RequestArea extends HostArea {
  readonly requests: readonly ForgeRequestRecord[];
  /** Registers a handler (prepended: the newest answers first); returns what removes it. */
  use(live: LiveHandler): () => void;
  readonly handlers: readonly LiveHandler[];
  /** The product's property REST (createMockForge's), served after the handlers. */
  properties: PropertyBackend | undefined;
  onRequest(method: string, pattern: string | RegExp, handle: ForgeRequestHandler<ForgeProductRequest>, options?: ForgeHandlerOptions & { product?: ForgeProduct }): () => void;
  onRemote(method: string, pattern: string | RegExp, handle: ForgeRequestHandler<ForgeRemoteRequest>, options?: ForgeHandlerOptions & { remoteKey?: string }): () => void;
  /** `invoke` with an `invokeType`: `invokeRemote` / `invokeService`, a remote call through `invoke`. */
  invokeEndpoint(payload: Record<string, unknown>): Promise<unknown>;
}

const areas = new WeakMap<object, RequestArea>();

/** @internal Ties a host to its request area, for createMockForge's handler factories. */
export function registerRequestArea(host: object, area: RequestArea): void {
  areas.set(host, area);
}

/** @internal The request area of a host made by the emulation. */
export function requestAreaOf(host: object): RequestArea {
  const area = areas.get(host);
  if (!area) throw new TypeError("apkit/testing forge host: not a host of the Forge mock");
  return area;
}

/** @internal */
export function hostRequests(kit: HostKit): RequestArea {
  let handlers: LiveHandler[] = [];
  let requests: ForgeRequestRecord[] = [];

  const frameOf = (context: ForgeContext) => ({
    addonKey: /extension\/([^/]+)\//.exec(context.localId)?.[1] ?? "",
    moduleKey: context.moduleKey,
    id: context.localId,
  });

  // A Forge-native handler (`onRequest` / `onRemote`): the same matching and engine, with its own filter.
  const native = <R extends ForgeProductRequest | ForgeRemoteRequest>(
    kind: "product" | "remote",
    method: string,
    pattern: string | RegExp,
    handle: ForgeRequestHandler<R>,
    options: ForgeHandlerOptions,
    accepts: (request: R) => boolean,
  ): LiveHandler => {
    if (typeof handle !== "function") throw new TypeError("apkit/testing forge host: a request handler must be a function");
    const upper = String(method).toUpperCase();
    if (!METHODS.includes(upper)) throw new TypeError(`apkit/testing forge host: unknown HTTP method ${JSON.stringify(method)} (GET, POST, PUT, PATCH, DELETE, HEAD or "*")`);
    return handler(kind, upper as MockHttpMethod | "*", pattern, (info) => (accepts(info as unknown as R) ? handle(info as unknown as R) : undefined), options);
  };

  const area: RequestArea = {
    invokeEndpoint,
    get requests() {
      return requests;
    },
    get handlers() {
      return handlers;
    },
    properties: undefined,
    use(live) {
      handlers = [live, ...handlers];
      return () => void (handlers = handlers.filter((h) => h !== live));
    },
    onRequest: (method, pattern, handle, options = {}) =>
      area.use(native("product", method, pattern, handle, options, (r: ForgeProductRequest) => !options.product || r.product === options.product)),
    onRemote: (method, pattern, handle, options = {}) =>
      area.use(native("remote", method, pattern, handle, options, (r: ForgeRemoteRequest) => !options.remoteKey || r.remoteKey === options.remoteKey)),
    reset() {
      handlers = [];
      requests = [];
    },
    builtins: {
      fetchProduct: async (payload: Record<string, unknown>) => {
        if (typeof payload?.restPath !== "string") throw badPayload("fetchProduct", "restPath");
        const request: ForgeRequestRecord<ForgeProductRequest> = {
          kind: "product",
          product: String(payload.product) as ForgeProduct,
          restPath: payload.restPath,
          multipart: payload.isMultipartFormData === true,
          ...readFetch(payload, payload.restPath),
          frame: frameOf(kit.context()),
        };
        return fetchAnswer(request, `${request.product} ${request.method} ${request.restPath}`);
      },
      fetchRemote: async (payload: Record<string, unknown>) => {
        const init = (payload?.fetchRequestInit ?? {}) as Record<string, unknown>;
        // A remote request's record has no `init` (the remote gets the request, not @forge/bridge's options).
        const { init: _sent, ...read } = readFetch(payload ?? {}, typeof init.path === "string" && init.path ? init.path : "/");
        const request: ForgeRequestRecord<ForgeRemoteRequest> = {
          kind: "remote",
          via: "requestRemote",
          remoteKey: typeof payload?.remoteKey === "string" ? payload.remoteKey : undefined,
          ...read,
          frame: frameOf(kit.context()),
        };
        return fetchAnswer(request, `remote ${request.remoteKey} ${request.method} ${request.path}`);
      },
    },
  };

  /** `invokeRemote` / `invokeService`: a remote call through `invoke`, answered in the shape the package reads. */
  async function invokeEndpoint(payload: Record<string, unknown>) {
    const via = payload.invokeType === "ui-container-fetch" ? "invokeService" : "invokeRemote";
    const raw = typeof payload.path === "string" && payload.path ? payload.path : "/";
    const request: ForgeRequestRecord<ForgeRemoteRequest> = {
      kind: "remote",
      via,
      remoteKey: undefined,
      method: String(payload.method ?? "GET").toUpperCase(),
      url: raw,
      ...splitPath(raw),
      headers: headersOf(payload.headers),
      data: payload.body,
      body: parseMaybe(payload.body),
      params: {},
      experimental: false,
      binary: false,
      frame: frameOf(kit.context()),
    };
    const found = await fetchAnswer(request, `${via} ${request.method} ${raw}`);
    // Headers as arrays: the type the package declares (RemoteInvokeResponse), which it joins with ",".
    const headers = Object.fromEntries(Object.entries(found.headers).map(([k, v]) => [k, [v]]));
    const body = found.body === "" ? undefined : parseMaybe(found.isAttachment ? atob(found.body) : found.body);
    const result = { status: found.status, headers, body };
    return found.status < 400 ? { success: true, payload: result } : { success: false, error: result };
  }

  async function fetchAnswer(request: ForgeRequestRecord, what: string): Promise<FetchAnswer> {
    requests.push(request);
    const found = await answer(request as unknown as MockRequestRecord, sourcesFor(request, what));
    if (found.status === 0) {
      if (request.handledBy === "unhandled") {
        throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_UNHANDLED_REQUEST", `no handler for ${what}`);
      }
      throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_NETWORK", `${what}: the handler answered networkError()`);
    }
    return toFetchAnswer(found);
  }

  function sourcesFor(request: ForgeRequestRecord, what: string): AnswerSources {
    const strategy: ForgeUnhandledRequestStrategy = kit.options().onUnhandledRequest ?? "error";
    const print = {
      warn: (m: string) => kit.warn(`[apkit/testing forge host] ${m}`),
      error: (m: string, cause?: unknown) => kit.warn(`[apkit/testing forge host] ${m}${cause === undefined ? "" : ` ${String(cause)}`}`),
    };
    const base = {
      handlers: () => handlers,
      properties: area.properties,
      // The property backend speaks Connect's product-relative paths: Confluence's /wiki context path comes off.
      propertyUrl: (r: MockRequestRecord) => ((r as unknown as ForgeProductRequest).product === "confluence" ? r.url.replace(/^\/wiki(?=\/)/, "") : r.url),
      print,
      unhandledMessage: (r: MockRequestRecord) =>
        `no handler for ${what}; add one: mock.${r.kind === "remote" ? "remote" : "request"}.${r.method.toLowerCase()}("${r.path}", () => json(...)) (or host.${r.kind === "remote" ? "onRemote" : "onRequest"}("${r.method}", "${r.path}", ...))`,
      forward: () => forward(request),
    };
    // Kept from earlier versions: "404" answers a Jira-style 404 (with a warning), "reject" refuses without a word.
    if (strategy === "404") return { ...base, unhandled: "warn", fallback: async () => notFound(what) };
    if (strategy === "reject") return { ...base, unhandled: "error", print: { ...print, error: () => {} } };
    if (typeof strategy !== "function") return { ...base, unhandled: strategy };
    // A function may answer (an earlier version's contract) or decide, as msw's does, by printing.
    let answered: Answer | undefined;
    let refused = false;
    let decided: Promise<void> = Promise.resolve();
    return {
      ...base,
      fallback: async (r) => {
        await decided;
        if (answered) return answered;
        return refused ? NO_ANSWER : forward(r as unknown as ForgeRequestRecord);
      },
      unhandled: (r, printers) => {
        decided = Promise.resolve(
          strategy(r as unknown as ForgeProductRequest | ForgeRemoteRequest, {
            warning: printers.warning,
            error: () => {
              refused = true;
              printers.error();
            },
          }),
        ).then(async (result) => {
          answered = await toAnswer(result, "onUnhandledRequest");
        });
      },
    };
  }

  /** An unhandled request sent on to `fetch`: the site's URL for product requests, the page's origin for remote ones. */
  async function forward(request: ForgeRequestRecord): Promise<Answer> {
    const base = request.kind === "product" ? kit.context().siteUrl : (globalThis.location?.origin ?? "http://localhost");
    const target = new URL(request.url, base.replace(/\/+$/, "") + "/");
    try {
      const init: RequestInit = { method: request.method, headers: request.headers };
      if (!/^(GET|HEAD)$/.test(request.method) && typeof request.data === "string") init.body = request.data;
      return await fromResponse(await globalThis.fetch(target, init), false);
    } catch {
      return NO_ANSWER;
    }
  }

  return area;
}

// What `fetchProduct` / `fetchRemote` carry: the request init @forge/bridge built from the app's.
function readFetch(payload: Record<string, unknown>, path: string) {
  const init = (payload.fetchRequestInit ?? {}) as Record<string, unknown>;
  const data = (init.body ?? null) as string | null;
  return {
    init,
    method: String(init.method ?? "GET").toUpperCase(),
    url: path,
    headers: headersOf(init.headers),
    data,
    body: parseMaybe(data),
    ...splitPath(path),
    params: {},
    experimental: false,
    binary: false,
  };
}
