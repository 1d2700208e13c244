/**
 * The apkit names a rewritten module needs: merged into its `import { ... } from "apkit"` (or `const { ... } =
 * require("apkit")`), or a new line after its last import (require). Written as text into the printed code, so the
 * file's other imports and its blank lines stay exactly as they were.
 */
import type { Node } from "../shared/parse.js";
import type { RewriteContext } from "./context.js";

/** The names a block already has from apkit (exported name → local name), read from its imports and requires. */
export function importedNames(ctx: RewriteContext): void {
  for (const decl of ctx.analysis.imports) {
    if (decl.source.value !== "apkit" || decl.importKind === "type") continue;
    for (const s of decl.specifiers as Node[]) {
      if (s.importKind === "type") continue;
      if (s.type === "ImportNamespaceSpecifier") ctx.namespace ??= s.local.name;
      if (s.type === "ImportSpecifier") ctx.imported.set(s.imported.type === "StringLiteral" ? s.imported.value : s.imported.name, s.local.name);
    }
  }
  for (const d of ctx.analysis.requires) {
    if (d.id.type === "Identifier") ctx.namespace ??= d.id.name;
    if (d.id.type !== "ObjectPattern") continue;
    for (const p of d.id.properties as Node[]) {
      if (p.type === "ObjectProperty" && !p.computed && p.value.type === "Identifier") ctx.imported.set(p.key.name ?? p.key.value, p.value.name);
    }
  }
}

const entry = (name: string, local: string, sep: string) => (name === local ? name : `${name}${sep}${local}`);

/** How a block's own code is written: its quote and whether statements end with a semicolon. */
interface Style {
  quote: string;
  semi: string;
}

/**
 * `printed` (the printed block) with the imports of `ctx.needed` added; `code` is the block's original code, whose
 * import statements `printed` still holds character for character (the rules never touch them).
 */
export function addImports(printed: string, code: string, ctx: RewriteContext, style: Style): string {
  const needed = [...ctx.needed].filter(([name, local]) => ctx.imported.get(name) !== local).sort(([a], [z]) => (a < z ? -1 : 1));
  if (needed.length === 0 || ctx.module === "page") return printed;
  const top = (ctx.analysis.program.node.body as Node[]) ?? [];
  const q = style.quote;
  if (ctx.module === "cjs") {
    const existing = ctx.analysis.requires.find((d) => d.id.type === "ObjectPattern" && d.id.properties.every((p: Node) => p.type === "ObjectProperty" && !p.computed));
    if (existing) {
      const pattern = code.slice(existing.id.start, existing.id.end);
      const names = [...existing.id.properties.map((p: Node) => code.slice(p.start, p.end)), ...needed.map(([n, l]) => entry(n, l, ": "))];
      return replaceNear(printed, pattern, layout(pattern, names), existing.id.start);
    }
    const line = `const ${layout("{}", needed.map(([n, l]) => entry(n, l, ": ")))} = require(${q}apkit${q})${style.semi}`;
    const last = [...top].reverse().find((s) => s.type === "VariableDeclaration" && s.declarations.some((d: Node) => isRequire(d.init)));
    return last ? after(printed, code, last, line) : atTop(printed, code, ctx, line);
  }
  const existing = ctx.analysis.imports.find((d) => d.source.value === "apkit" && d.importKind !== "type" && d.specifiers.length > 0 && d.specifiers.every((s: Node) => s.type === "ImportSpecifier"));
  if (existing) {
    const first = existing.specifiers[0];
    const lastSpec = existing.specifiers[existing.specifiers.length - 1];
    const braces = code.slice(code.lastIndexOf("{", first.start), code.indexOf("}", lastSpec.end) + 1);
    const names = [...existing.specifiers.map((s: Node) => code.slice(s.start, s.end)), ...needed.map(([n, l]) => entry(n, l, " as "))];
    return replaceNear(printed, braces, layout(braces, names), code.lastIndexOf("{", first.start));
  }
  const line = `import ${layout("{}", needed.map(([n, l]) => entry(n, l, " as ")))} from ${q}apkit${q}${style.semi}`;
  const last = [...top].reverse().find((s) => s.type === "ImportDeclaration");
  return last ? after(printed, code, last, line) : atTop(printed, code, ctx, line);
}

function isRequire(init: Node | undefined): boolean {
  return !!init && init.type === "CallExpression" && init.callee.type === "Identifier" && init.callee.name === "require";
}

// `{ a, b }` written again with more names: on one line, or one name a line when it was written so.
function layout(original: string, names: string[]): string {
  if (!original.includes("\n") && names.join(", ").length <= 80) return `{ ${names.join(", ")} }`;
  const indent = /\n([ \t]+)\S/.exec(original)?.[1] ?? "  ";
  const closing = /\n([ \t]*)\}$/.exec(original)?.[1] ?? "";
  const trailing = /,\s*\}$/.test(original) || !original.includes("\n") ? "," : "";
  return `{\n${names.map((n) => indent + n).join(",\n")}${trailing}\n${closing}}`;
}

// Replaces the occurrence of `text` in `printed` nearest to `near` (its offset in the original code).
function replaceNear(printed: string, text: string, replacement: string, near: number): string {
  let best = -1;
  for (let at = printed.indexOf(text); at >= 0; at = printed.indexOf(text, at + 1)) if (best < 0 || Math.abs(at - near) < Math.abs(best - near)) best = at;
  if (best < 0) throw new Error("apkit-migrate: the import to merge into was not found in the printed code");
  return printed.slice(0, best) + replacement + printed.slice(best + text.length);
}

// A new line after the statement `anchor` (found in `printed` by its original text), with its indentation.
function after(printed: string, code: string, anchor: Node, line: string): string {
  const text = code.slice(anchor.start, anchor.end);
  const lineStart = code.lastIndexOf("\n", anchor.start - 1) + 1;
  const indent = /^[ \t]*/.exec(code.slice(lineStart))![0];
  let best = -1;
  for (let at = printed.indexOf(text); at >= 0; at = printed.indexOf(text, at + 1)) if (best < 0 || Math.abs(at - anchor.start) < Math.abs(best - anchor.start)) best = at;
  if (best < 0) throw new Error("apkit-migrate: the import to insert after was not found in the printed code");
  const end = best + text.length;
  return `${printed.slice(0, end)}\n${indent}${line}${printed.slice(end)}`;
}

// A new first statement: after directives ("use strict"), and after a header comment set apart by a blank line
// (a license, `/* global AP */`), with the indentation of the code.
function atTop(printed: string, code: string, ctx: RewriteContext, line: string): string {
  const directives = (ctx.analysis.program.node.directives ?? []) as Node[];
  const last = directives[directives.length - 1];
  if (last) {
    const text = code.slice(last.start, last.end);
    const at = printed.indexOf(text) + text.length;
    const indent = /^[ \t]*/.exec(code.slice(code.lastIndexOf("\n", last.start - 1) + 1))![0];
    return `${printed.slice(0, at)}\n${indent}${line}${printed.slice(at)}`;
  }
  // The blank space before the first line of code (a Vue or page block starts on the tag's line).
  let at = /^\s*\n/.exec(printed)?.[0].length ?? 0;
  const header = /^(?:[ \t]*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)[ \t]*\n)+[ \t]*\n/.exec(printed.slice(at));
  if (header) at += header[0].length;
  const rest = printed.slice(at);
  const indent = /^[ \t]*/.exec(rest)![0];
  const blank = /^\s*(import\b|(const|let|var)\b[^\n]*require\()/.test(rest) ? "" : "\n";
  return `${printed.slice(0, at)}${indent}${line}\n${blank}${rest}`;
}
