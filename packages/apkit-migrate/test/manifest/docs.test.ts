// docs/forge.md shows the full manifest of a migrated app: the React example's manifest.yml, which @forge/manifest
// validates (test/node/forge-manifest.test.ts) and `manifest --move-ui` writes (test/verify/verify.test.ts).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

test("the manifest in docs/forge.md is examples/react-app/manifest.yml", () => {
  const docs = readFileSync(`${root}docs/forge.md`, "utf8");
  const section = docs.slice(docs.indexOf("## The manifest"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(block).toBeDefined();
  expect(parse(block!)).toEqual(parse(readFileSync(`${root}examples/react-app/manifest.yml`, "utf8")));
});
