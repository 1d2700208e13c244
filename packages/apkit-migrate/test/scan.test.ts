// The scanner (contracts.md section 2): every raw AP use and every apkit call, with its Forge status read from
// apkit/forge's forgeSupport at run time, REST paths and methods for `verify`, positions in the file as written.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { scanPaths, scanSource, type Finding } from "../src/check/scan.js";
import { transformSource } from "../src/code/transform.js";
import { forgeSupport } from "../src/shared/forgeSupport.js";
import { fixtures } from "./support/fixtures.js";

const pick = (f: Finding[]) => f.map(({ line, column, call, kind }) => ({ line, column, call, kind }));

describe("raw uses", () => {
  test("each gets the status of the apkit call it maps to, from apkit/forge's table", () => {
    const table = forgeSupport();
    const [create, token, request] = scanSource("a.js", 'AP.dialog.create({ key: "x" });\nAP.context.getToken(cb);\nAP.request("/rest/api/3/myself");\n');
    expect(create).toMatchObject({ line: 1, column: 1, call: "AP.dialog.create", kind: "raw", forge: table["dialog.open"]!.status });
    expect(token).toMatchObject({ call: "AP.context.getToken", forge: table.getToken!.status });
    expect(request).toMatchObject({ call: "AP.request", forge: table.request!.status, restPath: "/rest/api/3/myself", method: "GET" });
  });

  test("what no apkit call replaces is unsupported, with the table's reason and what to do", () => {
    const [messages, unknown, check] = scanSource("a.js", 'AP.messages.info("a", "b");\nAP.foo.bar();\nif (window.AP) go();\n');
    expect(messages).toMatchObject({ call: "AP.messages.info", forge: "unsupported" });
    expect(messages!.note).toContain("flag.show");
    expect(unknown).toMatchObject({ call: "AP.foo.bar", forge: "unsupported" });
    expect(check).toMatchObject({ call: "AP", forge: "differs" });
  });

  test("REST paths are the literal prefix; methods the literal type, GET when none is given", () => {
    const found = scanSource(
      "a.js",
      [
        'AP.request({ url: "/rest/api/3/issue/" + key + "/comment", type: "post", data: d, contentType: "application/json" });',
        "AP.request(`/rest/api/3/search?jql=${jql}`, { success: cb });",
        "AP.request({ url: base + '/x', type: method });",
        'AP.request({ ...defaults, url: "/rest/api/2/myself" });',
      ].join("\n"),
    );
    expect(found.map((f) => [f.restPath, f.method])).toEqual([
      ["/rest/api/3/issue/", "POST"],
      ["/rest/api/3/search?jql=", "GET"],
      [undefined, undefined],
      ["/rest/api/2/myself", undefined],
    ]);
  });

  test("uses through aliases, parameters, imports and AP.require's modules; comments are not uses", () => {
    const found = scanSource(
      "a.js",
      [
        "import AP2 from './x.js';",
        "const ap = window.AP; // AP.resize() in a comment",
        "const { dialog } = AP;",
        "ap.resize();",
        "dialog.close();",
        "function f(AP) { AP.navigator.reload(); }",
        'AP.require(["request"], function (request) { request({ url: "/rest/api/3/project" }); });',
        "/* AP.flag.create({}) */",
        "let local = AP2.events;",
      ].join("\n"),
    );
    expect(pick(found)).toEqual([
      { line: 4, column: 1, call: "AP.resize", kind: "raw" },
      { line: 5, column: 1, call: "AP.dialog.close", kind: "raw" },
      { line: 6, column: 18, call: "AP.navigator.reload", kind: "raw" },
      { line: 7, column: 1, call: "AP.require(request)", kind: "raw" },
      { line: 7, column: 46, call: "AP.request", kind: "raw" },
    ]);
    expect(found[4]!.restPath).toBe("/rest/api/3/project");
  });

  test("a name that is not AP (a local AP, a shadowed window) is not the bridge", () => {
    expect(scanSource("a.js", "function f(window) { window.AP.resize(); }")).toEqual([]);
    // A variable of the file named AP is still reported: it is most likely the bridge, but not provably.
    expect(pick(scanSource("a.js", "let AP = make();\nAP.resize();"))).toEqual([{ line: 2, column: 1, call: "AP.resize", kind: "raw" }]);
  });
});

describe("apkit calls", () => {
  test("imported (named, renamed, namespace, CommonJS), the page's APKit, and apkit/react's hooks", () => {
    const table = forgeSupport();
    const found = scanSource(
      "a.tsx",
      [
        'import { requestJson, dialog as d, events } from "apkit";',
        'import * as apkit from "apkit";',
        'import { useRequest } from "apkit/react";',
        'requestJson(`/rest/api/3/issue/${key}`, { method: "PUT", body: {} });',
        'd.open({ key: "x" });',
        "apkit.flag.show({ title: 't' });",
        'const q = useRequest("/rest/api/3/myself");',
        'events.on("x", fn);',
        "apkit.loadAP();",
        "apkit.configure({ timeout: 1 });",
      ].join("\n"),
    );
    expect(found.map((f) => [f.call, f.kind, f.forge, f.restPath, f.method])).toEqual([
      ["requestJson", "apkit", table.requestJson!.status, "/rest/api/3/issue/", "PUT"],
      ["dialog.open", "apkit", table["dialog.open"]!.status, undefined, undefined],
      ["flag.show", "apkit", table["flag.show"]!.status, undefined, undefined],
      ["useRequest", "apkit", table.request!.status, "/rest/api/3/myself", "GET"],
      ["events.on", "apkit", table["events.on"]!.status, undefined, undefined],
      ["loadAP", "apkit", table.loadAP!.status, undefined, undefined],
    ]);
    expect(scanSource("p.js", 'window.APKit.dialog.close();\nAPKit.getToken();\nconst { apFetch } = require("apkit");\napFetch("/api");').map((f) => f.call)).toEqual([
      "dialog.close",
      "getToken",
      "apFetch",
    ]);
  });
});

describe("file kinds", () => {
  test("positions in a template are the template's, and markup uses are found by their text", () => {
    const page = '<div onclick="AP.dialog.close()"></div>\n<script>\n  var k = "{{key}}";\n  AP.resize();\n</script>\n';
    expect(pick(scanSource("p.hbs", page))).toEqual([
      { line: 1, column: 15, call: "AP.dialog.close", kind: "raw" },
      { line: 4, column: 3, call: "AP.resize", kind: "raw" },
    ]);
    expect(scanSource("p.hbs", page)[0]!.note).toContain("markup");
  });

  test("a block that does not parse is scanned by its text, and says so", () => {
    const [f] = scanSource("p.html", "<script>\n  AP.events.emit('x' +;\n</script>");
    expect(f).toMatchObject({ line: 2, column: 3, call: "AP.events.emit", kind: "raw" });
    expect(f!.note).toContain("does not parse");
  });

  test("what the codemod leaves is what check finds raw, in every fixture", () => {
    for (const fixture of fixtures()) {
      const result = transformSource(fixture.inputName, fixture.input);
      const raw = scanSource(fixture.inputName, result.output).filter((f) => f.kind === "raw");
      expect(raw.map((f) => f.line), fixture.name).toEqual(result.left.map((l) => l.line));
    }
  });
});

test("scanPaths reads directories (without node_modules) and names files relative to cwd", async () => {
  const dir = mkdtempSync(join(tmpdir(), "apkit-migrate-scan-"));
  try {
    mkdirSync(join(dir, "src", "node_modules", "x"), { recursive: true });
    writeFileSync(join(dir, "src", "a.js"), "AP.resize();\n");
    writeFileSync(join(dir, "src", "b.txt"), "AP.resize();\n");
    writeFileSync(join(dir, "src", "node_modules", "x", "c.js"), "AP.resize();\n");
    writeFileSync(join(dir, "page.html"), "<script>AP.navigator.reload()</script>");
    const scanned = await scanPaths(["src", "page.html"], { cwd: dir });
    expect(scanned.map((s) => [s.file, s.findings.map((f) => f.call)])).toEqual([
      ["src/a.js", ["AP.resize"]],
      ["page.html", ["AP.navigator.reload"]],
    ]);
    await expect(scanPaths(["missing"], { cwd: dir })).rejects.toMatchObject({ code: "ERR_PATH_NOT_FOUND" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
