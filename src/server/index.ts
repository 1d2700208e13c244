/**
 * apkit/server: verify Connect JWTs in any runtime with Web Crypto (Node, Deno, Bun, workers). No browser code.
 *
 * @packageDocumentation
 */
export { canonicalRequest, computeQsh } from "./computeQsh.js";
