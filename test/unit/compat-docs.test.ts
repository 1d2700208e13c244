// docs/compat.md prints rawSupport method by method: the page's table must be exactly what rawSupport says now
// (regenerate it with `npm run docs:compat`), so the docs cannot drift from the library.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rawSupport } from "apkit/compat";
import { expect, test } from "vitest";
import { BEGIN, END, renderTable, withTable } from "../../scripts/compat-table.mjs";

const page = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/compat.md"), "utf8");

test("docs/compat.md's table is rawSupport's (npm run docs:compat writes it)", () => {
  expect(page.slice(page.indexOf(BEGIN), page.indexOf(END) + END.length)).toBe(withTable(`${BEGIN}${END}`, renderTable(rawSupport)));
});

test("the table has a row per raw method, with its status and words", () => {
  const table = renderTable(rawSupport);
  expect(table.split("\n").filter((line) => line.startsWith("| `AP.")).length).toBe(Object.keys(rawSupport).length);
  expect(table).toContain("| `AP.context.getToken` | **fails coded** | `getToken` | call your backend with apFetch");
  expect(() => withTable("no markers", table)).toThrow(/markers/);
});
