/**
 * @internal Argument checks shared by the capability modules. Caller mistakes are `TypeError`s that name the argument
 * and what it should have been (`apkit: dialog.open options.width must be pixels or a percentage ("300", "300px",
 * "50%"), got "wide"`): bugs to fix, not conditions to handle.
 */

/** @internal What an argument must be: a test and the words for it. */
export interface Rule {
  readonly test: (value: unknown) => boolean;
  /** "a non-empty string", ... */
  readonly expected: string;
}

/** @internal Throws `TypeError("apkit: <name> must be <expected>, got <value>")` unless `rule` holds for `value`. */
export function need(value: unknown, rule: Rule, name: string): void {
  if (!rule.test(value)) throw new TypeError(`apkit: ${name} must be ${rule.expected}, got ${describe(value)}`);
}

/**
 * @internal Checks an options object: `value` must be a plain object, and each field `rules` names must meet its rule
 * (the error names the field: `dialog.open options.width`).
 */
export function needFields<T extends object>(value: T, name: string, rules: { readonly [K in keyof T]?: Rule }): void {
  need(value, OBJECT, name);
  for (const key in rules) need(value[key], rules[key]!, `${name}.${key}`);
}

/** @internal Throws `TypeError("apkit: <message>")` unless `ok`: for checks no {@link Rule} says well. */
export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new TypeError(`apkit: ${message}`);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (value === null || typeof value !== "object") return String(value);
  return "an object";
}

/** @internal A plain object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

const DIMENSION = /^\d+(\.\d+)?(px|%)?$/;

/** @internal A non-empty string. */
export const isText = (v: unknown): v is string => !!v && typeof v === "string";

/** @internal */
export const TEXT: Rule = { test: isText, expected: "a non-empty string" };
/** @internal */
export const STRING: Rule = { test: (v) => typeof v === "string", expected: "a string" };
/** @internal */
export const OPTIONAL_STRING: Rule = { test: (v) => v === undefined || typeof v === "string", expected: "a string or undefined" };
/** @internal */
export const OBJECT: Rule = { test: isObject, expected: "a plain object" };
/** @internal */
export const OPTIONAL_OBJECT: Rule = { test: (v) => v === undefined || isObject(v), expected: "a plain object or undefined" };
/** @internal */
export const OPTIONAL_POSITIVE: Rule = { test: (v) => v === undefined || (typeof v === "number" && v > 0), expected: "a number > 0 or undefined" };
/** @internal */
export const INTEGER: Rule = { test: Number.isInteger, expected: "an integer" };
/** @internal */
export const FINITE: Rule = { test: Number.isFinite, expected: "a finite number" };
/** @internal */
export const FUNCTION: Rule = { test: (v) => typeof v === "function", expected: "a function" };
/** @internal */
export const OPTIONAL_FUNCTION: Rule = { test: (v) => v === undefined || typeof v === "function", expected: "a function or undefined" };
/** @internal 300, "300px", "50%", or nothing. */
export const OPTIONAL_DIMENSION: Rule = {
  test: (v) => v === undefined || ((typeof v === "number" || typeof v === "string") && DIMENSION.test(String(v))),
  expected: 'pixels or a percentage (300, "300px", "50%") or undefined',
};

/** @internal One of `values` (case-insensitive when `ignoreCase`), or undefined. */
export function oneOf(values: readonly string[], ignoreCase = false): Rule {
  const allowed = ignoreCase ? values.map((v) => v.toLowerCase()) : values;
  return {
    test: (v) => v === undefined || (typeof v === "string" && allowed.includes(ignoreCase ? v.toLowerCase() : v)),
    expected: `one of ${values.map((v) => JSON.stringify(v)).join(", ")} or undefined`,
  };
}
