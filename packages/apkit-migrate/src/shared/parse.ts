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
