/**
 * The kinds of files both commands read, and the blocks of code inside them: a whole script or module file, the
 * `<script>` blocks of a Vue single-file component, the inline `<script>` blocks of HTML pages and server-side
 * templates (Handlebars, Mustache, Go templates, EJS, Nunjucks...).
 *
 * Template directives inside a block (`{{issueKey}}`, `{{{json data}}}`, `{% if %}`, `<%= x %>`) are not code: each
 * is replaced by a placeholder identifier on the same line before parsing, and put back byte for byte afterwards.
 * A block whose placeholders do not land where a value or a statement can be (a directive glued to a name, or in
 * front of a parenthesis) is unsafe: it is never rewritten, only reported.
 */
import type { Lang, Node } from "./parse.js";

/** How apkit reaches a block's code: imported (ES module or CommonJS), or the page's `window.APKit`. */
export type ModuleKind = "esm" | "cjs" | "page";

/** One block of code in a file. */
export interface Block {
  /** Offset of the block's first character in the file. */
  start: number;
  /** Offset after its last character. */
  end: number;
  /** 1-based line and 0-based column of its first character in the file. */
  line: number;
  column: number;
  /** The code, with placeholders for template directives. */
  code: string;
  lang: Lang;
  /** `"page"` for a page's inline script; for a script file, `undefined` until its code says (imports, require). */
  module?: ModuleKind;
  /** Placeholder → the directive it stands for. */
  directives: Map<string, string>;
  /** Why this block must not be rewritten, if so. */
  unsafe?: string;
}

/** A use of `AP` outside any block (an inline `onclick`, a Vue template expression), found by its text. */
export interface TextUse {
  line: number;
  column: number;
  /** `AP.dialog.close` */
  call: string;
}

/** A file split into its blocks. */
export interface Source {
  kind: "script" | "vue" | "template";
  blocks: Block[];
  /** Uses of AP in the markup around the blocks. */
  outside: TextUse[];
}

const SCRIPT_EXT: Record<string, Lang> = { js: "js", mjs: "js", cjs: "js", jsx: "jsx", ts: "ts", mts: "ts", cts: "ts", tsx: "tsx" };
const TEMPLATE_EXT = new Set([
  "html", "htm", "xhtml", "hbs", "handlebars", "mustache", "ejs", "njk", "nunjucks", "jinja", "jinja2", "j2", "tmpl", "tpl",
  "gohtml", "liquid", "twig", "erb", "jsp", "php", "vm", "ftl", "jade", "pug", "mu", "ms", "hjs",
]);
const JS_TYPES = new Set(["", "text/javascript", "application/javascript", "application/x-javascript", "text/ecmascript", "module", "text/babel", "text/jsx"]);

/** The extension of a path, lower case, without the dot. */
export function extensionOf(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

/** Whether the commands read files of this name. */
export function isSupported(file: string): boolean {
  const ext = extensionOf(file);
  return ext in SCRIPT_EXT || ext === "vue" || TEMPLATE_EXT.has(ext);
}

/** Splits `text` (the contents of `file`) into blocks. */
export function sourceOf(file: string, text: string): Source {
  const ext = extensionOf(file);
  const lang = SCRIPT_EXT[ext];
  if (lang) {
    const module: ModuleKind | undefined = ext === "mjs" || ext === "mts" ? "esm" : ext === "cjs" || ext === "cts" ? "cjs" : undefined;
    return {
      kind: "script",
      blocks: [{ start: 0, end: text.length, line: 1, column: 0, code: text, lang, ...(module ? { module } : {}), directives: new Map() }],
      outside: [],
    };
  }
  if (ext === "vue") return scriptBlocks(text, "vue");
  return scriptBlocks(text, "template");
}

// Regions whose contents are not markup: HTML comments and template comments (`{{!-- --}}`, `{{! }}`, `{# #}`).
const COMMENTS = /<!--[\s\S]*?-->|\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{#[\s\S]*?#\}/g;
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const DIRECTIVE = /\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>|<\?(?:php|=)?[\s\S]*?\?>/g;
const TEXT_USE = /(?<![\w$.])(?:window\s*\.\s*)?AP\s*\??\.\s*[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*/g;

function scriptBlocks(text: string, kind: "vue" | "template"): Source {
  const comments: [number, number][] = [];
  for (const m of text.matchAll(COMMENTS)) comments.push([m.index!, m.index! + m[0].length]);
  const inComment = (at: number) => comments.some(([a, b]) => at >= a && at < b);
  const lines = lineStarts(text);
  const blocks: Block[] = [];
  const covered: [number, number][] = [...comments];
  for (const m of text.matchAll(SCRIPT)) {
    if (inComment(m.index!)) continue;
    const attrs = m[1] ?? "";
    const start = m.index! + m[0].indexOf(">") + 1;
    const code = m[2] ?? "";
    covered.push([start, start + code.length]);
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = (/\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1] ?? "").toLowerCase();
    if (kind === "template" && !JS_TYPES.has(type)) continue;
    const langAttr = (/\blang\s*=\s*["']?([a-z]+)/i.exec(attrs)?.[1] ?? "js").toLowerCase();
    const lang: Lang =
      kind === "vue" ? (langAttr === "ts" ? "ts" : langAttr === "tsx" ? "tsx" : "jsx") : type === "text/babel" || type === "text/jsx" ? "jsx" : "js";
    const { line, column } = position(lines, start);
    blocks.push(withPlaceholders({ start, end: start + code.length, line, column, code, lang, ...(kind === "template" ? { module: "page" as const } : { module: "esm" as const }), directives: new Map() }, kind === "template"));
  }
  const outside: TextUse[] = [];
  for (const m of text.matchAll(TEXT_USE)) {
    const at = m.index!;
    if (covered.some(([a, b]) => at >= a && at < b)) continue;
    const { line, column } = position(lines, at);
    outside.push({ line, column: column + 1, call: m[0].replace(/\s+/g, "").replace(/\?\./g, ".").replace(/^window\./, "") });
  }
  return { kind, blocks, outside };
}

// Replaces the template directives of a block with placeholder identifiers on the same line.
function withPlaceholders(block: Block, templates: boolean): Block {
  if (!templates) return block;
  const matches = [...block.code.matchAll(DIRECTIVE)];
  if (matches.length === 0) return block;
  if (matches.some((m) => m[0].includes("\n"))) return { ...block, unsafe: "a template directive in it spans lines" };
  const letter = ["T", "Q", "Z", "K"].find((l) => !new RegExp(`__${l}\\d`).test(block.code));
  if (!letter) return { ...block, unsafe: "its code already uses names like the placeholders for template directives" };
  const directives = new Map<string, string>();
  let code = "";
  let last = 0;
  matches.forEach((m, i) => {
    const name = `__${letter}${i}${letter}`;
    const placeholder = name + "_".repeat(Math.max(0, m[0].length - name.length));
    directives.set(placeholder, m[0]);
    code += block.code.slice(last, m.index) + placeholder;
    last = m.index! + m[0].length;
  });
  code += block.code.slice(last);
  return { ...block, code, directives };
}

/**
 * Checks that every placeholder of a parsed block stands where the rendered directive can stand: inside a string,
 * a template literal or a comment, or as a whole value or statement. Returns why not, or `undefined` when safe.
 */
export function placeholdersUnsafe(block: Block, ast: Node): string | undefined {
  if (block.directives.size === 0) return undefined;
  const seen = new Map<string, number>();
  const note = (text: string) => {
    for (const p of block.directives.keys()) if (text.includes(p)) seen.set(p, (seen.get(p) ?? 0) + 1);
  };
  let bad: string | undefined;
  const walk = (node: Node, parent: Node | undefined, key: string) => {
    if (bad) return;
    if (node.type === "Identifier" && block.directives.has(node.name)) {
      if (!parent || !SAFE_SLOTS.has(`${parent.type}.${key}`)) bad = `the template directive ${block.directives.get(node.name)} stands where a name is read`;
      else seen.set(node.name, (seen.get(node.name) ?? 0) + 1);
      return;
    }
    if (node.type === "Identifier" || node.type === "JSXIdentifier") {
      for (const p of block.directives.keys()) if (node.name.includes(p.replace(/_+$/, ""))) bad = `the template directive ${block.directives.get(p)} is glued to a name`;
      return;
    }
    if (node.type === "StringLiteral" || node.type === "DirectiveLiteral" || node.type === "JSXText") note(node.extra?.raw ?? node.value);
    if (node.type === "TemplateElement") note(node.value.raw);
    for (const k in node) {
      if (k === "loc" || k === "extra" || k === "start" || k === "end" || k === "tokens") continue;
      const v = node[k];
      if (Array.isArray(v)) for (const c of v) c && typeof c.type === "string" && walk(c, node, k);
      else if (v && typeof v.type === "string") walk(v, node, k);
    }
  };
  walk(ast.program ?? ast, undefined, "");
  for (const c of (ast.comments ?? []) as Node[]) note(c.value);
  if (bad) return bad;
  for (const [p, directive] of block.directives) {
    if (seen.get(p) !== 1) return `the template directive ${directive} does not stand as a whole value, statement or text`;
  }
  return undefined;
}

// Where a placeholder identifier may stand: a whole statement or a whole value.
const SAFE_SLOTS = new Set([
  "ExpressionStatement.expression", "VariableDeclarator.init", "ObjectProperty.value", "ArrayExpression.elements",
  "CallExpression.arguments", "NewExpression.arguments", "AssignmentExpression.right", "ReturnStatement.argument",
  "BinaryExpression.left", "BinaryExpression.right", "LogicalExpression.left", "LogicalExpression.right",
  "ConditionalExpression.test", "ConditionalExpression.consequent", "ConditionalExpression.alternate",
  "TemplateLiteral.expressions", "JSXExpressionContainer.expression", "SpreadElement.argument", "IfStatement.test",
]);

/** Puts the directives back into code printed from a block. */
export function restoreDirectives(code: string, block: Block): string {
  let out = code;
  for (const [placeholder, directive] of block.directives) out = out.split(placeholder).join(directive);
  return out;
}

/** `text` with each block's code replaced by `codes[i]` (the same order as `blocks`). */
export function reassemble(text: string, blocks: readonly Block[], codes: readonly string[]): string {
  let out = "";
  let last = 0;
  blocks.forEach((block, i) => {
    out += text.slice(last, block.start) + codes[i];
    last = block.end;
  });
  return out + text.slice(last);
}

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and 0-based column of an offset. */
export function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! };
}

/** A position inside a block as a position in its file (1-based line and column). */
export function filePosition(block: Block, line: number, column: number): { line: number; column: number } {
  return { line: block.line + line - 1, column: (line === 1 ? block.column : 0) + column + 1 };
}
