// Every method that @types/atlassian-connect-js 5.2.19 declares, called as legacy code would call it, through
// apkit/compat's installAP() on the Forge mock (the real @forge/bridge over the emulated Custom UI host), and the same
// calls on createMockAP (Connect). The calls are generated here, at test time, from the package's index.d.ts: every
// function of `declare namespace AP` (each overload) and every method of the objects some of them return, with
// arguments made from the declared parameter types (and, where a type says too little, from the parameter's name).
//
// Each call on Forge either behaves as on Connect (the same kind of answer: a callback with a value or without, a
// promise resolved or rejected, an object or nothing returned) or fails as rawSupport documents it (a coded
// ERR_UNSUPPORTED_ON_PLATFORM, the callback called with nothing, one [apkit/compat] warning for the method); none
// throws, and none hangs: each answer has a deadline.
import { createRequire } from "node:module";
import type * as TS from "typescript";
import { installAP, rawSupport } from "apkit/compat";
import { createMockAP, json } from "apkit/testing";
import { createMockForge } from "apkit/testing/forge";
import { afterAll, describe, expect, test } from "vitest";

const require = createRequire(import.meta.url);
const ts = require("typescript") as typeof TS;
const TYPES = require.resolve("@types/atlassian-connect-js/index.d.ts");

/** How long a call may take to answer on Forge (the mock answers within a few microtasks). */
const DEADLINE_MS = 1000;
/** On Connect some calls never answer (a host that throws outside a dialog): how long to wait there. */
const CONNECT_DEADLINE_MS = 200;

/** Parameters named `callback` answer the call, except in these, where the callback hears later changes. */
const LISTENERS = new Set(["history.popState", "dialog.create().on"]);

/** Values for parameters (and required properties) whose declared type says too little (a `string`, an `object`). */
const BY_NAME: Record<string, () => unknown> = {
  url: () => "/rest/api/3/myself",
  key: () => "legacy-dialog",
  issueKey: () => "TEST-1",
  name: () => "legacy.name",
  title: () => "Legacy title",
  target: () => "issue",
  context: () => ({ issueKey: "TEST-2" }),
  delta: () => -1,
  y: () => 0,
  width: () => "100%",
  height: () => "300px",
  expires: () => 1,
  value: () => "1",
  newState: () => "tab-1",
  macroParameters: () => ({ color: "red" }),
  contentProperty: () => ({ key: "votes", value: { up: 1 }, version: { number: 1 } }),
  eventBindings: () => ({ "click.refresh.legacy-macro.macro.property-panel": () => undefined }),
  params: () => ({ pid: 10000, issueType: 10001, fields: { summary: "Follow-up" } }),
  module: () => ({}),
  data: () => ({ done: true }),
  event: () => "confluence.customcontent.submit",
  contentBody: () => "<p>body</p>",
};
/** Whole argument lists where the declared names mislead (`replaceState(url)` takes the new state). */
const BY_PATH: Record<string, () => unknown[]> = { "history.replaceState": () => ["tab-2"] };

interface Call {
  /** The rawSupport key: `"dialog.create"`, `"dialog.getButton().disable"`, ... */
  path: string;
  /** Which overload (0-based) of the declarations. */
  overload: number;
  /** The namespace group it runs in (Confluence's namespaces need a Confluence module). */
  product: "jira" | "confluence";
  /** Parameters: a value, or a callback (answer or listener). */
  params: Array<{ name: string; make: (record: (args: unknown[]) => void) => unknown; answers: boolean }>;
  /** Where the method lives: a path on AP, or the object a factory call returns. */
  receiver: { kind: "ap"; path: string } | { kind: "object"; factory: string; factoryArgs: () => unknown[]; member: string };
}

/** Reads the declarations: every function of namespace AP, every function member of the objects it returns. */
function generateCalls(): Call[] {
  const program = ts.createProgram([TYPES], { lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: [], noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(TYPES)!;
  const calls: Call[] = [];
  const interfaces = new Map<string, { namespace: string; node: TS.InterfaceDeclaration }>();
  const functions: Array<{ path: string; node: TS.FunctionDeclaration; overload: number }> = [];

  const walk = (node: TS.Node, namespace: string[]) => {
    if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
      const name = node.name.getText(file);
      node.body.statements.forEach((s) => walk(s, name === "AP" && namespace.length === 0 ? [] : [...namespace, name]));
      return;
    }
    if (ts.isFunctionDeclaration(node) && node.name) {
      const path = [...namespace, node.name.text].join(".");
      functions.push({ path, node, overload: functions.filter((f) => f.path === path).length });
    }
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, { namespace: namespace.join("."), node });
  };
  file.statements.forEach((s) => walk(s, []));

  const productOf = (path: string) => (/^(confluence|customContent)\b/.test(path) ? "confluence" : "jira");
  const paramsOf = (path: string, parameters: readonly TS.ParameterDeclaration[]) => {
    const fixed = BY_PATH[path]?.();
    return parameters
      .filter((p, i) => fixed ? i < fixed.length : !p.questionToken || isCallback(p))
      .map((p, i) => {
        const name = p.name.getText(file);
        const type = checker.getTypeAtLocation(p);
        if (fixed) return { name, make: () => fixed[i], answers: false };
        if (isCallback(p)) return { name, make: (record: (args: unknown[]) => void) => (...args: unknown[]) => record(args), answers: name === "callback" && !LISTENERS.has(path) };
        return { name, make: () => valueFor(type, name, 0), answers: false };
      });
  };
  const isCallback = (p: TS.ParameterDeclaration) => checker.getTypeAtLocation(p).getNonNullableType().getCallSignatures().length > 0;
  const valueFor = (type: TS.Type, name: string, depth: number): unknown => {
    if (BY_NAME[name]) return BY_NAME[name]!();
    const t = type.getNonNullableType();
    if (t.isStringLiteral()) return t.value;
    if (t.isUnion()) {
      // An intersection that cannot exist (binaryAttachment: true & false) is a member without properties.
      const members = t.types.filter((m) => !(m.flags & (ts.TypeFlags.Never | ts.TypeFlags.Undefined)) && !(m.isIntersection() && m.getProperties().length === 0));
      return valueFor(members.find((m) => m.isStringLiteral()) ?? members[0] ?? t.types[0]!, name, depth);
    }
    if (t.flags & ts.TypeFlags.StringLike) return `legacy-${name}`;
    if (t.flags & ts.TypeFlags.NumberLike) return 1;
    if (t.flags & ts.TypeFlags.BooleanLike) return true;
    if (t.getCallSignatures().length) return () => undefined;
    if (checker.isArrayType(t)) return [];
    const out: Record<string, unknown> = {};
    if (depth < 3) {
      for (const property of t.getProperties()) {
        if (property.flags & ts.SymbolFlags.Optional) continue;
        out[property.name] = valueFor(checker.getTypeOfSymbolAtLocation(property, file), property.name, depth + 1);
      }
    }
    return out;
  };

  for (const { path, node, overload } of functions) {
    calls.push({ path, overload, product: productOf(path), params: paramsOf(path, node.parameters), receiver: { kind: "ap", path } });
  }
  // The methods of returned objects: found through the function that returns the interface, or on AP under its name.
  for (const [name, { namespace, node }] of interfaces) {
    const members = node.members.filter((m) => (ts.isMethodSignature(m) || ts.isPropertySignature(m)) && checker.getTypeAtLocation(m).getCallSignatures().length > 0);
    if (!members.length || name.endsWith("Options")) continue;
    const factory = functions.find((f) => f.node.type && new RegExp(`\\b${name}\\b`).test(f.node.type.getText(file)));
    const seen = new Set<string>();
    for (const member of members) {
      const memberName = member.name!.getText(file);
      if (seen.has(memberName)) continue;
      seen.add(memberName);
      const signature = checker.getTypeAtLocation(member).getCallSignatures()[0]!;
      const parameters = signature.getParameters().map((s) => s.valueDeclaration as TS.ParameterDeclaration);
      const path = factory ? `${factory.path}().${memberName}` : `${namespace}.${name}.${memberName}`;
      const factoryParams = factory ? paramsOf(factory.path, factory.node.parameters) : [];
      calls.push({
        path,
        overload: 0,
        product: productOf(path),
        params: paramsOf(path, parameters),
        receiver: factory
          ? { kind: "object", factory: factory.path, factoryArgs: () => factoryParams.map((p) => p.make(() => undefined)), member: memberName }
          : { kind: "ap", path: `${namespace}.${name}.${memberName}` },
      });
    }
  }
  return calls;
}

/** What one call did, in terms both platforms share. */
interface Outcome {
  path: string;
  overload: number;
  threw?: string;
  returned: "nothing" | "object" | "promise" | "value";
  settled?: "resolved" | "rejected" | "hung";
  rejection?: string;
  /** Each answer callback: called with a value, called with nothing, or not called by the deadline. */
  answers: Array<"value" | "nothing" | "hung">;
}

const at = (root: unknown, path: string): any => path.split(".").reduce<any>((node, key) => node?.[key], root);

async function run(AP: Record<string, any>, call: Call, deadlineMs: number): Promise<Outcome> {
  const outcome: Outcome = { path: call.path, overload: call.overload, returned: "nothing", answers: [] };
  const answered = call.params.filter((p) => p.answers).map(() => {
    let settle!: (kind: "value" | "nothing") => void;
    const promise = new Promise<"value" | "nothing" | "hung">((resolve) => (settle = resolve));
    return { promise, settle };
  });
  let next = 0;
  const args = call.params.map((p) => {
    if (!p.answers) return p.make(() => undefined);
    const slot = answered[next++]!;
    return p.make((values) => slot.settle(values.length === 0 || values[0] === undefined ? "nothing" : "value"));
  });
  const deadline = <T,>(promise: Promise<T>, late: T) => Promise.race([promise, new Promise<T>((r) => setTimeout(() => r(late), deadlineMs))]);
  try {
    let self: any;
    let fn: any;
    if (call.receiver.kind === "ap") {
      const parts = call.receiver.path.split(".");
      self = at(AP, parts.slice(0, -1).join(".")) ?? AP;
      fn = at(AP, call.receiver.path);
    } else {
      const factory = at(AP, call.receiver.factory);
      self = factory.apply(at(AP, call.receiver.factory.split(".").slice(0, -1).join(".")), call.receiver.factoryArgs());
      fn = self?.[call.receiver.member];
    }
    if (typeof fn !== "function") throw new TypeError(`AP.${call.path} is not a function`);
    const value = fn.apply(self, args);
    if (value && typeof value.then === "function") {
      outcome.returned = "promise";
      outcome.settled = await deadline(
        value.then(
          () => "resolved" as const,
          (e: any) => {
            outcome.rejection = e?.code ?? e?.err?.code ?? "rejected";
            return "rejected" as const;
          },
        ),
        "hung" as const,
      );
    } else if (value && typeof value === "object") outcome.returned = "object";
    else if (value !== undefined) outcome.returned = "value";
  } catch (error) {
    outcome.threw = String((error as Error)?.message ?? error);
  }
  outcome.answers = await Promise.all(answered.map((a) => deadline(a.promise, "hung" as const)));
  return outcome;
}

const CALLS = generateCalls();
const methods = [...new Set(CALLS.map((c) => c.path))];
const FORGE_EXTENSIONS = {
  jira: { type: "jira:issuePanel", issue: { id: "10001", key: "TEST-1", typeId: "10002" }, project: { id: "10000", key: "TEST", type: "software" } },
  confluence: { type: "macro", config: { color: "blue" }, content: { id: "123", type: "page" }, space: { id: "42", key: "DOC" } },
};
const CONNECT_CONTEXTS = {
  jira: { jira: { issue: { id: "10001", key: "TEST-1" }, project: { id: "10000", key: "TEST" } } },
  confluence: { confluence: { content: { id: "123", type: "page" }, space: { id: "42", key: "DOC" } } },
};
const myself = () => json({ accountId: "557058:legacy-user", displayName: "Ada Lovelace" });

async function onForge(product: "jira" | "confluence", calls: Call[]) {
  const host = await createMockForge({ context: { extension: FORGE_EXTENSIONS[product] } }).start();
  host.onRequest("GET", "/rest/api/3/myself", myself);
  host.onRequest("GET", "/wiki/rest/api/user/current", myself);
  host.onRequest("GET", "/wiki/rest/api/3/myself", myself); // what the generated AP.request asks for, in Confluence
  const warnings: string[] = [];
  try {
    const AP = installAP({ warn: (m) => warnings.push(m) });
    const outcomes: Outcome[] = [];
    for (const call of calls) outcomes.push(await run(AP, call, DEADLINE_MS));
    await host.flush();
    return { outcomes, warnings };
  } finally {
    host.stop();
  }
}

async function onConnect(product: "jira" | "confluence", calls: Call[]) {
  const mock = createMockAP({ context: CONNECT_CONTEXTS[product] }).install();
  mock.request.get("/rest/api/3/myself", myself);
  try {
    const outcomes: Outcome[] = [];
    for (const call of calls) outcomes.push(await run(mock.ap, call, CONNECT_DEADLINE_MS));
    return outcomes;
  } finally {
    mock.uninstall();
  }
}

/** The kind of answer, for comparing platforms: a missing answer and an answer with nothing are alike to the app. */
const kind = (o: Outcome) => ({ threw: !!o.threw, returned: o.returned, settled: o.settled === "hung" ? undefined : o.settled, answers: o.answers.map((a) => (a === "value" ? "value" : "nothing")) });

// What the report quotes: per method, as on Connect (every call the same kind of answer), a documented coded failure
// of a method that otherwise works (differsCoded), or unsupported and failing coded.
const sameAsConnect = new Set<string>();
const differsCoded = new Set<string>();
const failCoded = new Set<string>();
afterAll(() => {
  for (const path of differsCoded) sameAsConnect.delete(path);
  console.log(`[compat-types] ${JSON.stringify({ methods: methods.length, calls: CALLS.length, sameAsConnect: sameAsConnect.size, differsCoded: [...differsCoded], failCoded: [...failCoded] })}`);
});

describe("@types/atlassian-connect-js 5.2.19, every method, through installAP() on Forge", () => {
  test("the calls were generated from the declarations (every namespace, the returned objects' methods)", () => {
    // A floor, not the count: the declarations decide what is called.
    expect(methods.length).toBeGreaterThanOrEqual(90);
    for (const path of ["request", "context.getToken", "dialog.create().on", "dialog.getButton().isEnabled", "flag.create().close", "customContent.getEditComponent().intercept", "jira.WorkflowConfiguration.onSave", "events.offAnyPublic"]) {
      expect(methods).toContain(path);
    }
    // Every one is in rawSupport: a method the table does not know is a method apkit/compat does not implement.
    expect(methods.filter((m) => !rawSupport[m])).toEqual([]);
  });

  for (const product of ["jira", "confluence"] as const) {
    test(`${product}: each call behaves as on Connect or fails as rawSupport documents it; none throws, none hangs`, async () => {
      const calls = CALLS.filter((c) => c.product === product || !/^(jira|confluence|customContent)\b/.test(c.path));
      const forge = await onForge(product, calls);
      const connect = await onConnect(product, calls);
      const problems: string[] = [];
      // Methods of neither product are counted in the Jira run.
      const owned = (path: string) => /^(confluence|customContent)\b/.test(path) === (product === "confluence");
      for (const [i, o] of forge.outcomes.entries()) {
        const name = `AP.${o.path}#${o.overload}`;
        const support = rawSupport[o.path]!;
        if (o.threw) problems.push(`${name} threw: ${o.threw}`);
        if (o.settled === "hung" || o.answers.includes("hung")) problems.push(`${name} did not answer in ${DEADLINE_MS} ms`);
        const warned = forge.warnings.some((w) => w.startsWith(`[apkit/compat] AP.${o.path}:`));
        const coded = warned && o.answers.every((a) => a === "nothing") && (o.settled === undefined || o.rejection === "ERR_UNSUPPORTED_ON_PLATFORM");
        if (support.status === "unsupported") {
          if (!coded) problems.push(`${name} is unsupported but did not fail coded (warned: ${warned}, ${JSON.stringify(o)})`);
          else if (owned(o.path)) failCoded.add(o.path);
          continue;
        }
        // A works / differs method that warned it is unsupported failed coded, whatever its answer looked like.
        const same = !warned && JSON.stringify(kind(o)) === JSON.stringify(kind(connect[i]!));
        // A documented difference may be a coded failure for some arguments (a navigator target, a public filter).
        const allowed = coded && support.status === "differs" && (support.note ?? "").includes("ERR_UNSUPPORTED_ON_PLATFORM");
        if (owned(o.path)) (same ? sameAsConnect : differsCoded).add(o.path);
        if (!same && !allowed) problems.push(`${name} (${support.status}): Forge ${JSON.stringify(kind(o))}, Connect ${JSON.stringify(kind(connect[i]!))}`);
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
