// Drives Debian's Chromium through playwright-core against the local Connect host (host/server.mjs).
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
// @ts-expect-error the host is plain JavaScript, shared with the demo command
import { startHost } from "../../host/server.mjs";

export interface Host {
  port: number;
  hostOrigin: string;
  appOrigin: string;
  tenant: { clientKey: string; sharedSecret: string };
  close(): Promise<void>;
}

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

export function startLocalHost(options?: Record<string, unknown>): Promise<Host> {
  return startHost(options) as Promise<Host>;
}

/** Opens the host page and returns it with the console messages of every frame collected. */
export async function openHost(browser: Browser, host: Host): Promise<{ page: Page; logs: string[] }> {
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(`${host.hostOrigin}/host.html`);
  await page.waitForFunction(() => !!(window as any).harness);
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
