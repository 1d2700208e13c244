/**
 * apkit-dev: a local Jira/Confluence-like host for your own Atlassian app, on loopback. The Connect side runs the
 * real connect-host.js and all.js (atlassian-connect-js); the Forge side emulates the Custom UI host under your
 * bundle's own @forge/bridge. Signed installs, context JWTs, Forge Invocation Tokens, an in-memory product.
 * It is an EMULATION, not an Atlassian product: test on a real site before you ship. docs/dev-host.md.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** A Connect app to install: its descriptor (from its running backend, or a file), or a static app's directory. */
export interface DevHostConnectApp {
  /**
   * The descriptor: an http URL on loopback (the app's backend, e.g. `http://127.0.0.1:3000/atlassian-connect.json`),
   * a file path, or the descriptor itself. With `serve`, defaults to `<serve>/atlassian-connect.json`.
   */
  descriptor?: string | Record<string, unknown>;
  /** The app's base URL, over the descriptor's (and for `{{localBaseUrl}}`). Must be on loopback. */
  baseUrl?: string;
  /** A static app: the directory the host serves as the app (it becomes the app's baseUrl). */
  serve?: string;
}

/** The Forge side of an app: its manifest, and where its resources and remotes are during development. */
export interface DevHostForgeApp {
  /** manifest.yml's path, or the parsed manifest. `app.connect.key` links it to the Connect app of that key. */
  manifest: string | Record<string, unknown>;
  /** Resource key -> a built directory (with index.html) or a dev server URL on loopback (proxied, hot reload included). */
  resources?: Record<string, string>;
  /** Use `resources[].tunnel.port` (a dev server on localhost) as `forge tunnel` does. @default false */
  tunnel?: boolean;
  /** Remote key -> its local base URL (the manifest names the production one). */
  remotes?: Record<string, string>;
  /** Your resolver module: `invoke(functionKey)` runs the export the manifest's function names (`index.handler` -> `handler`). */
  resolver?: string;
}

/** A request handler for {@link DevHostOptions.routes}. */
export type DevHostRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

/** Options of {@link startDevHost}. */
export interface DevHostOptions {
  /** The host's port on 127.0.0.1 (and [::1]). @default 0 (a free port) */
  port?: number;
  /** Connect apps to install at start (installApp adds more later). */
  connect?: DevHostConnectApp | DevHostConnectApp[];
  /** Forge apps to install at start (installForgeApp adds more later). */
  forge?: DevHostForgeApp | DevHostForgeApp[];
  /** The product's data to start from: a JSON file or the document ({@link ProductDocument}). @default a small Jira and Confluence */
  seed?: string | ProductDocument;
  /** A state file: the product's data (and the site's clientKey, cloudId, installation ids) kept across restarts. */
  state?: string;
  /** URL prefix (ending in "/") or exact path -> a directory or file, served on both origins. */
  mounts?: Record<string, string>;
  /** Exact path -> handler, answered before anything else. */
  routes?: Record<string, DevHostRoute>;
  /** The request log on stdout (`true`), to a function, or nowhere (`false`). @default false */
  log?: boolean | ((line: string) => void);
  /** Where relative paths are resolved. @default process.cwd() */
  cwd?: string;
}

/** The product's data as a JSON document: seeds, state files and the page's editor use it. */
export interface ProductDocument {
  /** The accountId of the user viewing the pages. @default the first user */
  myself?: string;
  users: Array<{ accountId: string; displayName: string; emailAddress?: string; locale?: string; timeZone?: string; [field: string]: unknown }>;
  projects: Array<{ id: string; key: string; name: string; projectTypeKey?: string }>;
  /** Issues; the key's prefix names the project. */
  issues: Array<{ id: string; key: string; fields: Record<string, unknown> }>;
  spaces?: Array<{ id: string; key: string; name: string }>;
  content?: Array<{ id: string; type: "page" | "blogpost"; title: string; spaceId: string; version?: number; body?: string }>;
  /** More entities that may hold properties: "comment/10100", "board/1", "addons/<key>" ... */
  entities?: string[];
  /** entity -> key -> `{ value }` (Confluence properties also `version`). */
  properties?: Record<string, Record<string, { value: unknown; version?: number }>>;
}

/** One entry of the request log. */
export interface DevHostLogEntry {
  id: number;
  /** Milliseconds since the epoch. */
  at: number;
  platform: "connect" | "forge" | "backend" | "host";
  kind: "product" | "remote" | "invoke" | "lifecycle" | "token" | "install";
  app?: string;
  module?: string;
  method?: string;
  url?: string;
  status?: number;
  ms?: number;
  note?: string;
}

/** An installed app. */
export interface DevHostApp {
  key: string;
  name: string;
  /** The Connect app's base URL (undefined for a Forge-only app). */
  baseUrl: string | undefined;
  descriptor: Record<string, unknown> | undefined;
  /** What the app's `installed` callback answered (undefined: it has none). */
  lifecycleStatus: number | undefined;
  /** The shared secret sent in this run's signed install (`authentication: jwt` apps). A development secret, per run. */
  sharedSecret: string | undefined;
  forge: { appId: string; installationId: string; resources: Record<string, string> } | undefined;
}

/** The in-memory product (Jira and Confluence). */
export interface DevHostProduct {
  /** Answers one REST call as the product: paths as AP.request sends them (Confluence with or without /wiki). */
  handle(request: { method?: string; url: string; body?: string }): { status: number; statusText: string; headers: Record<string, string>; body: string };
  /** The data as a JSON document. */
  snapshot(): ProductDocument;
  /** Replaces the data (checked first: a bad document changes nothing, ERR_DEV_BAD_PRODUCT). */
  replace(doc: ProductDocument): void;
  /** Hears every change; returns a function that stops it. */
  onChange(fn: (why: string) => void): () => void;
  readonly myself: ProductDocument["users"][number];
  readonly users: ProductDocument["users"];
  readonly projects: ProductDocument["projects"];
  /** Issues as GET /rest/api/3/issue answers them. */
  readonly issues: Array<{ id: string; key: string; self: string; fields: Record<string, unknown> }>;
  readonly spaces: NonNullable<ProductDocument["spaces"]>;
  readonly content: NonNullable<ProductDocument["content"]>;
  /** Stored properties: entity ("issue/ABC-1", "pages/98001", "addons/<key>") -> key -> `{ value, id?, version? }`. */
  readonly properties: Map<string, Map<string, { value: unknown; id?: string; version?: number }>>;
  /** The property REST's counters: requests, and writes refused as version conflicts (409). */
  readonly propertyStats: { requests: number; conflicts: number };
}

/** A running dev host. */
export interface DevHost {
  /** The host page: open it in a browser, or in Playwright. */
  url: string;
  /** http://127.0.0.1:PORT: the host page's origin (the product's baseUrl). */
  hostOrigin: string;
  /** http://localhost:PORT: app pages the host serves (a different origin for the browser). */
  appOrigin: string;
  port: number;
  /** Point the app backend's install verification here in development (apkit/server `keyServer`). */
  keyServer: string;
  /** Point the app backend's FIT verification here in development (apkit/server `jwksUrl`). */
  jwksUrl: string;
  /** The local site. */
  site: { clientKey: string; cloudId: string; baseUrl: string };
  /** The clientKey and the secret of frames that belong to no installed app (pages framed with harness.createFrame). */
  tenant: { clientKey: string; sharedSecret: string };
  readonly apps: DevHostApp[];
  product: DevHostProduct;
  /** The request log (the last 1,000 entries). */
  requests: readonly DevHostLogEntry[];
  /** Hears each new log entry; returns a function that stops it. */
  onRequest(fn: (entry: DevHostLogEntry) => void): () => void;
  /** Installs a Connect app (its signed `installed` callback first). */
  installApp(app: DevHostConnectApp): Promise<DevHostApp>;
  /** Installs the Forge side of an app. */
  installForgeApp(app: DevHostForgeApp): Promise<DevHostApp>;
  /** Uninstalls an app (its signed `uninstalled` callback, when it has one); resolves that callback's status. */
  uninstallApp(key: string): Promise<number | undefined>;
  /** A Forge Invocation Token for a module of an installed Forge app, as the host signs them. */
  signForgeToken(appKey: string, moduleKey: string, context?: Record<string, unknown>): Promise<string>;
  /** A context JWT for an installed app (or the harness tenant), as AP.context.getToken gives it. */
  signContextToken(appKey: string | undefined, claims?: Record<string, unknown>): Promise<string>;
  /** Stops every server of the host (the state file is written first). */
  close(): Promise<void>;
}

/** What apkit-dev's errors say went wrong. */
export type DevHostErrorCode =
  | "ERR_DEV_USAGE"
  | "ERR_DEV_PORT_IN_USE"
  | "ERR_DEV_NOT_LOOPBACK"
  | "ERR_DEV_DESCRIPTOR"
  | "ERR_DEV_LIFECYCLE"
  | "ERR_DEV_MANIFEST"
  | "ERR_DEV_RESOURCE"
  | "ERR_DEV_SEED"
  | "ERR_DEV_STATE"
  | "ERR_DEV_BAD_PRODUCT"
  | "ERR_DEV_BAD_REQUEST"
  | "ERR_DEV_BODY_TOO_LARGE"
  | "ERR_DEV_NO_APP"
  | "ERR_DEV_NO_MODULE"
  | "ERR_DEV_NO_REMOTE"
  | "ERR_DEV_NO_ENDPOINT"
  | "ERR_DEV_NO_RESOLVER"
  | "ERR_DEV_RESOLVER_FAILED"
  | "ERR_DEV_REMOTE_FAILED"
  | "ERR_DEV_PRODUCT_AUTH"
  | "ERR_DEV_NOT_EMULATED"
  | "ERR_DEV_CHANNEL_CLOSED"
  | "ERR_DEV_FORBIDDEN"
  | "ERR_DEV_NOT_FOUND"
  | "ERR_DEV_INTERNAL"
  | "ERR_DEV_NO_BROWSER";

/** apkit-dev's error: a `code`, the `cause` kept. */
export declare class DevHostError extends Error {
  readonly code: DevHostErrorCode;
  constructor(code: DevHostErrorCode, message: string, options?: { cause?: unknown });
}

/**
 * Starts the dev host on loopback and installs the apps given.
 *
 * @example
 * ```ts
 * import { startDevHost } from "apkit-dev";
 * const host = await startDevHost({ connect: { descriptor: "http://127.0.0.1:3000/atlassian-connect.json" } });
 * console.log(host.url); // open it, or page.goto(host.url) in Playwright
 * await host.close();
 * ```
 */
export declare function startDevHost(options?: DevHostOptions): Promise<DevHost>;

/** What the host page says about itself. */
export declare const NOTICE: string;

/** The result of {@link checkOnce}. */
export interface OnceReport {
  ok: boolean;
  modules: Array<{ view: string; platform: "connect" | "forge"; app: string; key: string; reached: boolean }>;
  errors: string[];
  /** The printed report. */
  lines: string[];
}

/**
 * The `--once` check: opens every installed module in headless Chromium (playwright-core) and reports whether each
 * frame reached the bridge, and every page error.
 *
 * @example
 * ```ts
 * import { checkOnce, startDevHost } from "apkit-dev";
 * const host = await startDevHost({ connect: { serve: "./static-app" } });
 * const report = await checkOnce(host);
 * await host.close();
 * process.exit(report.ok ? 0 : 1);
 * ```
 */
export declare function checkOnce(host: Pick<DevHost, "url">, options?: { chromium?: string; timeout?: number }): Promise<OnceReport>;

/** Debian's Chromium flags for headless runs in containers and offline machines. */
export declare const CHROMIUM_ARGS: readonly string[];

/**
 * Headless Chromium through playwright-core with {@link CHROMIUM_ARGS} and a fresh profile.
 *
 * @example
 * ```ts
 * import { launchChromium, startDevHost } from "apkit-dev";
 * const host = await startDevHost({ connect: { serve: "./static-app" } });
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(host.url);
 * await browser.close();
 * await host.close();
 * ```
 */
export declare function launchChromium(options?: { executablePath?: string }): Promise<{
  context: import("playwright-core").BrowserContext;
  newPage(): Promise<import("playwright-core").Page>;
  close(): Promise<void>;
}>;
