// apkit/server as "apkit/server" resolves in this project: the sources, or dist/server.{mjs,cjs} (the Web Crypto
// build every non-Node runtime gets).
import { serverSuite } from "./server-suite.js";
import { forgeSuite } from "./forge-suite.js";

serverSuite("web crypto build", () => import("apkit/server"));
forgeSuite("web crypto build", () => import("apkit/server"));
