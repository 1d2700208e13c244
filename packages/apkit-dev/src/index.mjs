// apkit-dev: the local host for your own Atlassian app (docs/dev-host.md). Types: index.d.ts.
export { startDevHost, NOTICE } from "./startDevHost.mjs";
export { DevHostError } from "./errors.mjs";
export { checkOnce, launchChromium, CHROMIUM_ARGS } from "./once.mjs";
