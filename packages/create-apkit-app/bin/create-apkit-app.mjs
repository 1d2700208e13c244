#!/usr/bin/env node
// `npm create apkit-app <folder>` / `npx create-apkit-app <folder>`: writes a new app from ../template into
// <folder> (which must not exist, or be empty), naming it after the folder. No dependencies, nothing installed.
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATE = fileURLToPath(new URL("../template/", import.meta.url));
/** The apkit this starter is written for. */
const APKIT = "^0.3.0";
/** Files npm would not publish under their own name. */
const RENAMED = { _gitignore: ".gitignore" };

const USAGE = `Usage: npm create apkit-app <folder> [-- --name "My app"]
       npx create-apkit-app <folder> [--name "My app"] [--apkit <version or path>]

Writes a React + Vite app on apkit into <folder>: a Jira issue panel and a dialog, its Connect descriptor and Forge
manifest, component tests on both platforms (vitest and jest) and an Express backend for both platforms' tokens.

  --name    the app's name (default: the folder's name)
  --apkit   the apkit dependency to write (default: ${APKIT}), e.g. a path to a packed apkit-x.y.z.tgz`;

/** What the command line asks for, or a usage error. */
export function parseArguments(args) {
  const options = { folder: undefined, name: undefined, apkit: APKIT, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "--name" || arg === "--apkit") {
      const value = args[++i];
      if (!value || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      options[arg.slice(2)] = value;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (options.folder) throw new UsageError(`one folder only (got ${options.folder} and ${arg})`);
    else options.folder = arg;
  }
  if (!options.help && !options.folder) throw new UsageError("which folder? e.g. npm create apkit-app my-app");
  return options;
}

class UsageError extends Error {}

/**
 * Writes the app into `folder`. The app key (descriptor `key`, manifest `app.connect.key`, the package name) is the
 * name in lower case, letters, digits and dashes only.
 * @returns {{ folder: string, key: string, files: string[] }}
 */
export function createApp({ folder, name = basename(resolve(folder)), apkit = APKIT }) {
  const target = resolve(folder);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length)) {
    throw new UsageError(`${folder} exists and is not an empty folder`);
  }
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  if (!key) throw new UsageError(`cannot make an app key of the name ${JSON.stringify(name)}: use letters or digits`);
  // Plain words for the places the name is shown (HTML, JSON, YAML): nothing to escape.
  if (!/^[\p{L}\p{N} ._-]+$/u.test(name)) throw new UsageError(`the name may have letters, digits, spaces, ".", "_" and "-" only`);
  const fill = (text) =>
    text.replaceAll("__APP_NAME__", name).replaceAll("__APP_KEY__", key).replaceAll("__PACKAGE_NAME__", key).replaceAll("__APKIT__", apkit);

  const files = [];
  const copy = (from) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      const path = relative(TEMPLATE, source);
      const destination = join(target, RENAMED[path] ?? path);
      if (entry.isDirectory()) {
        mkdirSync(destination, { recursive: true });
        copy(source);
        continue;
      }
      const content = readFileSync(source);
      // Text files get the names filled in; binary ones (none today) are copied as they are.
      writeFileSync(destination, content.includes(0) ? content : fill(content.toString("utf8")));
      files.push(relative(target, destination));
    }
  };
  mkdirSync(target, { recursive: true });
  copy(TEMPLATE);
  return { folder: target, key, files: files.sort() };
}

function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
    if (options.help) return console.log(USAGE);
    const { folder, key } = createApp(options);
    const cd = relative(process.cwd(), folder) || ".";
    console.log(`Created ${key} in ${folder}.

Next:
  cd ${cd}
  npm install
  npm test                 component tests on Connect and Forge, and the backend's
  npm run build            the Connect pages; npm run build:forge for Forge's
  npm start                the backend, serving the Connect descriptor

README.md says how to put it on a Connect site and on Forge.`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`create-apkit-app: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  }
}

// Run as a command (npx and npm create run it through a symlink), not when a test imports it.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
