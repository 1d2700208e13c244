// `apkit-dev`: the command. Parses the arguments, starts the dev host (startDevHost), prints where it runs and then
// the request log; with --once, opens every module in headless Chromium, prints the report and exits 0 or 1.
import { parseArgs } from "node:util";
import { DevHostError } from "./errors.mjs";
import { startDevHost } from "./startDevHost.mjs";

export const USAGE = `apkit-dev: a local Jira/Confluence-like host for your Atlassian app, Connect and Forge (an emulation, on loopback)

Usage: apkit-dev [options]

Connect
  --descriptor <url|file>  the app's descriptor: its running backend's URL (http://127.0.0.1:3000/atlassian-connect.json)
                           or a file
  --base-url <url>         the app's base URL (replaces the descriptor's; fills in {{localBaseUrl}})
  --serve <dir>            a static app: serve this directory as the app (its atlassian-connect.json unless --descriptor)
Forge
  --manifest <file>        the app's manifest.yml
  --resource <key=dir|url> where a resource is: a built directory or a dev server URL (repeatable)
  --tunnel                 use resources[].tunnel.port (dev servers) as \`forge tunnel\` does
  --remote <key=url>       a remote's local base URL, e.g. connect=http://127.0.0.1:3000 (repeatable)
  --resolver <file>        your resolver module (invoke(functionKey) runs its handler)
Product
  --seed <file.json>       the product's data to start from (users, projects, issues, spaces, content, properties)
  --state <file.json>      keep the product's data in this file across restarts
Host
  --port <n>               the host's port (default 4600; 0 picks a free one)
  --quiet                  no request log on stdout
  --once                   start, open every module in headless Chromium (playwright-core), report, exit 0 or 1
  --chromium <path>        the browser for --once (default $CHROMIUM_PATH or /usr/bin/chromium)
  --help
`;

const OPTIONS = {
  descriptor: { type: "string" },
  "base-url": { type: "string" },
  serve: { type: "string" },
  manifest: { type: "string" },
  resource: { type: "string", multiple: true },
  tunnel: { type: "boolean" },
  remote: { type: "string", multiple: true },
  resolver: { type: "string" },
  seed: { type: "string" },
  state: { type: "string" },
  port: { type: "string" },
  quiet: { type: "boolean" },
  once: { type: "boolean" },
  chromium: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/** `key=value` pairs of a repeatable option, as an object. */
function pairs(list, name) {
  const out = {};
  for (const item of list ?? []) {
    const at = item.indexOf("=");
    if (at <= 0) throw new DevHostError("ERR_DEV_USAGE", `--${name} takes key=value, got ${JSON.stringify(item)}`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

/** The startDevHost options the arguments ask for (exported for tests). */
export function optionsFromArgs(args) {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new DevHostError("ERR_DEV_USAGE", `${error.message}\n\n${USAGE}`, { cause: error });
  }
  if (values.help) return { help: true };
  const port = values.port === undefined ? 4600 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DevHostError("ERR_DEV_USAGE", `--port must be 0-65535, got ${values.port}`);
  if (!values.descriptor && !values.serve && !values.manifest) throw new DevHostError("ERR_DEV_USAGE", `give an app: --descriptor, --serve and/or --manifest\n\n${USAGE}`);
  const forgeOnly = ["resource", "tunnel", "remote", "resolver"].filter((k) => values[k] !== undefined);
  if (!values.manifest && forgeOnly.length) throw new DevHostError("ERR_DEV_USAGE", `--${forgeOnly[0]} needs --manifest`);
  return {
    port,
    once: !!values.once,
    chromium: values.chromium,
    devHost: {
      port,
      log: !values.quiet,
      seed: values.seed,
      state: values.state,
      connect: values.descriptor || values.serve ? { descriptor: values.descriptor, baseUrl: values["base-url"], serve: values.serve } : undefined,
      forge: values.manifest
        ? { manifest: values.manifest, resources: pairs(values.resource, "resource"), remotes: pairs(values.remote, "remote"), tunnel: !!values.tunnel, resolver: values.resolver }
        : undefined,
    },
  };
}

/** Runs the command; resolves the exit code (the host keeps running when there is none). */
export async function main(args, io = { out: (l) => console.log(l), err: (l) => console.error(l) }) {
  let parsed;
  try {
    parsed = optionsFromArgs(args);
  } catch (error) {
    io.err(`apkit-dev: ${error.message}`);
    return 2;
  }
  if (parsed.help) {
    io.out(USAGE);
    return 0;
  }
  const { devHost, once, chromium } = parsed;
  let host;
  try {
    host = await startDevHost({ ...devHost, log: once ? false : devHost.log && io.out });
  } catch (error) {
    io.err(`apkit-dev: ${error.code ?? "error"}: ${error.message}`);
    return 1;
  }
  io.out(`apkit-dev: ${host.url}`);
  io.out(`  ${"(an emulation of Jira and Confluence on loopback, not an Atlassian product)"}`);
  for (const app of host.apps) {
    const parts = [app.baseUrl && `Connect at ${app.baseUrl}${app.lifecycleStatus ? ` (signed install answered ${app.lifecycleStatus})` : ""}`, app.forge && `Forge ${app.forge.appId}`].filter(Boolean);
    io.out(`  app ${app.key}: ${parts.join(", ")}`);
  }
  io.out(`  backend settings for development: install keys ${host.keyServer}, Forge JWKS ${host.jwksUrl}`);
  if (!once) {
    io.out("Ctrl-C stops it.");
    const stop = async () => {
      await host.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return undefined;
  }
  const { checkOnce } = await import("./once.mjs");
  try {
    const report = await checkOnce(host, { chromium });
    for (const line of report.lines) io.out(line);
    return report.ok ? 0 : 1;
  } catch (error) {
    io.err(`apkit-dev --once: ${error.code ?? "error"}: ${error.message}`);
    return 1;
  } finally {
    await host.close();
  }
}
