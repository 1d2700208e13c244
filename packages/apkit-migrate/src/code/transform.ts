/**
 * The codemod on one file: every block of code is parsed with recast (through jscodeshift's parser interface, so
 * formatting and comments are kept), its uses of `AP` rewritten deepest first by the rules, apkit imported, and
 * the block printed back. The result is parsed again: what is left is read from the output itself, and a block whose
 * output would not parse is kept as it was.
 */
import jscodeshift from "jscodeshift";
import { analyze, chainOf, isAliasSource, parentOf, type Analysis, type ApUse } from "../shared/analyze.js";
import { normalisePath, rawMethodOf } from "../shared/apCalls.js";
import { parseCode, recastParser, restoreOffsets, type Node } from "../shared/parse.js";
import { placeholdersUnsafe, reassemble, restoreDirectives, sourceOf, type Block, type ModuleKind } from "../shared/sources.js";
import { rawSites, textUses, type RawSite } from "../check/scan.js";
import { attached, RewriteContext, type Outcome, type Site } from "./context.js";
import { addImports, importedNames } from "./imports.js";
import { printChanged } from "./print.js";
import { callbackRule, fireRule, leave, promiseRule, sizeToParentRule, valueRule } from "./rules/basic.js";
import { apFetchRule } from "./rules/apFetch.js";
import { dialogButtonRule, dialogCreateRule, flagCreateRule } from "./rules/dialog.js";
import { eventsOffRule, noteSubscription } from "./rules/events.js";
import { requestRule } from "./rules/request.js";
import { requireRule } from "./rules/require.js";

/** A use of AP the codemod left in a file. */
export interface LeftUse {
  /** 1-based line in the file as the run leaves it (with `--write`, the file written). */
  line: number;
  /** "AP.request", "AP.require(messages)", "AP" */
  call: string;
  reason: string;
  suggestion: string;
}

/** The codemod's result for one file. */
export interface FileResult {
  file: string;
  /** Whether the output differs from the input. */
  changed: boolean;
  /** Uses of AP rewritten. */
  rewritten: number;
  /** Every use of AP still in the output. */
  left: LeftUse[];
  /** What to do besides (add apkit.global.js to a page; an import of AP no longer used). */
  notes: string[];
  /** The new text (the input when nothing changed). */
  output: string;
}

interface BlockOutcome {
  code: string;
  changed: boolean;
  rewritten: number;
  /** Left uses in source order, with their reasons (matched to the output's uses by call). */
  reasons: { call: string; reason: string; suggestion: string }[];
  /** For a block that stays as it was: its sites, positions in the input. */
  sites?: RawSite[];
  /** For a rewritten block: the sites of its output, lines relative to the block. */
  after?: RawSite[];
  notes: string[];
  /** Every use of the block gets this reason (a block that cannot be rewritten at all). */
  blanket?: { reason: string; suggestion: string };
}

/**
 * Rewrites the raw AP uses of one file's text.
 *
 * @example
 * ```ts
 * const result = transformSource("panel.js", 'AP.navigator.reload();');
 * result.output; // 'APKit.navigator.reload();' (a page script: window.APKit)
 * ```
 */
export function transformSource(file: string, text: string): FileResult {
  const source = sourceOf(file, text);
  const outcomes = source.blocks.map((block) => transformBlock(block, source.kind));
  const output = reassemble(text, source.blocks, outcomes.map((o) => o.code));
  const changed = output !== text;
  const after = changed ? sourceOf(file, output) : source;
  const left: LeftUse[] = [];
  after.blocks.forEach((block, i) => {
    const outcome = outcomes[i]!;
    let sites: { line: number; call: string }[];
    if (!outcome.changed && outcome.sites) {
      const shift = block.line - source.blocks[i]!.line;
      sites = outcome.sites.map((s) => ({ line: s.line + shift, call: s.call }));
    } else if (!outcome.changed) {
      sites = textUses({ ...block, code: restoreDirectives(block.code, block) }).map((u) => ({ line: u.line, call: u.call }));
    } else {
      sites = outcome.after!.map((s) => ({ line: s.line + block.line - 1, call: s.call }));
    }
    left.push(...match(sites, outcome));
  });
  for (const use of after.outside) {
    left.push({ line: use.line, call: use.call, reason: "in the page's markup (an inline handler or a template expression), not in a script block", suggestion: "move it into a script block, then run apkit-migrate code again" });
  }
  const notes = [...new Set(outcomes.flatMap((o) => o.notes))];
  return { file, changed, rewritten: outcomes.reduce((n, o) => n + o.rewritten, 0), left: left.sort((a, z) => a.line - z.line), notes, output };
}

// Pairs the uses found in the output with the reasons the rules gave, in order, by call.
function match(sites: { line: number; call: string }[], outcome: BlockOutcome): LeftUse[] {
  const pending = [...outcome.reasons];
  return sites.map((site) => {
    if (outcome.blanket) return { line: site.line, call: site.call, ...outcome.blanket };
    // `AP.require(a, b)` may have lost inlined modules since: the call is matched without its list.
    const key = (call: string) => call.replace(/\(.*$/, "");
    const at = pending.findIndex((r) => key(r.call) === key(site.call));
    const found = at >= 0 ? pending.splice(at, 1)[0]! : undefined;
    return { line: site.line, call: site.call, reason: found?.reason ?? "not rewritten", suggestion: found?.suggestion ?? "see the apkit call table in docs/migrate.md" };
  });
}

function unchanged(block: Block, extra: Partial<BlockOutcome> = {}): BlockOutcome {
  return { code: restoreDirectives(block.code, block), changed: false, rewritten: 0, reasons: [], notes: [], ...extra };
}

function transformBlock(block: Block, kind: "script" | "vue" | "template"): BlockOutcome {
  const text = restoreDirectives(block.code, block);
  if (!/\bAP\b/.test(text)) return unchanged(block, { sites: [] });
  const templated = { reason: "", suggestion: "move the template values into data attributes or a JSON script, then run again" };
  if (block.unsafe) return unchanged(block, { blanket: { ...templated, reason: `the script block is not rewritten: ${block.unsafe}` } });
  let root;
  try {
    root = codeshift(block.lang)(block.code);
  } catch (error) {
    return unchanged(block, { blanket: { reason: `the code does not parse: ${(error as Error).message}`, suggestion: "fix the syntax error, then run again" } });
  }
  const file = root.get().node as Node;
  restoreOffsets(file, block.code);
  const unsafe = placeholdersUnsafe(block, file);
  const analysis = analyze(file);
  const sites = rawSites(analysis, block);
  // Its uses are found by their text: a directive glued to a name hides AP from the parser.
  if (unsafe) return unchanged(block, { blanket: { ...templated, reason: `the script block is not rewritten: ${unsafe}` } });

  const module = moduleKindOf(block, analysis, file);
  const ctx = new RewriteContext(analysis, module);
  importedNames(ctx);
  ctx.run = (use) => runUse(use, ctx);

  const order = analysis.uses.filter((u) => u.via !== "require" && !isAliasSource(u, analysis)).sort((a, z) => z.depth - a.depth);
  const offs: ApUse[] = [];
  for (const use of order) {
    if (pathOf(use) === "events.off" && chainOf(use.root, use.prefix).call) offs.push(use);
    else if (!ctx.outcomes.has(use.root)) runUse(use, ctx);
  }
  for (const use of offs) ctx.verdict(use.root, ctx.transaction(() => eventsOffRule(siteOf(use), ctx, ctx.outcomes)));
  removeDeadAliases(analysis, ctx);

  // Each use counts once (a composite rule's inner uses have verdicts of their own).
  const rewritten = [...ctx.outcomes.values()].filter((o) => "rewritten" in o).length;
  const reasons = sites
    .map((s) => ({ site: s, outcome: ctx.outcomes.get(s.use.root) }))
    .filter((x) => !x.outcome || "reason" in x.outcome)
    .map(({ site, outcome }) => ({ call: site.call, ...((outcome as { reason: string; suggestion: string } | undefined) ?? defaultReason(site.use)) }));
  if (rewritten === 0) return unchanged(block, { sites, reasons });

  freeNames(file.program, ctx);
  const quote = quoteOf(file);
  // New code is indented as the file is (recast guesses it from the file's lines; a new node has none of its own).
  const tabWidth = (file.loc as unknown as { lines?: { guessTabWidth(): number } }).lines?.guessTabWidth() ?? 2;
  const useTabs = (block.code.match(/^\t/gm)?.length ?? 0) > (block.code.match(/^ {2}/gm)?.length ?? 0);
  const printedCode = addImports(printChanged(root, block.code, ctx, { quote, tabWidth, useTabs }), block.code, ctx, {
    quote: quote === "single" ? "'" : '"',
    semi: usesSemicolons(file.program, block.code) ? ";" : "",
  });
  const printed = restoreDirectives(printedCode, block);
  let after: RawSite[];
  try {
    // Parsed again: the output is code, and what it still holds of AP is read from it (block-relative lines).
    const ast = parseCode(printedCode, block.lang);
    // Every use rewritten: nothing of AP is left to find (the rules never write raw AP).
    after = reasons.length === 0 ? [] : rawSites(analyze(ast), { ...block, line: 1, column: 0 });
  } catch (error) {
    return unchanged(block, {
      sites,
      blanket: { reason: `apkit-migrate's rewrite of this code did not parse (${(error as Error).message}); the code is left as it was`, suggestion: "please report it with the code" },
    });
  }
  const notes: string[] = [];
  if (module === "page") {
    notes.push(
      kind === "template"
        ? "uses window.APKit: add <script src=\"apkit.global.js\"></script> (from node_modules/apkit/dist/) to this page, after all.js"
        : "uses window.APKit: add <script src=\"apkit.global.js\"></script> (from node_modules/apkit/dist/) to the pages that load this script, after all.js",
    );
  }
  for (const use of analysis.uses) {
    if (use.via === "import" && use.binding && ctx.referencesOf(use.binding).length === 0) {
      notes.push(`AP, imported from "${use.binding.declarator?.source?.value}", is no longer used: remove the import if that module does nothing else`);
    }
  }
  return { code: printed, changed: printed !== restoreDirectives(block.code, block), rewritten, reasons, notes: [...new Set(notes)], after };
}

// jscodeshift with apkit-migrate's parser, one per language (withParser builds a whole API each time).
const codeshifts = new Map<string, ReturnType<typeof jscodeshift.withParser>>();
function codeshift(lang: Block["lang"]) {
  let j = codeshifts.get(lang);
  if (!j) codeshifts.set(lang, (j = jscodeshift.withParser(recastParser(lang))));
  return j;
}

function runUse(use: ApUse, ctx: RewriteContext): Outcome {
  const site = siteOf(use);
  noteSubscription(site, ctx);
  const outcome = ctx.transaction(() => dispatch(site, ctx));
  ctx.verdict(use.root, outcome);
  return outcome;
}

function siteOf(use: ApUse): Site {
  const chain = chainOf(use.root, use.prefix);
  const path = normalisePath(chain.path);
  return { use, chain, path, entry: rawMethodOf(path) };
}

function pathOf(use: ApUse): string {
  return normalisePath(chainOf(use.root, use.prefix).path).join(".");
}

function dispatch(site: Site, ctx: RewriteContext): Outcome {
  const { use, chain, path, entry } = site;
  const key = path.join(".");
  if (use.via === "local") {
    return leave("AP is a variable declared in this file, not provably the bridge", "rename it, or assign it once from window.AP (const AP = window.AP) so the rewrite can follow it");
  }
  if (!chain.call) return valueRule(site, ctx);
  if (!entry) return leave(path.length ? `AP.${key} is not an AP method apkit knows` : "AP itself is called", "see the apkit call table in docs/migrate.md");
  if (!entry.rewrite) return leave(entry.why!, entry.instead!);
  switch (entry.rewrite) {
    case "fire":
    case "listen":
      return fireRule(site, ctx);
    case "callback":
    case "callbackFirst":
      return callbackRule(site, ctx);
    case "promise":
      return (key === "context.getToken" && apFetchRule(site, ctx)) || promiseRule(site, ctx);
    case "sizeToParent":
      return sizeToParentRule(site, ctx);
    case "request":
      return requestRule(site, ctx);
    case "dialogCreate":
      return dialogCreateRule(site, ctx);
    case "dialogButton":
      return dialogButtonRule(site, ctx);
    case "flagCreate":
      return flagCreateRule(site, ctx);
    case "require":
      return requireRule(site, ctx);
    case "eventsOff":
      return eventsOffRule(site, ctx, ctx.outcomes);
  }
}

function defaultReason(use: ApUse): { reason: string; suggestion: string } {
  if (use.via === "require") return { reason: "a module of an AP.require that stays", suggestion: "see why the AP.require stays" };
  return { reason: "not rewritten", suggestion: "see the apkit call table in docs/migrate.md" };
}

// Aliases whose every use was rewritten go (`const ap = AP;` would only keep AP alive); the others stay.
function removeDeadAliases(analysis: Analysis, ctx: RewriteContext): void {
  for (const declarator of analysis.aliasDeclarators) {
    if (!attached(declarator)) continue;
    const id = declarator.id as Node;
    const ids: Node[] = id.type === "Identifier" ? [id] : id.properties.map((p: Node) => p.value).filter((v: Node) => v?.type === "Identifier");
    const dead = (n: Node) => {
      const binding = analysis.declared.get(n);
      return !!binding?.ap && ctx.referencesOf(binding).length === 0;
    };
    if (id.type === "ObjectPattern" && !ids.every(dead)) {
      for (const p of [...id.properties] as Node[]) if (p.value?.type === "Identifier" && dead(p.value) && id.properties.length > 1) ctx.splice(id, "properties", id.properties.indexOf(p), 1);
      continue;
    }
    if (!ids.every(dead)) continue;
    const declaration = parentOf(declarator)!.node;
    if (declaration.declarations.length > 1) {
      ctx.splice(declaration, "declarations", declaration.declarations.indexOf(declarator), 1);
      continue;
    }
    const list = parentOf(declaration);
    if (list?.index === undefined) continue;
    ctx.splice(list.node, list.key, list.index, 1);
    ctx.relink(list.node, list.key);
  }
}

// An import renamed because its name was taken (`apDialog`) gets its name back when the rewrite freed it (the alias
// `const { dialog } = AP` went, the parameters of an AP.require went).
function freeNames(program: Node, ctx: RewriteContext): void {
  const renamed = [...ctx.needed].filter(([name, local]) => name !== local);
  if (renamed.length === 0) return;
  const names = namesIn(program);
  for (const [name] of renamed) {
    if (names.has(name)) continue;
    for (const id of ctx.made.get(name) ?? []) id.name = name;
    ctx.needed.set(name, name);
  }
}

// Every name declared or read in a tree (not property names).
function namesIn(root: Node): Set<string> {
  const out = new Set<string>();
  const walk = (node: Node, parent: Node | undefined, key: string) => {
    if (node.type === "Identifier") {
      const property = parent && !parent.computed && ((isMemberType(parent.type) && key === "property") || (/Property|Method/.test(parent.type) && key === "key" && !parent.shorthand));
      if (!property) out.add(node.name);
    }
    for (const k in node) {
      if (k === "loc" || k === "extra" || k === "comments" || k === "tokens" || k === "original" || k === "typeAnnotation") continue;
      const v = node[k];
      if (Array.isArray(v)) for (const c of v) c && typeof c.type === "string" && walk(c, node, k);
      else if (v && typeof v.type === "string") walk(v, node, k);
    }
  };
  walk(root, undefined, "");
  return out;
}

const isMemberType = (type: string) => type === "MemberExpression" || type === "OptionalMemberExpression";

// Whether the code ends its statements with semicolons (the first top-level statement that could decides).
function usesSemicolons(program: Node, code: string): boolean {
  for (const s of program.body as Node[]) {
    if (/Declaration$/.test(s.type) && s.type !== "VariableDeclaration" && s.type !== "ImportDeclaration") continue;
    return code.slice(s.start, s.end).trimEnd().endsWith(";");
  }
  return true;
}

// How a block reaches apkit: as its kind says (a page's script, .mjs, .cjs), else as its code says: imports or
// exports make an ES module, require or module.exports CommonJS; TypeScript and JSX files are built, so modules; a
// plain .js file is a script that a page loads.
function moduleKindOf(block: Block, analysis: Analysis, file: Node): ModuleKind {
  if (block.module) return block.module;
  if (analysis.imports.length > 0 || hasExports(file)) return "esm";
  if (analysis.commonJs) return "cjs";
  return block.lang === "js" ? "page" : "esm";
}

function hasExports(file: Node): boolean {
  return (file.program.body as Node[]).some((s) => s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration" || s.type === "ExportAllDeclaration");
}

// New string literals follow the file's quotes: those of its first string.
function quoteOf(file: Node): "single" | "double" {
  const first = (node: Node): string | undefined => {
    if (node.type === "StringLiteral" && typeof node.extra?.raw === "string") return node.extra.raw[0];
    for (const key in node) {
      if (key === "loc" || key === "tokens" || key === "comments" || key === "original" || key === "extra") continue;
      const v = node[key];
      for (const c of Array.isArray(v) ? v : [v]) {
        if (!c || typeof c.type !== "string") continue;
        const q = first(c);
        if (q) return q;
      }
    }
    return undefined;
  };
  return first(file.program) === "'" ? "single" : "double";
}
