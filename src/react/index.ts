/**
 * apkit/react: the apkit core plus React bindings. The core is imported through the package name, so an app
 * that uses both `apkit` and `apkit/react` runs exactly one core.
 *
 * @packageDocumentation
 */
export * from "apkit";
