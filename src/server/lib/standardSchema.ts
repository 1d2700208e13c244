// The Standard Schema interface (https://standardschema.dev), written out so apkit/server's types need no
// dependency: zod 4, valibot, arktype and others implement it. Only `~standard.validate` is ever called.

/** A Standard Schema: zod 4, valibot, arktype ... */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What a Standard Schema's `validate` returns. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<unknown> | undefined }> };

/** The output type of a schema, or `Fallback` when there is none. */
export type InferOutput<S, Fallback> = S extends StandardSchemaV1<any, infer O> ? O : Fallback;
