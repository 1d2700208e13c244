// What we ship, checked from the outside: every entry imports cleanly in Node (SSR) as ESM and CJS, prints and
// throws nothing, touches no globals; the script-tag build defines exactly window.APKit with the core's exports.
// Runs once (in the node:esm project): it always checks dist/, whatever the project's alias target.
// zod (a dependency of apkit/server and apkit/schemas) registers its own __zod_* globals; those are zod's.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { entrySpecifiers } from "../../scripts/entries.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
// apkit/testing/jest-environment is loaded by jest alone (it needs jest-environment-jsdom); apkit/testing/setup
// exists to fill globals. Both have their own tests (the jest and vitest matrix in test/matrix).
const ENTRIES = entrySpecifiers.filter((e) => !e.startsWith("apkit/testing/"));

function node(args: string[]): { stdout: string; stderr: string } {
  let stderr = "";
  try {
    const stdout = execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { stdout, stderr };
  } catch (error: any) {
    stderr = String(error.stderr ?? error);
    throw new Error(`node ${args.join(" ")} failed:\n${stderr}`);
  }
}

describe.runIf(process.env.APKIT_TARGET === "esm")("the built package", () => {
  test.each(ENTRIES)("import(%j) in Node ESM: no output, no throw, no new globals", (entry) => {
    const script = `
      const before = new Set(Object.getOwnPropertyNames(globalThis));
      const m = await import(${JSON.stringify(entry)});
      const added = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k) && !k.startsWith("__zod_"));
      if (Object.keys(m).length === 0) throw new Error("no exports");
      if (added.length) throw new Error("globals added: " + added.join(","));`;
    expect(node(["--input-type=module", "-e", script])).toEqual({ stdout: "", stderr: "" });
  });

  test.each(ENTRIES)("require(%j) in Node CJS: no output, no throw, no new globals", (entry) => {
    const script = `
      const before = new Set(Object.getOwnPropertyNames(globalThis));
      const m = require(${JSON.stringify(entry)});
      const added = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k) && !k.startsWith("__zod_"));
      if (Object.keys(m).length === 0) throw new Error("no exports");
      if (added.length) throw new Error("globals added: " + added.join(","));`;
    expect(node(["-e", script])).toEqual({ stdout: "", stderr: "" });
  });

  test("ESM and CJS builds export the same names, entry by entry", () => {
    const script = `
      const out = {};
      for (const e of ${JSON.stringify(ENTRIES)}) {
        const esm = Object.keys(await import(e)).filter((k) => k !== "default").sort();
        const cjs = Object.keys(require(e)).filter((k) => k !== "default" && k !== "__esModule").sort();
        out[e] = JSON.stringify(esm) === JSON.stringify(cjs) ? "same" : { esm, cjs };
      }
      console.log(JSON.stringify(out));`;
    const { stdout } = node(["--input-type=module", "-e", `import { createRequire } from "node:module"; const require = createRequire(process.cwd() + "/"); ${script}`]);
    expect(JSON.parse(stdout)).toEqual(Object.fromEntries(ENTRIES.map((e) => [e, "same"])));
  });

  test("in Node, bridge calls reject with ERR_BRIDGE_UNAVAILABLE instead of throwing at import", () => {
    const script = `
      const { getContext, loadAP, request, events } = await import("apkit");
      const codes = [];
      for (const p of [getContext(), loadAP(), request("/rest/api/3/myself")]) codes.push(await p.then(() => "resolved", (e) => e.code));
      try { events.on("x", () => {}); } catch (e) { codes.push(e.code); }
      console.log(codes.join(","));`;
    expect(node(["--input-type=module", "-e", script]).stdout.trim()).toBe(
      "ERR_BRIDGE_UNAVAILABLE,ERR_BRIDGE_UNAVAILABLE,ERR_BRIDGE_UNAVAILABLE,ERR_BRIDGE_UNAVAILABLE",
    );
  });

  test("error names survive minification (a bundler renames classes; apps branch on error.name)", () => {
    const script = `
      import { build } from "esbuild";
      const out = await build({
        stdin: { contents: 'export { TimeoutError, HttpError, PropertyTooLargeError } from "apkit"; export { JWTExpiredError, JWTSignatureError } from "apkit/server";', resolveDir: process.cwd() },
        bundle: true, minify: true, format: "esm", platform: "node", write: false, tsconfigRaw: {},
      });
      const m = await import("data:text/javascript," + encodeURIComponent(out.outputFiles[0].text));
      console.log(Object.values(m).map((E) => new E("x", { claim: "exp" }).name).sort().join(","));`;
    expect(node(["--input-type=module", "-e", script]).stdout.trim()).toBe(
      "HttpError,JWTExpiredError,JWTSignatureError,PropertyTooLargeError,TimeoutError",
    );
  });

  test("dist/apkit.global.js defines exactly window.APKit, with every export of the core entry", async () => {
    const code = readFileSync(`${root}dist/apkit.global.js`, "utf8");
    const window: Record<string, unknown> = {};
    const sandbox: Record<string, unknown> = { window, self: window, globalThis: window };
    runInNewContext(code, sandbox);
    const defined = Object.keys(sandbox).filter((k) => !["window", "self", "globalThis"].includes(k));
    expect(defined).toEqual(["APKit"]);
    const core = await import(`${root}dist/index.mjs`);
    expect(Object.keys(sandbox.APKit as object).sort()).toEqual(Object.keys(core).sort());
  });
});
