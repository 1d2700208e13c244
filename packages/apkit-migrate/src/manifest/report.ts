/** The report `apkit-migrate manifest` prints: what moved, what stays and why, and what is left to do. */
import type { ForgeOptions } from "apkit/forge";
import type { MigrateResult } from "./migrate.js";

/** `forge({ ... })` as the line the app's Forge start-up code needs. */
export function forgeOptionsLine(options: ForgeOptions): string {
  return `loadAP({ platform: forge(${JSON.stringify(options, null, 2).replace(/\n/g, "\n  ")}) })`;
}

/**
 * The report of one run, as text.
 *
 * @example
 * ```ts
 * process.stdout.write(formatReport(migrateManifest({ descriptor }, { moveUi: true }), "manifest.yml", []));
 * ```
 */
export function formatReport(result: MigrateResult, out: string, validation: string[]): string {
  const { report, forgeOptions } = result;
  const lines: string[] = [];
  const section = (title: string) => lines.push("", title);
  if (report.placeholderAppId) {
    lines.push(`!! app.id in ${out} is a PLACEHOLDER (${result.manifest.app.id}).`, "!! Run `forge register` in its directory before `forge deploy`: it writes the app's real id.");
  }
  lines.push(`Wrote ${out}: the ${report.product === "jira" ? "Jira" : "Confluence"} app "${report.appKey}", runtime ${report.runtime.name}${report.runtime.replaced ? ` (was ${report.runtime.replaced})` : ""}.`);

  section(report.moved.length > 0 ? `Moved to Forge (${report.moved.length}):` : "Moved to Forge: nothing in this run.");
  for (const moved of report.moved) {
    lines.push(`  ${moved.connectType} "${moved.key}" → ${moved.forgeType === "resource" ? "a resource (a Modal)" : moved.forgeType}`);
    for (const page of moved.pages) lines.push(`    resource "${page.resource}": build ${page.url} into ${result.manifest.resources?.find((r) => r.key === page.resource)?.path}/index.html`);
    for (const parameter of moved.contextParameters) {
      const where = parameter.forge ?? "nothing on Forge";
      lines.push(`    {${parameter.parameter}}${parameter.query ? ` (?${parameter.query}=)` : ""} → ${where}${parameter.note ? `: ${parameter.note}` : ""}`);
    }
    for (const todo of moved.todos) lines.push(`    to do: ${todo}`);
    lines.push(`    source: ${moved.source}`);
  }

  if (report.refused.length > 0) {
    section("Asked to move, but stays in connectModules:");
    for (const refused of report.refused) lines.push(`  ${refused.connectType} "${refused.key}": ${refused.reason}`);
  }
  section(report.staying.length > 0 ? `Left in connectModules (${report.staying.length}):` : "Left in connectModules: nothing.");
  for (const staying of report.staying) lines.push(`  ${staying.connectType} "${staying.key}": ${staying.reason}`);

  if (report.placeholders.length > 0) {
    section("Template placeholders, left as they are (your build fills them in):");
    for (const placeholder of report.placeholders) lines.push(`  ${placeholder.path}: ${placeholder.text}`);
  }
  for (const variable of report.environment) {
    lines.push(
      `  ${variable.at}: ${variable.replaces} must be a literal for Forge, so it is \${${variable.name}}, a Forge manifest environment variable`,
      `    (environment.variables)${variable.default === undefined ? `: set ${variable.name} when you run forge lint / forge deploy` : `, default "${variable.default}"`}.`,
    );
  }
  if (report.notes.length > 0) {
    section("Notes:");
    for (const note of report.notes) lines.push(`  ${note}`);
  }
  section("The Forge pages' start-up line (apkit/forge):");
  lines.push(Object.keys(forgeOptions).length > 0 ? `  ${forgeOptionsLine(forgeOptions).replace(/\n/g, "\n  ")}` : "  no Forge page yet: the Connect pages keep `loadAP()`.");
  section(validation.length === 0 ? "@forge/manifest: valid (with every resource directory in place)." : "@forge/manifest reports:");
  for (const message of validation) lines.push(`  ${message}`);
  return `${lines.join("\n")}\n`;
}
