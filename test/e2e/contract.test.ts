// The contract suite (test/contract/cases.ts) on the real bridge: connect-host.js + all.js from atlassian-connect-js
// in Chromium, cross-origin, against the local host's product (host/public/product*.js). The same cases run against
// apkit/testing's createMockAP in test/contract/mock.test.ts.
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cases, describeError, differences, PRODUCT, type ContractEnv, type FrameName, type HostAction, type Observation, type Outcome } from "../contract/cases.js";
import { frameApp, launchChromium, openHost, startLocalHost, waitFor, type Host } from "./browser.js";

let host: Host;
let browser: Browser;
let page: Page;
let main: Frame;
let sibling: Frame;
let env: ContractEnv;

beforeAll(async () => {
  host = await startLocalHost();
  browser = await launchChromium();
  ({ page } = await openHost(browser, host));
  // all.js's own auto-resize off, so the height the host sets is the one the app asked for
  ({ frame: main } = await frameApp(page, host, { path: "/app/page.html", key: "contract-main", context: PRODUCT.context, options: { autoresize: false } }));
  ({ frame: sibling } = await frameApp(page, host, { path: "/app/page.html", key: "contract-sibling", context: PRODUCT.context, options: { autoresize: false } }));
  env = {
    driver: "real connect-host + all.js",
    tenant: host.tenant,
    accountId: PRODUCT.myself.accountId,
    locale: PRODUCT.locale,
    timeZone: PRODUCT.myself.timeZone,
    context: PRODUCT.context,
  };
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** The frame of the dialog on top, once its page runs APKit. */
async function topDialog(): Promise<Frame> {
  await page.waitForFunction(() => (window as any).harness.ui.dialogs.length > 0);
  const frame = await waitFor(async () => {
    const handle = await page.evaluateHandle(() => {
      const ui = (window as any).harness.ui;
      return ui.dialogIframe(ui.dialogs.length - 1);
    });
    const f = await handle.asElement()?.contentFrame();
    return f && f.url().includes("/app/dialog.html") ? f : undefined;
  });
  await frame.waitForFunction(() => !!(window as any).APKit && !!(window as any).AP?.dialog);
  return frame;
}

const frameOf = (name: FrameName = "main"): Promise<Frame> => (name === "main" ? Promise.resolve(main) : name === "sibling" ? Promise.resolve(sibling) : topDialog());

/** Runs a step's function in an iframe, with that iframe's state object for the case. */
async function inFrame(name: FrameName | undefined, fn: Function, arg: unknown, caseId: number): Promise<Outcome> {
  const frame = await frameOf(name);
  return frame.evaluate(
    async ([source, describeSource, a, id]) => {
      const app = (0, eval)(`(${source})`);
      const describe = (0, eval)(`(${describeSource})`);
      const w = window as any;
      const states = (w.__contract ??= {});
      const state = (states[id] ??= {});
      try {
        return { value: await app(w.APKit, a, state) };
      } catch (error) {
        return { error: describe(error) };
      }
    },
    [fn.toString(), describeError.toString(), arg, caseId] as const,
  ) as Promise<Outcome>;
}

async function observe(what: Observation): Promise<unknown> {
  return page.evaluate((w) => {
    const harness = (window as any).harness;
    switch (w) {
      case "lastRequest": {
        const r = harness.requests[harness.requests.length - 1];
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
        if (r.contentType) headers["content-type"] = r.contentType;
        return { method: r.type, url: r.url, data: r.data, headers, experimental: !!r.experimental };
      }
      case "dialogs":
        return harness.ui.dialogs.length;
      case "flags":
        return harness.ui.flags.map((f: any) => ({ title: f.title, type: f.type, open: !!document.querySelector(`.harness-flag[data-flag-id="${f.id}"]`) }));
      case "navigations":
        return harness.ui.navigations.map((n: any) => ({ target: n.target, context: n.context }));
      case "mainHeight":
        return harness.iframeOf("contract-main").style.height;
    }
  }, what);
}

const flagSelector = (title: string) => `.harness-flag:has(strong:text-is(${JSON.stringify(title)}))`;

async function hostAction(action: HostAction): Promise<unknown> {
  if ("broadcast" in action) {
    const [name, data] = action.broadcast;
    return page.evaluate(([n, d]) => (window as any).harness.broadcast(n, undefined, d), [name, data] as const);
  }
  if ("closeDialog" in action) {
    // What mock.closeDialog(data) stands for: the dialog's page closes with apkit's dialog.close(data).
    const d = await topDialog();
    return d.evaluate((data) => (window as any).APKit.dialog.close(data), action.closeDialog);
  }
  if ("clickDialogButton" in action) {
    await topDialog(); // the host enables Submit once the page has loaded
    return page.click(`.harness-dialog:last-of-type button[data-identifier=${action.clickDialogButton}]`);
  }
  if ("clickFlagAction" in action) {
    const { title, action: id } = action.clickFlagAction;
    return page.click(`${flagSelector(title)} button[data-action=${id}]`);
  }
  if ("closeFlag" in action) return page.click(`${flagSelector(action.closeFlag.title)} .harness-flag-close`);
  if ("fault" in action) {
    return page.evaluate(([m, h]) => (window as any).harness.override(m, h), [action.fault.method, action.fault.how] as const);
  }
  const { observe: what, until } = action;
  if (!until) return observe(what);
  let last: unknown;
  return waitFor(async () => ((last = await observe(what)), until(last) ? { value: last } : undefined)).then(
    (box) => box.value,
    () => {
      throw new Error(`contract (real): timed out waiting for the host's ${what}; last value ${JSON.stringify(last)}`);
    },
  );
}

describe("contract on the real connect-host + all.js", () => {
  cases.forEach((c, caseId) => {
    test(c.name, async () => {
      const results: Record<string, Outcome> = {};
      try {
        for (const step of c.steps) {
          if ("host" in step) {
            const value = await hostAction(step.host);
            if (step.as) results[step.as] = { value };
          } else if ("until" in step) {
            const frame = await frameOf(step.frame);
            await frame.waitForFunction(
              ([source, a, id]) => {
                const w = window as any;
                const state = ((w.__contract ??= {})[id] ??= {});
                return (0, eval)(`(${source})`)(w.APKit, a, state);
              },
              [step.until.toString(), step.arg, caseId] as const,
              { timeout: 10_000 },
            );
          } else {
            const outcome = await inFrame(step.frame, step.app, step.arg, caseId);
            if (step.as) results[step.as] = outcome;
          }
        }
      } finally {
        // A case that failed half-way must not leave a misbehaving product behind for the next one.
        for (const method of ["request", "context.getToken", "context.getContext"]) {
          await page.evaluate((m) => (window as any).harness.override(m, null), method);
        }
      }
      await c.check(results, env);
    });
  });
});

describe("where the mock differs from the real bridge, on purpose (cases.ts: differences): the real side", () => {
  test(`resize: ${differences.resizeDebounce.slice(0, 50)}…: all.js sends only the last of quick resizes`, async () => {
    await page.evaluate(() => {
      const iframe = (window as any).harness.iframeOf("contract-main");
      const heights: string[] = ((window as any).__heights = []);
      new MutationObserver(() => heights.push(iframe.style.height)).observe(iframe, { attributeFilter: ["style"] });
    });
    await main.evaluate(async () => {
      const { APKit } = window as any;
      await APKit.resize("100%", 150);
      await APKit.resize("100%", 160);
    });
    await page.waitForFunction(() => (window as any).harness.iframeOf("contract-main").style.height === "160px");
    const heights = await page.evaluate(() => (window as any).__heights as string[]);
    expect(heights).toContain("160px");
    expect(heights).not.toContain("150px");
  });

  test('flags with close: "auto" are closed by the product after a while', async () => {
    await page.evaluate(() => ((window as any).harness.ui.flagAutoCloseMs = 100));
    const closed = await main.evaluate(async () => {
      const f = (window as any).APKit.flag.show({ title: "Contract auto", close: "auto" });
      await f.closed;
      return true;
    });
    expect(closed).toBe(true);
  });
});
