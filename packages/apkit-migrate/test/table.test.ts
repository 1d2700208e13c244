// The raw AP table that `code` and `check` share: complete against apkit's own list of AP's methods
// (docs/parity.md), every apkit call it names known to apkit/forge's forgeSupport, every call it leaves explained.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { apkitCallsOfTable, RAW_METHODS, RAW_NAMESPACES, rawMethodOf } from "../src/shared/apCalls.js";
import { forgeSupport } from "../src/shared/forgeSupport.js";

test("every apkit call the table maps to is a key of apkit/forge's forgeSupport", () => {
  const table = forgeSupport();
  const missing = apkitCallsOfTable().filter((call) => !Object.prototype.hasOwnProperty.call(table, call));
  expect(missing).toEqual([]);
});

test("every method the table leaves says why, and what to write instead", () => {
  for (const [path, entry] of [...Object.entries(RAW_METHODS), ...Object.entries(RAW_NAMESPACES)]) {
    if (entry.rewrite) continue;
    expect(entry.why, path).toMatch(/\w{4}/);
    expect(entry.instead, path).toMatch(/\w{4}/);
  }
});

// docs/parity.md lists every method of @types/atlassian-connect-js 5.2.19 by namespace.
function parityMethods(): string[] {
  const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "parity.md"), "utf8");
  const out: string[] = [];
  let space: string | undefined;
  for (const line of doc.split("\n")) {
    const heading = /^## (?:Top level|`AP\.(\w+)`)/.exec(line);
    if (heading) {
      space = heading[1] ?? "";
      continue;
    }
    const row = /^\| `(?:AP\.)?([a-z]\w*(?:\.\w+)?)\(/.exec(line);
    // Rows name `namespace.method` (`context.getToken`, `inlineDialog.hide`), top-level ones the method alone.
    if (row && space !== undefined) out.push(row[1]!.includes(".") || !space ? row[1]! : `${space}.${row[1]}`);
  }
  return out;
}

test("the table knows every method of AP that apkit's parity list has", () => {
  const methods = parityMethods();
  expect(methods.length).toBeGreaterThan(60);
  expect(methods.filter((m) => !rawMethodOf(m.split(".")))).toEqual([]);
});
