/**
 * apkit/schemas: zod 4 schemas for the shapes Connect hosts hand to apps. They implement Standard Schema, so
 * any apkit API that takes a `schema` accepts them. Kept out of the core entry so the core never bundles zod.
 *
 * @packageDocumentation
 * @module apkit/schemas
 */
export * from "./context.js";
