// The React example's manifest.yml (the migrated app: app.connect.key, a jira:issuePanel resource, the dialog as a
// modal resource, the backend as a remote, connectModules for what has not moved) passes Forge's own manifest
// validator, @forge/manifest, including its check that every resource path exists (npm run example:react:forge).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validate } from "@forge/manifest";
import { expect, test } from "vitest";

const app = fileURLToPath(new URL("../../examples/react-app/", import.meta.url));

test("examples/react-app/manifest.yml is a valid Forge manifest for the Connect app it migrates", { timeout: 60_000 }, async () => {
  expect(existsSync(`${app}dist-forge`), "build the Forge resources first: npm run example:react:forge").toBe(true);
  const cwd = process.cwd();
  process.chdir(app);
  try {
    const result = await validate(false);
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
    const manifest = result.manifestObject?.typedContent as unknown as { app: { connect?: { key: string } }; connectModules?: unknown; remotes?: unknown[] };
    expect(manifest.app.connect?.key).toBe("apkit-react-example");
    expect(manifest.connectModules).toBeTruthy();
    expect(manifest.remotes?.length).toBeGreaterThan(0);
  } finally {
    process.chdir(cwd);
  }
});
