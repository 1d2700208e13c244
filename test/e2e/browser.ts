// Drives Debian's Chromium through playwright-core against the local host: apkit-dev (packages/apkit-dev), started
// with this suite's product (seed.json) and its pages (pages/, framed at /app/ on the app origin, loading apkit's
// built dist/ from /dist/).
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { startDevHost, type DevHost, type DevHostOptions } from "apkit-dev";

export type Host = DevHost;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** apkit-dev with the suite's product and pages; `options` over them (routes, more mounts). */
export function startLocalHost(options: DevHostOptions = {}): Promise<Host> {
  return startDevHost({
    seed: here("./seed.json"),
    ...options,
    mounts: { "/app/": here("./pages/"), "/dist/": here("../../dist/"), ...options.mounts },
  });
}

/**
 * Opens the host page and returns it with the console messages of every frame collected. The suite's own REST
 * routes are page routes (`harness.route`): a 500, a text answer and one that never answers; the macro editor starts
 * with the suite's data.
 */
export async function openHost(browser: Browser, host: Host): Promise<{ page: Page; logs: string[] }> {
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(`${host.hostOrigin}/host.html`);
  await page.waitForFunction(() => !!(window as any).harness?.appsReady);
  await page.evaluate(async () => {
    const harness = (window as any).harness;
    await harness.appsReady;
    let id = 0;
    const headers = (type: string) => ({ "content-type": type, "x-arequestid": `harness-${++id}` });
    harness.route("GET", "/rest/harness/boom", () => ({ status: 500, statusText: "Internal Server Error", headers: headers("application/json;charset=UTF-8"), body: JSON.stringify({ errorMessages: ["Internal server error"], errors: {} }) }));
    harness.route("GET", "/rest/harness/text", () => ({ status: 200, statusText: "OK", headers: headers("text/plain;charset=UTF-8"), body: "plain text, not JSON" }));
    harness.route("GET", "/rest/harness/never", () => new Promise(() => {}));
    harness.ui.product.macro.data = { color: "blue" };
    harness.ui.product.macro.body = "<p>macro body</p>";
  });
  return { page, logs };
}

export interface FrameSpec {
  /** Path on the app origin, such as "/app/page.html". */
  path: string;
  key?: string;
  addon_key?: string;
  context?: unknown;
  options?: Record<string, unknown>;
  title?: string;
}

/** Frames an app page through connectHost.create and resolves its Playwright frame once it has loaded. */
export async function frameApp(page: Page, host: Host, spec: FrameSpec): Promise<{ frame: Frame; key: string }> {
  const url = `${host.appOrigin}${spec.path}`;
  const key: string = await page.evaluate((s) => (window as any).harness.createFrame(s), { ...spec, url });
  const handle = await page.waitForFunction((k) => (window as any).harness.iframeOf(k), key);
  const frame = await waitFor(() => {
    const f = handle.asElement()?.contentFrame();
    return f ? f.then((x) => (x && x.url().startsWith(url) ? x : undefined)) : undefined;
  });
  if (!frame) throw new Error(`frameApp: ${url} did not load`);
  await frame.waitForLoadState("load");
  await frame.waitForFunction(() => !!(window as any).APKit);
  return { frame, key };
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What {@link inApp} gives back: the value the code returned, or the error it threw (its fields, cloned). */
export type AppResult<V = any> = { value?: V; error?: Record<string, any> };

/**
 * Runs `body` (the inside of an async function, with `APKit` and `arg` in scope) in an app iframe. A rejection
 * becomes `{ error }` with the error's name, message and own fields (code, status, key, cause, ...) that can be cloned.
 */
export function inApp<T = AppResult>(frame: Frame, body: string, arg?: unknown): Promise<T> {
  return frame.evaluate(
    async ([source, a]) => {
      const run = new Function("APKit", "arg", `return (async () => { ${source} })();`);
      try {
        return { value: await run((window as any).APKit, a) };
      } catch (e: any) {
        const error: Record<string, unknown> = { name: e?.name, message: String(e?.message ?? e) };
        for (const key of Object.getOwnPropertyNames(e ?? {}).filter((k) => k !== "stack")) {
          try {
            error[key] = structuredClone(e[key]);
          } catch {
            // Not cloneable (Headers, Response): left out.
          }
        }
        return { error };
      }
    },
    [body, arg] as const,
  ) as Promise<T>;
}
