// The descriptor fixtures (written for these tests) and helpers to migrate and validate them.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { migrateManifest, type MigrateOptions, type MigrateResult } from "../../src/manifest/migrate.js";
import type { ConnectDescriptor, ForgeManifest, Product } from "../../src/manifest/types.js";
import { validateManifestText } from "../../src/manifest/validate.js";
import { manifestYaml } from "../../src/manifest/yaml.js";

export const fixturesDir = fileURLToPath(new URL("../fixtures/descriptors/", import.meta.url));

export interface Fixture {
  name: string;
  product: Product;
  descriptor: ConnectDescriptor;
  /** Environment variables Forge needs to resolve the manifest (placeholder keys without a default). */
  env: Record<string, string>;
}

const ENV: Record<string, Record<string, string>> = { "jira-spring-residency.json": { ADDON_KEY: "com.example.spring-app" } };

export const fixtures: Fixture[] = readdirSync(fixturesDir)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((name) => ({
    name,
    product: name.startsWith("confluence") ? "confluence" : "jira",
    descriptor: JSON.parse(readFileSync(`${fixturesDir}${name}`, "utf8")) as ConnectDescriptor,
    env: ENV[name] ?? {},
  }));

/** Migrates a descriptor and returns the result with its YAML. */
export function run(descriptor: ConnectDescriptor, options: MigrateOptions = {}): MigrateResult & { yaml: string } {
  const result = migrateManifest({ descriptor }, options);
  return { ...result, yaml: manifestYaml(result, undefined, "atlassian-connect.json") };
}

/** Migrates a manifest text of an earlier run (edited in place). */
export function rerun(yaml: string, options: MigrateOptions = {}): MigrateResult & { yaml: string } {
  const result = migrateManifest({ manifest: parse(yaml) as ForgeManifest }, options);
  return { ...result, yaml: manifestYaml(result, yaml, "manifest.yml") };
}

/** @forge/manifest's errors for a manifest text (warnings dropped). */
export async function errorsOf(yaml: string, env: Record<string, string> = {}): Promise<string[]> {
  return (await validateManifestText(yaml, env)).filter((message) => message.level === "error").map((message) => message.message);
}
