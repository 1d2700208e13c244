import { ValidationError, type ValidationIssue } from "./errors.js";

/**
 * The Standard Schema interface (https://standardschema.dev), written out here so the core needs no runtime
 * dependency: zod 4, valibot, arktype and others implement it. apkit only ever calls `~standard.validate`.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace StandardSchemaV1 {
  type Result<Output> =
    | { readonly value: Output; readonly issues?: undefined }
    | { readonly issues: ReadonlyArray<ValidationIssue> };
  /** The output type a schema produces. */
  type InferOutput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["output"];
}

/** The data type a schema validates to, or `Fallback` when no schema is given. */
export type Infer<S, Fallback = unknown> = S extends StandardSchemaV1<any, infer O> ? O : Fallback;

/**
 * Validates `value` with any Standard Schema and returns the typed output, or throws a
 * {@link ValidationError} listing the issues.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { validate } from "apkit";
 * const n = await validate(z.number().int(), JSON.parse("42"), "the answer");
 * ```
 */
export async function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  what = "value",
): Promise<StandardSchemaV1.InferOutput<S>> {
  const standard = (schema as Partial<StandardSchemaV1> | null)?.["~standard"];
  if (!standard || typeof standard.validate !== "function") {
    throw new TypeError("apkit: schema must implement Standard Schema");
  }
  const result = await standard.validate(value);
  if (result.issues) {
    const first = result.issues[0];
    const where = first?.path?.map((p) => String(typeof p === "object" ? p.key : p)).join(".");
    throw new ValidationError(`Invalid ${what}${where ? ` at ${where}` : ""}: ${first?.message}`, { issues: result.issues, cause: value });
  }
  return result.value as StandardSchemaV1.InferOutput<S>;
}

/** Validates only when a schema was given; otherwise passes the value through. */
export function validateMaybe<S extends StandardSchemaV1 | undefined>(
  schema: S,
  value: unknown,
  what?: string,
): Promise<Infer<S>> {
  return (schema ? validate(schema, value, what) : Promise.resolve(value)) as Promise<Infer<S>>;
}

