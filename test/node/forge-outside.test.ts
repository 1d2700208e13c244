// Outside a Forge Custom UI frame, @forge/bridge throws at import (it reads globalThis.__bridge at top level). apkit
// turns that into its own coded error, naming where it is: checked in a fresh Node process, where @forge/bridge has
// never been imported (a test worker may have imported it over an emulated host already), on the built ESM and CJS.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe.runIf(process.env.APKIT_TARGET === "esm")("loadAP({ platform: forge() }) outside Forge", () => {
  test.each([
    ["ESM", `const { loadAP } = await import("apkit"); const { forge } = await import("apkit/forge");`],
    ["CJS", `const { loadAP } = require("apkit"); const { forge } = require("apkit/forge");`],
  ])("%s: rejects with ERR_BRIDGE_UNAVAILABLE, @forge/bridge's own error as its cause", (kind, load) => {
    const script = `(async () => { ${load}
      const error = await loadAP({ platform: forge() }).then(() => null, (e) => e);
      console.log(JSON.stringify({ code: error?.code, message: error?.message, cause: String(error?.cause?.message ?? error?.cause) }));
    })();`;
    const out = execFileSync(process.execPath, kind === "ESM" ? ["--input-type=module", "-e", script] : ["-e", script], { cwd: root, encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").at(-1)!);
    expect(result.code).toBe("ERR_BRIDGE_UNAVAILABLE");
    expect(result.message).toMatch(/^Not in a Forge Custom UI frame/);
    expect(result.cause).not.toBe("undefined");
  });
});
