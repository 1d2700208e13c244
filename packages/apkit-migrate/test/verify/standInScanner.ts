// A small stand-in for apkit-migrate's scanner (contracts.md section 2, src/check/scan.ts, written by the `code`/`check`
// work in parallel): it finds the apkit calls verify needs (product requests with a literal path, apFetch, the Forge-
// unsupported dialog.button) with regular expressions, in the shape the agreed `scanPaths` answers. Tests only.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Finding, ScanPaths } from "../../src/verify/verify.js";

const CALL = /\b(useRequest|requestJson|request|apFetch|useApFetch|dialog\.button)\s*(?:<[^>(]*>)?\s*\(\s*(?:(["'])([^"']*)\2|`([^`$]*))?/g;

function files(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).filter((entry) => entry !== "node_modules").flatMap((entry) => files(join(path, entry)));
}

export function scanSource(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of text.matchAll(CALL)) {
    const before = text.slice(0, match.index);
    const line = before.split("\n").length;
    const column = match.index! - before.lastIndexOf("\n");
    const name = match[1]!;
    const path = match[3] ?? match[4];
    if (name === "dialog.button") {
      findings.push({ line, column, call: name, kind: "apkit", forge: "unsupported", note: "Forge modals have no host buttons: draw them in the modal" });
    } else if (name === "apFetch" || name === "useApFetch") {
      findings.push({ line, column, call: "apFetch", kind: "apkit", forge: "works" });
    } else if (path !== undefined && path.startsWith("/")) {
      const method = /method:\s*["'](\w+)["']/.exec(text.slice(match.index!, match.index! + 200))?.[1];
      findings.push({ line, column, call: name, kind: "apkit", forge: "works", restPath: path, ...(method && { method }) });
    }
  }
  return findings;
}

export const scanPaths: ScanPaths = async (paths) =>
  paths.flatMap(files).filter((file) => /\.(m|c)?(j|t)sx?$/.test(file)).map((file) => ({ file, findings: scanSource(readFileSync(file, "utf8")) }));
