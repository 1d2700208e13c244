// Where the product's data comes from and goes: a seed (a JSON product document: a file, an object, or the built-in
// seed.json), and, when asked, a state file that keeps the data and the site's identity (clientKey, cloudId, Forge
// installation ids; never a secret: shared secrets are made per run and sent with each start's signed install) across
// restarts. Writes are atomic (a temporary file renamed over the old one) and batched.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DevHostError } from "./errors.mjs";
import { checkProductDocument } from "./product.mjs";

const DEFAULT_SEED = fileURLToPath(new URL("./seed.json", import.meta.url));
const FORMAT = 1;

function readJsonFile(file, code, what) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DevHostError(code, `cannot read the ${what} ${file}: ${error.message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DevHostError(code, `the ${what} ${file} is not JSON: ${error.message}`, { cause: error });
  }
}

function newSite() {
  return { clientKey: `apkit-dev-${randomUUID()}`, cloudId: randomUUID(), environmentId: randomUUID(), installations: {} };
}

/**
 * Opens the product's data: the state file's when it exists, else the seed's. Resolves `{ site, product, save(doc),
 * flush() }`: `product` is a checked product document; `save` schedules a write of the state file (nothing without
 * one).
 * @param {{ seed?: string | object, statePath?: string, cwd?: string }} options
 */
export function openState({ seed, statePath, cwd = process.cwd() }) {
  const file = statePath === undefined ? undefined : resolve(cwd, statePath);
  let site;
  let product;
  if (file && existsSync(file)) {
    const saved = readJsonFile(file, "ERR_DEV_STATE", "state file");
    if (saved?.apkitDev !== FORMAT) throw new DevHostError("ERR_DEV_STATE", `${file} is not an apkit-dev state file (no "apkitDev": ${FORMAT}); delete it or choose another --state file`);
    site = { ...newSite(), ...saved.site, installations: { ...saved.site?.installations } };
    product = checkProductDocument(saved.product, `the state file ${file}`);
  } else {
    site = newSite();
    const doc = seed === undefined ? readJsonFile(DEFAULT_SEED, "ERR_DEV_SEED", "seed") : typeof seed === "string" ? readJsonFile(resolve(cwd, seed), "ERR_DEV_SEED", "seed") : seed;
    product = checkProductDocument(doc, typeof seed === "string" ? `the seed ${resolve(cwd, seed)}` : "the seed");
  }

  let pending;
  let latest;
  const write = () => {
    pending = undefined;
    if (!file || !latest) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ apkitDev: FORMAT, site, product: latest }, null, 2) + "\n");
    renameSync(tmp, file);
  };
  return {
    file,
    site: {
      ...site,
      /** The Forge installation of an app on this site, made once and kept (a FIT's app.installationId). */
      installationIdOf(appKey) {
        site.installations[appKey] ??= `ari:cloud:ecosystem::installation/${randomUUID()}`;
        return site.installations[appKey];
      },
    },
    product,
    save(doc) {
      latest = doc;
      if (file && !pending) pending = setTimeout(write, 50);
    },
    flush() {
      if (pending) clearTimeout(pending);
      write();
    },
  };
}
