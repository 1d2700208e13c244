/**
 * @forge/manifest's own validation (the package the Forge CLI's `forge lint` uses) of a written manifest, before
 * the pages are built: it runs on a copy in a temporary directory where every resource directory holds an
 * index.html and the icons the manifest names, so what it reports is about the manifest, not the missing build.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import type { ForgeManifest } from "./types.js";

/** A message of @forge/manifest's validation. */
export interface ValidationMessage {
  level: string;
  message: string;
}

/** Creates, under `dir`, what the manifest's resources must contain for Forge to accept it (stub pages and icons). */
export async function stageResources(manifest: ForgeManifest, dir: string): Promise<void> {
  for (const resource of manifest.resources ?? []) {
    await mkdir(join(dir, resource.path), { recursive: true });
    await writeFile(join(dir, resource.path, "index.html"), "<!doctype html><title>stub</title>\n");
  }
  const icons = JSON.stringify(manifest).matchAll(/"resource:([\w-]+);([^"]+)"/g);
  for (const [, key, file] of icons) {
    const resource = manifest.resources?.find((candidate) => candidate.key === key);
    if (!resource) continue;
    const path = join(dir, resource.path, file!);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "<svg xmlns='http://www.w3.org/2000/svg'/>\n");
  }
}

/**
 * Validates manifest text with @forge/manifest, with stubs standing in for the pages; resolves its errors and
 * warnings (empty when valid).
 *
 * @example
 * ```ts
 * const messages = await validateManifestText(text);
 * ```
 */
export async function validateManifestText(text: string, env: Record<string, string> = {}): Promise<ValidationMessage[]> {
  const dir = await mkdtemp(join(tmpdir(), "apkit-migrate-"));
  const saved: Record<string, string | undefined> = {};
  try {
    await writeFile(join(dir, "manifest.yml"), text);
    await stageResources(parse(text) as ForgeManifest, dir);
    // Forge resolves manifest environment variables from the environment (the shell running forge lint).
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    const { validate } = await import("@forge/manifest");
    const result = await validate(false, join(dir, "manifest.yml"));
    return (result.errors ?? []).map((error) => ({ level: String(error.level), message: error.message }));
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(dir, { recursive: true, force: true });
  }
}
