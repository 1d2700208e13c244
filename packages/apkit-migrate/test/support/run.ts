// Runs a fixture's code in the test's jsdom page: a page script as the page would (globals, window.APKit), a module
// with its imports answered from a table (apkit, React, and the app's own modules the scenario fakes). The transpiler only
// turns TypeScript, JSX and `import` into what `new Function` runs; the code itself is the fixture's.
// (TypeScript's transpiler rather than esbuild: esbuild refuses to start under jsdom, whose TextEncoder is not Node's.)
import ts from "typescript";
import * as apkit from "apkit";
import type { Host, Observed } from "./hosts.js";

export type Loader = "js" | "jsx" | "ts" | "tsx";

/**
 * Evaluates `code` and returns its exports (`{}` for a page script). `modules` answers its imports; `globals` are
 * names the code sees instead of the page's (a `setTimeout` the scenario runs by hand).
 */
export function evaluate(code: string, loader: Loader, modules: Record<string, unknown> = {}, globals: Record<string, unknown> = {}): Record<string, unknown> {
  const { outputText: cjs } = ts.transpileModule(code, {
    fileName: `fixture.${loader}`,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX, esModuleInterop: true },
  });
  const module = { exports: {} as Record<string, unknown> };
  const table: Record<string, unknown> = { apkit, ...modules };
  const require = (name: string) => {
    if (!Object.prototype.hasOwnProperty.call(table, name)) throw new Error(`the scenario gives no module ${name}`);
    return table[name];
  };
  (window as unknown as { APKit?: unknown }).APKit = apkit;
  new Function("require", "module", "exports", ...Object.keys(globals), cjs)(require, module, module.exports, ...Object.values(globals));
  return module.exports;
}

/** Everything a scenario compares: what the host saw, the page, and what the code logged. */
export interface Snapshot extends Observed {
  page: string;
  log: unknown[];
}

/**
 * Lets the code and the host finish what they started: flushes the bridge and yields to timers until nothing
 * observable changes between two rounds. Waits on the state, never for a fixed time.
 */
export async function settle(host: Host, log: unknown[]): Promise<Snapshot> {
  let last = "";
  let stable = 0;
  for (let round = 0; round < 1000; round++) {
    await host.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const now = JSON.stringify(snapshot(host, log));
    stable = now === last && pending === 0 ? stable + 1 : 0;
    // Ten quiet turns: a response body is read over several turns after its fetch resolved.
    if (stable >= 10) return JSON.parse(now) as Snapshot;
    last = now;
  }
  throw new Error("the scenario never settled");
}

function snapshot(host: Host, log: unknown[]): Snapshot {
  return { ...host.observe(), page: pageOf(document.body), log: JSON.parse(JSON.stringify(log)) };
}

// The page's markup with each element's attributes in name order: the order attributes were set in is not behaviour
// (two answers that arrive in another order set data-* attributes in another order).
function pageOf(body: HTMLElement): string {
  const copy = body.cloneNode(true) as HTMLElement;
  for (const el of [copy, ...copy.querySelectorAll("*")]) {
    const attrs = [...el.attributes].map((a) => [a.name, a.value] as const).sort(([a], [z]) => (a < z ? -1 : 1));
    for (const [name] of attrs) el.removeAttribute(name);
    for (const [name, value] of attrs) el.setAttribute(name, value);
  }
  return copy.innerHTML;
}

// Requests to the app's own backend in flight (settle waits for them: msw answers over several turns).
let pending = 0;

/**
 * Counts the page's fetches in flight from now on, and the reading of response bodies (until the returned function
 * puts everything back).
 */
export function countFetches(): () => void {
  const counted = <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async function (this: unknown, ...args: A): Promise<R> {
      pending++;
      try {
        return await run.apply(this, args);
      } finally {
        pending--;
      }
    };
  const original = globalThis.fetch;
  globalThis.fetch = counted(original) as typeof fetch;
  const proto = Response.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const reads = Object.fromEntries(["json", "text", "arrayBuffer", "blob"].map((name) => [name, proto[name]!]));
  for (const [name, read] of Object.entries(reads)) proto[name] = counted(read);
  return () => {
    globalThis.fetch = original;
    Object.assign(proto, reads);
  };
}
