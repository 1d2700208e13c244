/**
 * @internal Argument checks shared by the capability modules. Caller mistakes are `TypeError`s with a short message
 * (the stack says where): bugs to fix, not conditions to handle.
 */

/** @internal Throws `TypeError("apkit: bad <what>")` unless `ok`. */
export function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new TypeError(`apkit: bad ${what}`);
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

