/**
 * `apkit-migrate verify MANIFEST PATHS...`: do the Forge pages' code and the manifest agree?
 *
 * - every dialog key and the remote that `forge({ dialogs, remote })` names exist as a resource and a remote;
 * - every dialog the pages open by key reaches a resource (mapped in forge(), or a resource of that name);
 * - `apFetch` has a remote to go to;
 * - every resource directory has an index.html;
 * - the product calls the pages make (the scanner's findings with a REST path) are allowed by the manifest's scopes;
 *   calls that do not work on Forge are listed as warnings (`apkit-migrate check` says more).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { MigrateError } from "../manifest/errors.js";
import type { ForgeManifest, Product } from "../manifest/types.js";
import type { Finding } from "../check/scan.js";
import { CodeReader, type CodeLocation } from "./readCode.js";
import { grants, scopeFor } from "./scopeRules.js";

/** The scanner `verify` reads the pages' calls with: `scanPaths` of src/check/scan.ts (contracts.md section 2). */
export type ScanPaths = (paths: string[], options?: { cwd?: string }) => Promise<{ file: string; findings: Finding[] }[]>;

/** What a problem is about. */
export type ProblemCheck =
  | "resource-entry"
  | "dialog-resource"
  | "remote"
  | "opened-dialog"
  | "apfetch-remote"
  | "scope"
  | "unknown-scope"
  | "unsupported"
  | "unreadable-options"
  | "no-forge-call";

/** One disagreement between the code and the manifest. */
export interface Problem {
  level: "error" | "warning";
  check: ProblemCheck;
  message: string;
  at?: CodeLocation;
}

const SOURCE = /\.(m|c)?(j|t)sx?$/;
const SKIP = new Set(["node_modules", "dist", "lib", "dist-forge", "build", ".git"]);

function sourceFiles(path: string, out: string[] = []): string[] {
  const stat = statSync(path);
  if (stat.isFile()) {
    if (SOURCE.test(path)) out.push(path);
  } else if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) if (!SKIP.has(entry)) sourceFiles(join(path, entry), out);
  }
  return out;
}

function productOf(manifest: ForgeManifest): Product | undefined {
  const names = [...Object.keys(manifest.connectModules ?? {}), ...Object.keys(manifest.modules ?? {}), ...(manifest.permissions?.scopes ?? [])];
  if (names.some((name) => name.startsWith("jira:") || name.endsWith("jira") || name.includes("jira-"))) return "jira";
  if (names.some((name) => name.startsWith("confluence:") || name === "macro" || name.includes("confluence"))) return "confluence";
  return undefined;
}

/**
 * Checks that the code under `paths` and the manifest at `manifestPath` agree; resolves every problem found.
 *
 * @example
 * ```ts
 * const problems = await verifyManifest("manifest.yml", ["src"], { scanPaths });
 * ```
 */
export async function verifyManifest(manifestPath: string, paths: string[], options: { scanPaths: ScanPaths; cwd?: string }): Promise<Problem[]> {
  const cwd = options.cwd ?? process.cwd();
  let manifest: ForgeManifest;
  try {
    manifest = parse(await readFile(resolve(cwd, manifestPath), "utf8")) as ForgeManifest;
  } catch (cause) {
    throw new MigrateError("ERR_VERIFY_INPUT", `cannot read ${manifestPath} as a manifest`, { cause });
  }
  if (!manifest?.app) throw new MigrateError("ERR_VERIFY_INPUT", `${manifestPath} is not a Forge manifest (no app)`);
  const problems: Problem[] = [];
  const error = (check: ProblemCheck, message: string, at?: CodeLocation) => problems.push({ level: "error", check, message, ...(at && { at }) });
  const warning = (check: ProblemCheck, message: string, at?: CodeLocation) => problems.push({ level: "warning", check, message, ...(at && { at }) });
  const manifestDir = dirname(resolve(cwd, manifestPath));
  const resources = new Set((manifest.resources ?? []).map((resource) => resource.key));
  const remotes = new Set((manifest.remotes ?? []).map((remote) => remote.key));
  const scopes = manifest.permissions?.scopes ?? [];

  for (const resource of manifest.resources ?? []) {
    if (!existsSync(join(manifestDir, resource.path, "index.html"))) error("resource-entry", `resource "${resource.key}": ${resource.path}/index.html does not exist (build the page into it)`);
  }

  const absolute = paths.map((path) => resolve(cwd, path));
  for (const path of absolute) if (!existsSync(path)) throw new MigrateError("ERR_VERIFY_INPUT", `${relative(cwd, path)} does not exist`);
  const files = absolute.flatMap((path) => sourceFiles(path));
  const reader = new CodeReader();
  const read = files.map((file) => ({ file, ...reader.read(file) }));
  const forgeCalls = read.flatMap((entry) => entry.forgeCalls);
  const rel = (at: CodeLocation): CodeLocation => ({ ...at, file: relative(cwd, at.file) });

  const mapped = new Map<string, string>();
  let remote: string | undefined;
  for (const call of forgeCalls) {
    if (call.unreadable) error("unreadable-options", `forge(): ${call.unreadable}, so verify cannot check it against the manifest (write the options as constants)`, rel(call));
    for (const [key, resource] of Object.entries(call.dialogs ?? {})) {
      mapped.set(key, resource);
      if (!resources.has(resource)) error("dialog-resource", `forge(): dialog "${key}" opens resource "${resource}", which is not in the manifest's resources`, rel(call));
    }
    if (call.remote !== undefined) {
      remote = call.remote;
      if (!remotes.has(call.remote)) error("remote", `forge(): remote "${call.remote}" is not in the manifest's remotes`, rel(call));
    }
  }
  for (const entry of read) {
    for (const opened of entry.dialogs) {
      const resource = mapped.get(opened.key) ?? opened.key;
      if (!resources.has(resource)) error("opened-dialog", `dialog "${opened.key}" is opened here, but no resource "${resource}" is in the manifest (map it in forge({ dialogs }))`, rel(opened));
    }
  }

  const scanned = await options.scanPaths(absolute, { cwd });
  const product = productOf(manifest);
  for (const { file, findings } of scanned) {
    for (const finding of findings) {
      const at = rel({ file: resolve(cwd, file), line: finding.line, column: finding.column });
      if (finding.call === "apFetch" && finding.kind === "apkit" && !remote && forgeCalls.length > 0) {
        error("apfetch-remote", "apFetch needs forge({ remote }) naming the manifest's remote", at);
      }
      if (finding.restPath && product) {
        const needed = scopeFor(product, finding.restPath, finding.method);
        if (!needed) warning("unknown-scope", `${finding.call} ${finding.method ?? "GET"} ${finding.restPath}: no scope rule knows this path; check the manifest's scopes by hand`, at);
        else if (!grants(scopes, needed)) error("scope", `${finding.call} ${finding.method ?? "GET"} ${finding.restPath} needs the scope ${needed}, which the manifest does not have`, at);
      }
      if (finding.forge === "unsupported") warning("unsupported", `${finding.call} does not work on Forge${finding.note ? `: ${finding.note}` : ""}`, at);
    }
  }
  const apkitCalls = scanned.some((entry) => entry.findings.some((finding) => finding.kind === "apkit"));
  if (forgeCalls.length === 0 && apkitCalls) warning("no-forge-call", "no forge({ ... }) start-up line found in these paths: the Forge pages need loadAP({ platform: forge({ ... }) })");
  return problems;
}
