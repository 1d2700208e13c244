/**
 * @internal Argument checks shared by the capability modules. Caller mistakes are `TypeError`s (the stack says where):
 * bugs to fix, not conditions to handle. Options objects are checked field by field (`checkFields`), so the message
 * names the field, what it must be and what it was.
 */

/** @internal Throws `TypeError("apkit: bad <what>")` unless `ok`. */
export function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new TypeError(`apkit: bad ${what}`);
}

/** @internal How one field is checked: the test, and what the field must be (for the message). */
export type Rule = readonly [test: (v: unknown) => boolean, must: string];

/** @internal A value as a message shows it: strings quoted (their start), objects and functions by kind only. */
const shown = (v: unknown): string =>
  typeof v === "string"
    ? JSON.stringify(v.slice(0, 40))
    : typeof v === "function"
      ? "a function"
      : Array.isArray(v)
        ? "an array"
        : v && typeof v === "object"
          ? "an object"
          : String(v);

/**
 * @internal Checks that `value` is a plain object whose fields pass their rules. The `TypeError` names the first
 * field that does not: `apkit: bad dialog options: size must be small | medium | …, not "huge"`. Positional
 * arguments are checked as an object of their names (`{ width, height }`).
 */
export function checkFields(value: unknown, what: string, rules: Record<string, Rule>): void {
  if (!isObject(value)) throw new TypeError(`apkit: bad ${what}: ${shown(value)}, not an object`);
  for (const field in rules) {
    const [test, must] = rules[field]!;
    if (!test(value[field])) throw new TypeError(`apkit: bad ${what}: ${field} must be ${must}, not ${shown(value[field])}`);
  }
}

/** @internal A plain object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

const DIMENSION = /^\d+(\.\d+)?(px|%)?$/;

/** @internal A non-empty string. */
export const isText = (v: unknown): v is string => !!v && typeof v === "string";
/** @internal Any string. */
export const isString = (v: unknown): v is string => typeof v === "string";
/** @internal A string or nothing. */
export const isOptionalString = (v: unknown): boolean => v === undefined || typeof v === "string";
/** @internal A plain object or nothing. */
export const isOptionalObject = (v: unknown): boolean => v === undefined || isObject(v);
/** @internal A positive number or nothing. */
export const isOptionalPositive = (v: unknown): boolean => v === undefined || (v as number) > 0;
/** @internal 300, "300px", "50%", or nothing. */
export const isOptionalDimension = (v: unknown): boolean =>
  v === undefined || ((typeof v === "number" || typeof v === "string") && DIMENSION.test(String(v)));

/** @internal Rules for {@link checkFields}. */
export const TEXT: Rule = [isText, "a non-empty string"];
/** @internal */
export const OPTIONAL_STRING: Rule = [isOptionalString, "a string"];
/** @internal */
export const OPTIONAL_OBJECT: Rule = [isOptionalObject, "an object"];
/** @internal */
export const OPTIONAL_DIMENSION: Rule = [isOptionalDimension, 'pixels or a percentage (400, "400px", "50%")'];
/** @internal One of `values`, or nothing (the first is the default). */
export const oneOf = (values: readonly string[]): Rule => [(v) => v === undefined || values.includes(v as string), values.join(" | ")];
