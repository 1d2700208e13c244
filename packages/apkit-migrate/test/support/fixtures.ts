// The codemod's fixture pairs: test/fixtures/code/<name>/input.<ext> and output.<ext>, with expect.json (how many
// uses are rewritten and which are left, by line and call). APKIT_MIGRATE_UPDATE=1 rewrites the expected files from
// the codemod's output, for review in the diff; the test run never does.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "code");

export interface Fixture {
  name: string;
  dir: string;
  /** "input.js" */
  inputName: string;
  input: string;
  ext: string;
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(FIXTURES, d.name);
      const inputName = readdirSync(dir).find((f) => f.startsWith("input."))!;
      return { name: d.name, dir, inputName, input: readFileSync(join(dir, inputName), "utf8"), ext: inputName.slice("input.".length) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
