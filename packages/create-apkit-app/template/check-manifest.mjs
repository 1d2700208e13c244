// `npm run check:manifest`: manifest.yml through @forge/manifest's validation, the one the Forge CLI runs (it checks
// that every resource's folder exists: run `npm run build:forge` first), and one thing it does not check yet: Forge
// refuses to deploy the nodejs20.x runtime since May 2026.
import { validate } from "@forge/manifest";

const result = await validate(false);
const errors = (result.errors ?? []).map((error) => `manifest.yml:${error.line ?? "?"}: ${error.message}`);
const runtime = result.manifestObject?.typedContent?.app?.runtime?.name;
if (runtime === "nodejs20.x") errors.push("manifest.yml: app.runtime.name nodejs20.x is refused by Forge since May 2026: use nodejs22.x");
for (const error of errors) console.error(error);
if (!result.success || errors.length) process.exit(1);
console.log("manifest.yml is a valid Forge manifest");
