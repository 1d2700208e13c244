/**
 * The apkit names a rewritten module needs: merged into its `import { ... } from "apkit"` (or `const { ... } =
 * require("apkit")`), or a new one after its last import.
 */
import { adopt } from "../shared/analyze.js";
import type { Node } from "../shared/parse.js";
import { b, type RewriteContext } from "./context.js";

/** The names a block already has from apkit (exported name → local name), read from its imports and requires. */
export function importedNames(ctx: RewriteContext): void {
  for (const decl of ctx.analysis.imports) {
    if (decl.source.value !== "apkit" || decl.importKind === "type") continue;
    for (const s of decl.specifiers as Node[]) {
      if (s.type !== "ImportSpecifier" || s.importKind === "type") continue;
      ctx.imported.set(s.imported.type === "StringLiteral" ? s.imported.value : s.imported.name, s.local.name);
    }
  }
  for (const d of ctx.analysis.requires) {
    if (d.id.type !== "ObjectPattern") continue;
    for (const p of d.id.properties as Node[]) {
      if (p.type === "ObjectProperty" && !p.computed && p.value.type === "Identifier") ctx.imported.set(p.key.name ?? p.key.value, p.value.name);
    }
  }
}

function specifier(name: string, local: string): Node {
  return b.importSpecifier!(b.identifier!(name), b.identifier!(local));
}

function property(name: string, local: string): Node {
  const p = b.objectProperty!(b.identifier!(name), b.identifier!(local));
  if (name === local) p.shorthand = true;
  return p;
}

/** Adds `ctx.needed` to the block's program (`program` is the File's Program), as the block's module kind says. */
export function addImports(program: Node, ctx: RewriteContext): void {
  const needed = [...ctx.needed].sort(([a], [z]) => (a < z ? -1 : 1));
  if (needed.length === 0 || ctx.module === "page") return;
  const body = program.body as Node[];
  if (ctx.module === "cjs") {
    const existing = ctx.analysis.requires.find((d) => d.id.type === "ObjectPattern" && d.id.properties.every((p: Node) => p.type === "ObjectProperty"));
    if (existing) {
      for (const [name, local] of needed) existing.id.properties.push(property(name, local));
      return;
    }
    const decl = b.variableDeclaration!("const", [
      b.variableDeclarator!(b.objectPattern!(needed.map(([n, l]) => property(n, l))), b.callExpression!(b.identifier!("require"), [b.stringLiteral!("apkit")])),
    ]);
    insertAfterPrologue(program, body, decl, (s) => s.type === "VariableDeclaration" && s.declarations.some((d: Node) => d.init?.type === "CallExpression" && d.init.callee.name === "require"));
    return;
  }
  const existing = ctx.analysis.imports.find(
    (d) => d.source.value === "apkit" && d.importKind !== "type" && d.specifiers.every((s: Node) => s.type === "ImportSpecifier"),
  );
  if (existing) {
    for (const [name, local] of needed) existing.specifiers.push(specifier(name, local));
    return;
  }
  const decl = b.importDeclaration!(needed.map(([n, l]) => specifier(n, l)), b.stringLiteral!("apkit"));
  insertAfterPrologue(program, body, decl, (s) => s.type === "ImportDeclaration");
}

// After the last statement that `isLike` matches, else first (after "use strict"-style directives). A header comment
// separated from the first statement by a blank line (a license, `/* global AP */`) stays on top.
function insertAfterPrologue(program: Node, body: Node[], decl: Node, isLike: (s: Node) => boolean): void {
  let at = -1;
  body.forEach((s, i) => {
    if (isLike(s)) at = i;
  });
  if (at >= 0) body.splice(at + 1, 0, decl);
  else {
    const first = body[0];
    const header = first?.comments?.filter((c: Node) => c.leading && c.loc && first.loc && c.loc.end.line < first.loc.start.line - 1) ?? [];
    if (first && header.length) {
      decl.comments = header;
      first.comments = first.comments.filter((c: Node) => !header.includes(c));
    }
    body.unshift(decl);
  }
  body.forEach((s, index) => adopt(s, { node: program, key: "body", index }));
}
