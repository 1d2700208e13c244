/**
 * The scanner: every use of raw `AP` and every apkit call in a file, with its status on Forge. Raw uses get the
 * status of the apkit call the table maps them to (apkit/compat runs raw `AP.x` on Forge as that call); apkit calls
 * their own, both from apkit/forge's `forgeSupport`. Used by `check`, by the codemod (what it left), and by `verify`
 * (REST paths against the manifest's scopes).
 */
import { readFile } from "node:fs/promises";
import { REACT_HOOKS, rawMethodOf, normalisePath, REQUIRE_MODULES } from "../shared/apCalls.js";
import { analyze, chainOf, hookOf, isAliasSource, requireModules, unwrap, type Analysis, type ApUse } from "../shared/analyze.js";
import { filesOf } from "../shared/files.js";
import { forgeSupport, type ForgeSupportStatus } from "../shared/forgeSupport.js";
import { parseCode, type Node } from "../shared/parse.js";
import { filePosition, placeholdersUnsafe, restoreDirectives, sourceOf, type Block } from "../shared/sources.js";

export interface Finding {
  /** 1-based line and column in the file as written (for template files: in the template, not the script block). */
  line: number;
  column: number;
  /** The call as it appears, normalised: "AP.request", "AP.dialog.create", "AP.require(request)", or an apkit call
   *  "request", "dialog.open", "apFetch", "events.on" ... */
  call: string;
  kind: "raw" | "apkit";
  /** Its status on Forge: through apkit/compat for raw uses, through apkit/forge for apkit calls. */
  forge: ForgeSupportStatus;
  /** The documented difference, or what to use instead. */
  note?: string;
  /** For apkit and raw product requests: the REST path when it is a literal or a template with a literal prefix
   *  ("/rest/api/3/issue/"), so `verify` can match it against scopes. */
  restPath?: string;
  /** For product requests: the HTTP method when known. */
  method?: string;
}

/** A use of raw AP in a parsed block, before its Forge status is looked up. */
export interface RawSite {
  use: ApUse;
  /** 1-based, in the file. */
  line: number;
  column: number;
  /** "AP.dialog.create", "AP.require(request, dialog)", "AP" */
  call: string;
  /** The normalised path under AP (`["dialog", "create"]`). */
  path: string[];
  called: boolean;
  restPath?: string;
  method?: string;
}

/** Every use of raw AP in `analysis` (a block of `block`), in source order. Aliases' own declarations are not uses. */
export function rawSites(analysis: Analysis, block: Block): RawSite[] {
  const sites: RawSite[] = [];
  for (const use of analysis.uses) {
    if (isAliasSource(use, analysis)) continue;
    const chain = chainOf(use.root, use.prefix);
    const path = normalisePath(chain.path);
    const start = use.root.loc?.start ?? { line: 1, column: 0 };
    const { line, column } = filePosition(block, start.line, start.column);
    let call = ["AP", ...path].join(".");
    if (path.join(".") === "require" && chain.call) {
      const modules = requireModules(chain.call.arguments[0]);
      call = `AP.require(${modules ? modules.join(", ") : "..."})`;
    }
    const site: RawSite = { use, line, column, call, path, called: !!chain.call };
    if (chain.call && path.join(".") === "request") Object.assign(site, requestOf(chain.call.arguments, "raw", block));
    sites.push(site);
  }
  return sites.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Every apkit call in `analysis`, as `[site, forge key]`. */
function apkitSites(analysis: Analysis, block: Block, table: Readonly<Record<string, unknown>>) {
  const out: { line: number; column: number; call: string; key: string; restPath?: string; method?: string }[] = [];
  for (const use of analysis.apkit) {
    const chain = chainOf(use.root, use.prefix);
    if (!chain.call) continue;
    const hook = hookOf(chain.path);
    let key: string | undefined = hook ? REACT_HOOKS[hook] : undefined;
    if (!key) {
      for (let n = chain.path.length; n > 0 && !key; n--) {
        const candidate = chain.path.slice(0, n).join(".");
        if (Object.prototype.hasOwnProperty.call(table, candidate)) key = candidate;
      }
    }
    if (!key) continue;
    const call = hook ?? key;
    const start = use.root.loc?.start ?? { line: 1, column: 0 };
    const { line, column } = filePosition(block, start.line, start.column);
    const site = { line, column, call, key };
    if (key === "request" || key === "requestJson") Object.assign(site, requestOf(chain.call.arguments, "apkit", block));
    out.push(site);
  }
  return out;
}

// Parses a block, or says why it cannot be parsed.
function parseBlock(block: Block): { ast: Node; analysis: Analysis } | { error: unknown } {
  try {
    const ast = parseCode(block.code, block.lang);
    return { ast, analysis: analyze(ast) };
  } catch (error) {
    return { error };
  }
}

/**
 * The findings of one file's text, in source order. A block that does not parse is scanned by its text (every
 * `AP.x` in it, comments included), and its findings say so.
 *
 * @example
 * ```ts
 * import { scanSource } from "apkit-migrate/scan";
 * scanSource("panel.js", 'AP.dialog.create({ key: "edit" });'); // [{ line: 1, column: 1, call: "AP.dialog.create", kind: "raw", forge: "differs", ... }]
 * ```
 */
export function scanSource(file: string, text: string): Finding[] {
  const table = forgeSupport();
  const source = sourceOf(file, text);
  const findings: Finding[] = [];
  for (const block of source.blocks) {
    const parsed = parseBlock(block);
    const unreadable = "error" in parsed ? "the block does not parse" : placeholdersUnsafe(block, parsed.ast) && "its template directives stand where code is read";
    if (unreadable || "error" in parsed) {
      for (const use of textUses({ ...block, code: restoreDirectives(block.code, block) })) {
        findings.push(rawFinding(use.line, use.column, use.call, use.path, table, `found by its text: ${unreadable}`));
      }
      continue;
    }
    for (const site of rawSites(parsed.analysis, block)) {
      const f = rawFinding(site.line, site.column, site.call, site.path, table, undefined, site.called, site.use);
      if (site.restPath !== undefined) f.restPath = site.restPath;
      if (site.method !== undefined) f.method = site.method;
      findings.push(f);
    }
    for (const site of apkitSites(parsed.analysis, block, table)) {
      const support = table[site.key]!;
      const f: Finding = { line: site.line, column: site.column, call: site.call, kind: "apkit", forge: support.status };
      if (support.note) f.note = support.note;
      if (site.restPath !== undefined) f.restPath = site.restPath;
      if (site.method !== undefined) f.method = site.method;
      findings.push(f);
    }
  }
  for (const use of source.outside) {
    const path = normalisePath(use.call.split(".").slice(1));
    findings.push(rawFinding(use.line, use.column, ["AP", ...path].join("."), path, table, "in the page's markup, outside a script block"));
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Scans the files under `paths` (files and directories, relative to `cwd`).
 *
 * @example
 * ```ts
 * import { scanPaths } from "apkit-migrate/scan";
 * for (const { file, findings } of await scanPaths(["src"])) console.log(file, findings.length);
 * ```
 */
export async function scanPaths(paths: string[], options: { cwd?: string } = {}): Promise<{ file: string; findings: Finding[] }[]> {
  const cwd = options.cwd ?? process.cwd();
  const out: { file: string; findings: Finding[] }[] = [];
  for (const { path, name } of await filesOf(paths, cwd)) out.push({ file: name, findings: scanSource(name, await readFile(path, "utf8")) });
  return out;
}

/** The uses of AP in a block that does not parse, found by their text. */
export function textUses(block: Block): { line: number; column: number; call: string; path: string[] }[] {
  const out: { line: number; column: number; call: string; path: string[] }[] = [];
  const re = /(?<![\w$.])(?:window\s*\.\s*)?AP\b(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*/g;
  const starts = [0];
  for (let i = block.code.indexOf("\n"); i >= 0; i = block.code.indexOf("\n", i + 1)) starts.push(i + 1);
  for (const m of block.code.matchAll(re)) {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= m.index!) line++;
    const pos = filePosition(block, line + 1, m.index! - starts[line]!);
    const path = normalisePath(m[0].replace(/\s+/g, "").replace(/\?\./g, ".").replace(/^window\./, "").split(".").slice(1));
    out.push({ ...pos, call: ["AP", ...path].join("."), path });
  }
  return out;
}

function rawFinding(
  line: number,
  column: number,
  call: string,
  path: string[],
  table: Readonly<Record<string, { status: ForgeSupportStatus; note?: string }>>,
  where?: string,
  called = true,
  use?: ApUse,
): Finding {
  const { forge, note } = rawStatus(path, table, called, use);
  const text = [note, where].filter(Boolean).join("; ");
  return { line, column, call, kind: "raw", forge, ...(text ? { note: text } : {}) };
}

/** The Forge status of a raw use of `AP.<path>`, through the apkit call it maps to. */
export function rawStatus(
  path: string[],
  table: Readonly<Record<string, { status: ForgeSupportStatus; note?: string }>>,
  called = true,
  use?: ApUse,
): { forge: ForgeSupportStatus; note?: string } {
  const key = path.join(".");
  if (key === "require") {
    const call = use ? chainOf(use.root, use.prefix).call : undefined;
    const modules = call ? requireModules(call.arguments[0]) : undefined;
    const unknown = modules?.filter((m) => !Object.prototype.hasOwnProperty.call(REQUIRE_MODULES, m));
    if (!modules || unknown!.length > 0) {
      return { forge: "unsupported", note: `AP.require of ${modules ? unknown!.join(", ") : "modules named at run time"}: no apkit call stands for ${modules ? "them" : "those"}` };
    }
    return { forge: "works", note: "apkit/compat hands over the same modules; each call made through them is listed on its own" };
  }
  const entry = rawMethodOf(path);
  if (!entry) {
    if (!called && path.length <= 1) {
      return { forge: "differs", note: "a feature check of AP: on Forge it sees apkit/compat's AP; tell the product from getContext() instead" };
    }
    return { forge: "unsupported", note: `AP.${key} is not an AP method apkit knows` };
  }
  if (!entry.apkit) return { forge: "unsupported", note: `${entry.why}; instead: ${entry.instead}` };
  const support = table[entry.apkit];
  if (!support) return { forge: "unsupported", note: `apkit/forge lists no status for ${entry.apkit}` };
  const notes = [entry.apkit === "request" ? "as apkit's request" : `as apkit's ${entry.apkit}`, support.note, entry.why && `${entry.why}; instead: ${entry.instead}`];
  return { forge: support.status, note: notes.filter(Boolean).join(": ") };
}

/** The REST path (literal prefix) and method of a request's arguments, raw (`AP.request`) or apkit (`request`). */
function requestOf(args: Node[], kind: "raw" | "apkit", block: Block): { restPath?: string; method?: string } {
  const [first, second] = args.map((a) => a && unwrap(a));
  let url: Node | undefined = first;
  let options: Node | undefined = kind === "raw" ? (first?.type === "ObjectExpression" ? first : second) : second;
  if (kind === "raw" && first?.type === "ObjectExpression") url = propertyValue(first, "url");
  const out: { restPath?: string; method?: string } = {};
  const prefix = url ? literalPrefix(url) : undefined;
  if (prefix !== undefined) {
    let text = prefix;
    // A template directive in the path ends what is known of it.
    for (const placeholder of block.directives.keys()) {
      const at = text.indexOf(placeholder);
      if (at >= 0) text = text.slice(0, at);
    }
    out.restPath = text;
  }
  const methodKey = kind === "raw" ? "type" : "method";
  if (!options) out.method = "GET";
  else if (options.type === "ObjectExpression") {
    const m = propertyValue(options, methodKey);
    if (m?.type === "StringLiteral") out.method = m.value.toUpperCase();
    else if (!m && !options.properties.some((p: Node) => p.type === "SpreadElement")) out.method = "GET";
  }
  return out;
}

/** The value of a plain `key: value` property of an object literal. */
export function propertyValue(object: Node, key: string): Node | undefined {
  for (const p of object.properties as Node[]) {
    if (p.type !== "ObjectProperty" || p.computed) continue;
    const name = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
    if (name === key) return unwrap(p.value);
  }
  return undefined;
}

/** The text an expression starts with, when it is known: a literal, a template's first part, `"a" + x`. */
export function literalPrefix(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === "StringLiteral") return n.value;
  if (n.type === "TemplateLiteral") return n.quasis[0]?.value.cooked ?? undefined;
  if (n.type === "BinaryExpression" && n.operator === "+") {
    const left = literalPrefix(n.left);
    if (left === undefined) return undefined;
    const l = unwrap(n.left);
    const leftComplete = l.type === "StringLiteral" || (l.type === "TemplateLiteral" && l.expressions.length === 0) || isCompleteConcat(l);
    if (!leftComplete) return left;
    const right = literalPrefix(n.right);
    return right === undefined ? left : left + right;
  }
  return undefined;
}

function isCompleteConcat(n: Node): boolean {
  if (n.type === "StringLiteral") return true;
  if (n.type === "TemplateLiteral") return n.expressions.length === 0;
  return n.type === "BinaryExpression" && n.operator === "+" && isCompleteConcat(unwrap(n.left)) && isCompleteConcat(unwrap(n.right));
}
