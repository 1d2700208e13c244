// The codemod on its fixture pairs: each input becomes its reviewed output, reports what expect.json says, parses
// again, and a second run changes nothing (idempotent) and reports the same uses left.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { transformSource } from "../src/code/transform.js";
import { parseCode } from "../src/shared/parse.js";
import { sourceOf } from "../src/shared/sources.js";
import { fixtures } from "./support/fixtures.js";

const UPDATE = process.env.APKIT_MIGRATE_UPDATE === "1";

describe.each(fixtures())("fixture $name", (fixture) => {
  const outputName = `output.${fixture.ext}`;
  const result = transformSource(`${fixture.name}/${fixture.inputName}`, fixture.input);
  if (UPDATE) {
    writeFileSync(join(fixture.dir, outputName), result.output);
    writeFileSync(
      join(fixture.dir, "expect.json"),
      JSON.stringify({ rewritten: result.rewritten, left: result.left.map((l) => [l.line, l.call, l.reason]), notes: result.notes }, null, 2) + "\n",
    );
  }
  const expected = readFileSync(join(fixture.dir, outputName), "utf8");
  const expectation = JSON.parse(readFileSync(join(fixture.dir, "expect.json"), "utf8")) as { rewritten: number; left: [number, string, string][]; notes: string[] };

  test("the input becomes the expected output", () => {
    expect(result.output).toBe(expected);
    expect(result.changed).toBe(expected !== fixture.input);
  });

  test("the report says what was rewritten and what was left, and why", () => {
    expect(result.rewritten).toBe(expectation.rewritten);
    expect(result.left.map((l) => [l.line, l.call, l.reason])).toEqual(expectation.left);
    expect(result.notes).toEqual(expectation.notes);
    for (const l of result.left) {
      expect(l.reason.length).toBeGreaterThan(10);
      expect(l.suggestion.length).toBeGreaterThan(5);
      // The line is the output's, and the use is on it (`AP.require(messages)` on `AP.require`; a module's
      // `messages.success` on `success`).
      expect(expected.split("\n")[l.line - 1]).toContain(l.call.replace(/\(.*$/, "").split(".").pop());
    }
  });

  test("every block of the output parses", () => {
    for (const block of sourceOf(fixture.inputName, expected).blocks) {
      if (block.unsafe) continue;
      expect(() => parseCode(block.code, block.lang)).not.toThrow();
    }
  });

  test("a second run changes nothing and leaves the same uses", () => {
    const again = transformSource(`${fixture.name}/${outputName}`, expected);
    expect(again.changed).toBe(false);
    expect(again.output).toBe(expected);
    expect(again.rewritten).toBe(0);
    expect(again.left).toEqual(result.left);
  });
});

test("the fixtures cover every file kind", () => {
  const kinds = new Set(fixtures().map((f) => f.ext));
  for (const ext of ["js", "mjs", "cjs", "jsx", "ts", "tsx", "vue", "html", "hbs", "mustache", "gohtml", "ejs"]) expect(kinds).toContain(ext);
});
