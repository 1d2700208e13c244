/**
 * Printing a rewritten block: only what the rules changed is written again, everything else stays byte for byte.
 *
 * The changes are regions of the original code: an original node whose place now holds another (a slot), or an
 * original node changed in place (touched). The new code in a slot is made of the few node kinds the rules build
 * (calls, members, arrows, objects...) around original code moved there; it is written here, from templates, with
 * the original text of the code it holds (re-indented to its new place). A touched node, and anything the templates
 * do not know, is printed by recast (which reuses the original text of whatever did not change inside it). A change
 * to the program's own statement list, or one holding a template literal that spans lines (its lines must keep their
 * indentation), has recast print the whole file.
 *
 * recast prints a node on its own relative to column 0; in its place, every later line gets the indentation of the
 * line it starts on. The templates follow recast's layout (objects one property a line), so both agree.
 */
import * as recast from "recast";
import { parentOf } from "../shared/analyze.js";
import type { Node } from "../shared/parse.js";
import { attached, type RewriteContext } from "./context.js";

/** How new code is written: recast's options, and the file's indentation unit. */
export interface PrintOptions {
  quote: "single" | "double";
  tabWidth: number;
  useTabs: boolean;
}

interface Region {
  start: number;
  end: number;
  /** What stands there now. */
  print: Node;
  /** An original node changed in place (recast prints it). */
  touched: boolean;
}

/** The block's code with the changes of `ctx` written in. */
export function printChanged(root: { toSource(o: Record<string, unknown>): string }, code: string, ctx: RewriteContext, options: PrintOptions): string {
  const recastOptions = { quote: options.quote, tabWidth: options.tabWidth, useTabs: options.useTabs, arrowParensAlways: true };
  const regions: Region[] = [];
  for (const [old, now] of ctx.slots) if (attached(now)) regions.push({ start: old.start, end: old.end, print: now, touched: false });
  for (const node of ctx.touched) {
    if (!attached(node)) continue;
    let n: Node | undefined = node;
    while (n && typeof n.start !== "number") n = parentOf(n)?.node;
    // A touched node that was itself replaced, and moved into what replaced it, is printed with that slot.
    // recast prints a node with its comments; a node whose items were only taken out is cut as text, comments stay.
    if (n && !(ctx.slots.has(n) && attached(ctx.slots.get(n)!))) regions.push({ ...(ctx.removed.has(n) ? { start: n.start, end: n.end } : spanOf(n)), print: n, touched: true });
  }
  regions.sort((a, z) => a.start - z.start || z.end - a.end);
  const top = outermost(regions, 0, code.length);
  if (!top || top.some((r) => r.print.type === "Program" || r.print.type === "File" || hasMultilineTemplate(r.print))) return root.toSource(recastOptions);

  const unit = options.useTabs ? "\t" : " ".repeat(options.tabWidth);
  const quote = options.quote === "single" ? "'" : '"';
  const indentAt = (offset: number) => /^[ \t]*/.exec(code.slice(code.lastIndexOf("\n", offset - 1) + 1))![0];
  const byRecast = (node: Node, base: string) => rebase(recast.print(node, recastOptions).code, "", base);

  // The text of `node` placed where a line indented `base` holds it; `undefined` when the templates cannot say.
  const text = (node: Node, base: string): string | undefined => {
    if (typeof node.start === "number") {
      if (ctx.touched.has(node) && !ctx.removed.has(node)) return byRecast(node, base);
      // Its text, with what changed inside it written anew and the items taken out of its lists cut out.
      const edits: { start: number; end: number; text: () => string | undefined }[] = (ctx.removed.get(node) ?? []).map((r) => ({ ...cutOf(r, code), text: () => "" }));
      for (const r of regions) {
        if (r.start < node.start || r.end > node.end || (r.start === node.start && r.end === node.end)) continue;
        edits.push({ start: r.start, end: r.end, text: () => (r.touched && !ctx.removed.has(r.print) ? byRecast(r.print, indentAt(r.start)) : text(r.print, indentAt(r.start))) });
      }
      edits.sort((a, z) => a.start - z.start || z.end - a.end);
      const kept: typeof edits = [];
      for (const e of edits) {
        const last = kept[kept.length - 1];
        if (last && e.start >= last.start && e.end <= last.end) continue;
        if (last && e.start < last.end) return undefined;
        kept.push(e);
      }
      let out = code.slice(node.start, node.end);
      for (const e of kept.reverse()) {
        const t = e.text();
        if (t === undefined) return undefined;
        out = out.slice(0, e.start - node.start) + t + out.slice(e.end - node.start);
      }
      out = rebase(out, indentAt(node.start), base);
      return node.extra?.parenthesized ? `(${out})` : out;
    }
    const t = (child: Node, b = base) => text(child, b);
    const all = (list: Node[], b = base) => {
      const parts = list.map((x) => t(x, b));
      return parts.some((p) => p === undefined) ? undefined : (parts as string[]);
    };
    switch (node.type) {
      case "Identifier":
        return node.name;
      case "StringLiteral":
        return quoted(node.value, quote);
      case "MemberExpression": {
        const object = t(node.object);
        if (object === undefined || node.computed || node.property.type !== "Identifier") return undefined;
        return `${loose(node.object) ? `(${object})` : object}.${node.property.name}`;
      }
      case "CallExpression": {
        const callee = t(node.callee);
        const args = all(node.arguments);
        if (callee === undefined || !args) return undefined;
        return `${loose(node.callee) ? `(${callee})` : callee}(${args.join(", ")})`;
      }
      case "ArrowFunctionExpression": {
        const params = all(node.params);
        const body = t(node.body);
        if (!params || body === undefined) return undefined;
        return `${node.async ? "async " : ""}(${params.join(", ")}) => ${node.body.type === "ObjectExpression" ? `(${body})` : body}`;
      }
      case "FunctionExpression": {
        const params = all(node.params);
        const body = t(node.body);
        if (!params || body === undefined || node.id) return undefined;
        return `${node.async ? "async " : ""}function${node.generator ? "*" : ""} (${params.join(", ")}) ${body}`;
      }
      case "ConditionalExpression": {
        const parts = all([node.test, node.consequent, node.alternate]);
        return parts && `${parts[0]} ? ${parts[1]} : ${parts[2]}`;
      }
      case "UnaryExpression": {
        const arg = t(node.argument);
        return node.operator === "void" && arg !== undefined ? `void ${loose(node.argument) ? `(${arg})` : arg}` : undefined;
      }
      case "ObjectExpression": {
        if (node.properties.length === 0) return "{}";
        const props = all(node.properties, base + unit);
        return props && `{\n${props.map((p) => base + unit + p).join(",\n")}\n${base}}`;
      }
      case "ObjectProperty": {
        const value = t(node.value);
        if (value === undefined || node.computed) return undefined;
        if (node.shorthand) return value;
        const key = node.key.type === "Identifier" ? node.key.name : node.key.type === "StringLiteral" ? quoted(node.key.value, quote) : undefined;
        return key === undefined ? undefined : `${key}: ${value}`;
      }
      default:
        return undefined;
    }
  };

  let out = code;
  for (const r of [...top].reverse()) {
    const base = indentAt(r.start);
    const t = r.touched && !ctx.removed.has(r.print) ? byRecast(r.print, base) : (text(r.print, base) ?? byRecast(r.print, base));
    out = out.slice(0, r.start) + t + out.slice(r.end);
  }
  return out;
}

// The outermost regions inside [lo, hi) (not `self`'s own); `undefined` when two overlap without one holding the other.
function outermost(regions: readonly Region[], lo: number, hi: number, self?: Node): Region[] | undefined {
  const out: Region[] = [];
  for (const r of regions) {
    if (r.start < lo || r.end > hi || (self && r.start === lo && r.end === hi)) continue;
    const last = out[out.length - 1];
    if (last && r.start >= last.start && r.end <= last.end) continue;
    if (last && r.start < last.end) return undefined;
    out.push(r);
  }
  return out;
}

// The text an item taken out of a list leaves behind: a statement with its line (and its comments, which recast
// moves or drops with it); a list item with the comma and space that separated it from its neighbour.
function cutOf({ item, list }: { item: Node; list: Node[] }, code: string): { start: number; end: number } {
  const statement = /Statement|Declaration$/.test(item.type) || item.type === "Directive";
  if (statement) {
    let { start, end } = spanOf(item);
    const lineStart = code.lastIndexOf("\n", start - 1) + 1;
    if (/^[ \t]*$/.test(code.slice(lineStart, start))) start = lineStart;
    const lineEnd = code.indexOf("\n", end);
    if (lineEnd >= 0 && /^[ \t\r]*$/.test(code.slice(end, lineEnd))) end = lineEnd + 1;
    return { start, end };
  }
  const i = list.indexOf(item);
  const next = list[i + 1];
  const previous = list[i - 1];
  if (next && typeof next.start === "number") return { start: item.start, end: next.start };
  if (previous && typeof previous.end === "number") return { start: previous.end, end: item.end };
  return { start: item.start, end: item.end };
}

// Lines after the first, moved from indentation `from` to `to`.
function rebase(text: string, from: string, to: string): string {
  if (from === to || !text.includes("\n")) return text;
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line === "" ? line : line.startsWith(from) ? to + line.slice(from.length) : line))
    .join("\n");
}

// Expressions that need parentheses as a callee, a member's object or void's operand.
function loose(node: Node): boolean {
  return !node.extra?.parenthesized && ["ArrowFunctionExpression", "FunctionExpression", "ConditionalExpression", "AssignmentExpression", "SequenceExpression", "LogicalExpression", "BinaryExpression", "AwaitExpression", "YieldExpression", "UnaryExpression", "TSAsExpression", "TSSatisfiesExpression", "ObjectExpression", "ClassExpression", "NewExpression"].includes(node.type) && !(node.type === "NewExpression" && node.arguments);
}

function quoted(value: string, quote: string): string {
  const escaped = JSON.stringify(value).slice(1, -1);
  return quote === '"' ? `"${escaped}"` : `'${escaped.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A node's text with the comments recast prints along with it. */
export function spanOf(node: Node): { start: number; end: number } {
  let start = node.start as number;
  let end = node.end as number;
  for (const c of (node.comments ?? []) as Node[]) {
    if (typeof c.start !== "number") continue;
    if (c.leading) start = Math.min(start, c.start);
    if (c.trailing) end = Math.max(end, c.end);
  }
  return { start, end };
}

function hasMultilineTemplate(node: Node): boolean {
  if (!node || typeof node !== "object") return false;
  if (node.type === "TemplateLiteral" && (node.quasis as Node[]).some((q) => q.value.raw.includes("\n"))) return true;
  for (const key in node) {
    if (key === "loc" || key === "tokens" || key === "original" || key === "comments") continue;
    const v = node[key];
    if (Array.isArray(v)) {
      if (v.some((c) => c && typeof c.type === "string" && hasMultilineTemplate(c))) return true;
    } else if (v && typeof v.type === "string" && hasMultilineTemplate(v)) return true;
  }
  return false;
}
