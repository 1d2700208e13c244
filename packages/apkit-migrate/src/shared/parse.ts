/**
 * Parsing, in one place. Both commands parse with @babel/parser (what jscodeshift's `tsx` parser is): `check` and the
 * codemod's re-scan of its own output without tokens (fast), the codemod through recast with tokens (so that
 * printing keeps the file's formatting and comments).
 */
import { parse, type ParserOptions, type ParserPlugin } from "@babel/parser";

/** The language of a block of code. */
export type Lang = "js" | "jsx" | "ts" | "tsx";

/** A Babel AST node, loosely typed: the walkers read fields by name. */
export type Node = { type: string; loc?: { start: { line: number; column: number }; end: { line: number; column: number } } | null; [key: string]: any };

// The proposals jscodeshift's tsx parser enables, minus the ones that change how ordinary code parses.
const COMMON: ParserPlugin[] = [
  "asyncGenerators",
  "bigInt",
  "classPrivateMethods",
  "classPrivateProperties",
  "classProperties",
  "decorators-legacy",
  "dynamicImport",
  "exportDefaultFrom",
  "exportNamespaceFrom",
  "importAttributes",
  "importMeta",
  "nullishCoalescingOperator",
  "numericSeparator",
  "objectRestSpread",
  "optionalCatchBinding",
  "optionalChaining",
];

/**
 * The plugin sets tried for a language, in order: TypeScript with JSX first (jscodeshift's `tsx`), then Flow with
 * JSX for `.js` files TypeScript cannot read (Flow annotations). A `.ts` file is never JSX (`<T>x` is a cast there).
 */
function pluginSets(lang: Lang): ParserPlugin[][] {
  if (lang === "ts") return [[...COMMON, "typescript"]];
  if (lang === "tsx") return [[...COMMON, "typescript", "jsx"]];
  return [
    [...COMMON, "typescript", "jsx"],
    [...COMMON, "flow", "jsx"],
  ];
}

function options(plugins: ParserPlugin[], tokens: boolean): ParserOptions {
  return {
    sourceType: "unambiguous",
    allowImportExportEverywhere: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowSuperOutsideMethod: true,
    allowUndeclaredExports: true,
    errorRecovery: false,
    tokens,
    plugins,
  };
}

/** Parses `code` and returns the `File` node; throws the parser's SyntaxError of the first plugin set otherwise. */
export function parseCode(code: string, lang: Lang, tokens = false): Node {
  let first: unknown;
  for (const plugins of pluginSets(lang)) {
    try {
      return parse(code, options(plugins, tokens)) as unknown as Node;
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

/**
 * A parser object in jscodeshift's shape (`{ parse(code) }`) for `lang`, with tokens for recast. The plugin set
 * that parsed is kept, so a Flow file reprints as Flow.
 */
export function recastParser(lang: Lang): { parse(code: string): Node } {
  return { parse: (code: string) => parseCode(code, lang, true) };
}

// recast's default: how wide a tab of indentation is in the text it hands the parser.
const RECAST_TAB_WIDTH = 4;

/**
 * Makes the `start`/`end` of a tree recast parsed offsets into `code` itself. recast hands the parser its own copy of
 * the text, with every line's indentation written in spaces (a tab counts up to the next multiple of 4) and lines
 * ended by "\n", so with tabs or "\r\n" in the file its offsets point elsewhere.
 */
export function restoreOffsets(root: Node, code: string): void {
  if (!/[\t\r]/.test(code)) return;
  const lines = code.split(/(?<=\r\n|\n|\r(?!\n))/);
  const original: number[] = [];
  const expanded: number[] = [];
  const indentOriginal: number[] = [];
  const indentExpanded: number[] = [];
  let o = 0;
  let e = 0;
  for (const line of lines) {
    const body = line.replace(/\r?\n$|\r$/, "");
    const indent = /^[ \t]*/.exec(body)![0];
    // As recast counts it (lines.js countSpaces): a tab goes to the next tab stop.
    let width = 0;
    for (const ch of indent) width = ch === "\t" ? (Math.floor(width / RECAST_TAB_WIDTH) + 1) * RECAST_TAB_WIDTH : width + 1;
    original.push(o);
    expanded.push(e);
    indentOriginal.push(indent.length);
    indentExpanded.push(width);
    o += line.length;
    e += width + (body.length - indent.length) + 1;
  }
  const map = (offset: number): number => {
    let lo = 0;
    let hi = expanded.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (expanded[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    // Past the indentation the texts agree; nothing starts or ends inside it.
    const column = offset - expanded[lo]!;
    return original[lo]! + indentOriginal[lo]! + Math.max(0, column - indentExpanded[lo]!);
  };
  eachNode(root, (node) => {
    if (typeof node.start === "number") node.start = map(node.start);
    if (typeof node.end === "number") node.end = map(node.end);
  });
}

// Every node and comment of a tree.
function eachNode(root: Node, visit: (node: Node) => void): void {
  const seen = new Set<Node>();
  const walk = (node: Node) => {
    if (seen.has(node)) return;
    seen.add(node);
    visit(node);
    for (const key in node) {
      if (key === "loc" || key === "tokens" || key === "original" || key === "extra") continue;
      const value = node[key];
      if (!value || typeof value !== "object") continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item.type === "string") walk(item);
      } else if (typeof value.type === "string") walk(value);
    }
  };
  walk(root);
}
