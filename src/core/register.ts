/**
 * Declare your app's own types once, by interface merging, and every apkit API picks them up.
 *
 * @example
 * ```ts
 * // apkit-env.d.ts in your app
 * import "apkit";
 * declare module "apkit" {
 *   interface Register {
 *     // payload tuples of events your iframes emit to each other
 *     events: { "todo-added": [todo: { id: string; title: string }] };
 *     // the product context your modules run in
 *     context: { jira: { issue: { id: string; key: string }; project: { id: string; key: string } } };
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Register {}

/** The context shape a product passes to `getContext()`, as far as it is documented; unknown keys are kept. */
export interface ProductContext {
  license?: "active" | "none" | (string & {});
  url?: { displayUrl?: string; displayUrlServicedeskHelpCenter?: string };
  jira?: {
    issue?: { id: string; key?: string; issuetype?: { id: string } };
    project?: { id: string; key?: string; type?: string };
    board?: { id: string; type?: string };
    sprint?: { id: string; state?: string };
    [key: string]: unknown;
  };
  confluence?: {
    content?: { id: string; type?: string; version?: string | number; [key: string]: unknown };
    space?: { id: string; key?: string };
    macro?: { hash?: string; id?: string; outputType?: string };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The context type: `Register["context"]` when declared, else {@link ProductContext}. */
export type RegisteredContext = Register extends { context: infer C } ? C : ProductContext;

/** Events the host or all.js itself send, with their payloads. */
export interface BuiltinEvents {
  /** A dialog closed; the payload is what the dialog passed to `close(data)`. */
  "dialog.close": [data: unknown];
  "dialog.submit": [data: { button?: { name?: string; identifier?: string } } | undefined];
  "dialog.cancel": [data: { button?: { name?: string; identifier?: string } } | undefined];
  "dialog.button.click": [data: { button: { name?: string; identifier: string } }];
  "flag.action": [data: { actionIdentifier: string; flagIdentifier: string }];
  "flag.close": [data: { flagIdentifier: string }];
}

/** The event map: {@link BuiltinEvents} plus `Register["events"]`. */
export type EventMap = BuiltinEvents & (Register extends { events: infer E } ? E : {});

/** Any event name; known names get typed payloads. */
export type EventName = keyof EventMap | (string & {});

/** The listener arguments of an event: typed for known names, `unknown[]` otherwise. */
export type EventArgs<K> = K extends keyof EventMap ? (EventMap[K] extends readonly unknown[] ? EventMap[K] : [EventMap[K]]) : unknown[];
