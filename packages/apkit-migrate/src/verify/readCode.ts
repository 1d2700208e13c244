/**
 * What the pages' code tells `verify` beyond the scanner's findings: the options given to apkit/forge's `forge()`
 * (dialog keys → resources, the remote) and the dialog keys the pages open. Read statically with jscodeshift's
 * parser; constants are followed within a file and through relative imports (`forge(FORGE_OPTIONS)` with
 * `FORGE_OPTIONS` exported by another file), so the common ways of writing the start-up line are understood.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

// jscodeshift is CommonJS and ships no types; only its parser and collection walk are used here.
interface AstNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  [field: string]: any;
}
interface Collection {
  find(type: unknown, filter?: unknown): Collection;
  forEach(fn: (path: { node: AstNode }) => void): Collection;
}
type JSCodeshift = ((source: string) => Collection) & Record<string, unknown>;

let parser: JSCodeshift | undefined;
function j(): JSCodeshift {
  parser ??= (createRequire(import.meta.url)("jscodeshift") as { withParser(name: string): JSCodeshift }).withParser("tsx");
  return parser;
}

/** A place in the code. */
export interface CodeLocation {
  file: string;
  line: number;
  column: number;
}

/** One `forge({ ... })` call, with its options when they could be read. */
export interface ForgeCall extends CodeLocation {
  dialogs?: Record<string, string>;
  remote?: string;
  /** Why the options could not be read statically (a value computed at run time). */
  unreadable?: string;
}

/** One dialog the code opens by key. */
export interface OpenedDialog extends CodeLocation {
  key: string;
}

const UNKNOWN = Symbol("unknown");
type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | typeof UNKNOWN;

interface Module {
  file: string;
  constants: Map<string, AstNode>;
  imports: Map<string, { from: string; name: string }>;
}

const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"];

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [...EXTENSIONS.map((extension) => base + extension), base.replace(/\.(m|c)?js$/, ".ts"), base.replace(/\.(m|c)?js$/, ".tsx"), `${base}/index.ts`, `${base}/index.js`];
  return candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith("/"));
}

/** Reads forge() options and opened dialog keys from source files. */
export class CodeReader {
  private modules = new Map<string, Module | undefined>();

  private module(file: string): Module | undefined {
    if (this.modules.has(file)) return this.modules.get(file);
    let module: Module | undefined;
    try {
      module = { file, constants: new Map(), imports: new Map() };
      const root = j()(readFileSync(file, "utf8"));
      root.find("VariableDeclarator" as never).forEach(({ node }) => {
        if (node.id?.type === "Identifier" && node.init) module!.constants.set(node.id.name, node.init);
      });
      root.find("ImportDeclaration" as never).forEach(({ node }) => {
        for (const specifier of node.specifiers ?? []) {
          if (specifier.type === "ImportSpecifier") module!.imports.set(specifier.local.name, { from: node.source.value, name: specifier.imported.name });
        }
      });
    } catch {
      module = undefined;
    }
    this.modules.set(file, module);
    return module;
  }

  private identifier(file: string, name: string, depth: number): Value {
    const module = this.module(file);
    if (!module || depth > 8) return UNKNOWN;
    const init = module.constants.get(name);
    if (init) return this.evaluate(file, init, depth + 1);
    const imported = module.imports.get(name);
    const target = imported && resolveImport(file, imported.from);
    return target ? this.identifier(target, imported!.name, depth + 1) : UNKNOWN;
  }

  /** The value of a constant expression, or UNKNOWN. */
  private evaluate(file: string, node: AstNode | undefined, depth = 0): Value {
    if (!node) return UNKNOWN;
    switch (node.type) {
      case "StringLiteral":
      case "NumericLiteral":
      case "BooleanLiteral":
        return node.value;
      case "Literal":
        return node.value ?? null;
      case "TemplateLiteral":
        return node.expressions.length === 0 ? node.quasis.map((quasi: AstNode) => quasi.value.cooked).join("") : UNKNOWN;
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "ParenthesizedExpression":
        return this.evaluate(file, node.expression, depth);
      case "Identifier":
        return this.identifier(file, node.name, depth);
      case "ArrayExpression":
        return node.elements.map((element: AstNode) => this.evaluate(file, element, depth));
      case "ObjectExpression": {
        const out: Record<string, Value> = {};
        for (const property of node.properties) {
          if (property.type !== "ObjectProperty" && property.type !== "Property") return UNKNOWN;
          const key = property.computed ? this.evaluate(file, property.key, depth) : property.key.type === "Identifier" ? property.key.name : property.key.value;
          if (typeof key !== "string" && typeof key !== "number") return UNKNOWN;
          out[String(key)] = this.evaluate(file, property.value, depth);
        }
        return out;
      }
      default:
        return UNKNOWN;
    }
  }

  /** The forge() calls and the dialogs opened by key in `file`. */
  read(file: string): { forgeCalls: ForgeCall[]; dialogs: OpenedDialog[] } {
    const forgeCalls: ForgeCall[] = [];
    const dialogs: OpenedDialog[] = [];
    let root: Collection;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
      root = j()(text);
    } catch {
      return { forgeCalls, dialogs };
    }
    const at = (node: AstNode): CodeLocation => ({ file, line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? 0) + 1 });
    const usesDialogHook = /\buseDialog\s*\(/.test(text);
    root.find("CallExpression" as never).forEach(({ node }) => {
      const callee = node.callee;
      const name = callee.type === "Identifier" ? callee.name : callee.type === "MemberExpression" && !callee.computed ? `${calleeName(callee.object)}.${callee.property.name}` : "";
      if (name === "forge") {
        const call: ForgeCall = at(node);
        const options = node.arguments.length === 0 ? {} : this.evaluate(file, node.arguments[0]);
        if (options === UNKNOWN || typeof options !== "object" || options === null || Array.isArray(options)) {
          call.unreadable = "its options are computed at run time";
        } else {
          const { dialogs: mapped, remote } = options as Record<string, Value>;
          if (remote !== undefined) {
            if (typeof remote === "string") call.remote = remote;
            else call.unreadable = "its remote is computed at run time";
          }
          if (mapped !== undefined) {
            if (mapped === UNKNOWN || typeof mapped !== "object" || mapped === null || Array.isArray(mapped)) call.unreadable = "its dialogs are computed at run time";
            else {
              call.dialogs = {};
              for (const [key, value] of Object.entries(mapped)) {
                const resource = typeof value === "string" ? value : value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Value>).resource : UNKNOWN;
                if (typeof resource === "string") call.dialogs[key] = resource;
                else call.unreadable = `the resource of dialog "${key}" is computed at run time`;
              }
            }
          }
        }
        forgeCalls.push(call);
      }
      const opensDialog = name === "dialog.open" || name === "AP.dialog.create" || name === "dialog.create" || (name === "open" && usesDialogHook);
      if (opensDialog && node.arguments[0]?.type === "ObjectExpression") {
        const options = this.evaluate(file, node.arguments[0]);
        const key = options !== UNKNOWN && options && typeof options === "object" && !Array.isArray(options) ? (options as Record<string, Value>).key : undefined;
        if (typeof key === "string") dialogs.push({ ...at(node), key });
      }
    });
    return { forgeCalls, dialogs };
  }
}

function calleeName(node: AstNode): string {
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression" && !node.computed) return `${calleeName(node.object)}.${node.property.name}`;
  return "";
}
