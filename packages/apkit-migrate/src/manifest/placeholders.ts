/**
 * Template placeholders of real descriptors: atlassian-connect-express renders `{{localBaseUrl}}`, Spring Boot
 * resolves `${addon.key}` and `${APP_KEY:default}`, Go's text/template `{{ .BaseURL }}`. apkit-migrate leaves them
 * intact (the app's own build fills them in) and lists each one in the report.
 */

/** One placeholder found in the input, with where it was. */
export interface Placeholder {
  /** Where it was, as a dotted path into the input ("baseUrl", "modules.webPanels[0].url"). */
  path: string;
  /** The placeholder as written, e.g. "{{localBaseUrl}}". */
  text: string;
}

// `{{ ... }}` (handlebars, Go templates) and `${ ... }` (Spring, shell-like). Connect's own URL context parameters
// (`{issue.key}`) have single braces and are not placeholders.
const PLACEHOLDER = /\{\{[^{}]*\}\}|\$\{[^{}]*\}/g;

/** Every placeholder in the strings of `value`, depth first, with its path. */
export function findPlaceholders(value: unknown, path = ""): Placeholder[] {
  if (typeof value === "string") return [...value.matchAll(PLACEHOLDER)].map((match) => ({ path, text: match[0] }));
  if (Array.isArray(value)) return value.flatMap((item, index) => findPlaceholders(item, `${path}[${index}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => findPlaceholders(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** Whether `text` contains a placeholder. */
export function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/**
 * A placeholder where Forge needs a literal that passes its schema (the app's Connect key) becomes a Forge manifest
 * environment variable (`${NAME}`, declared under `environment.variables`, which Forge resolves from the shell that
 * runs `forge deploy`/`forge lint`, or from its default). `${APP_KEY:default}` keeps its default; `${addon.key}` and
 * `{{addonKey}}` become `ADDON_KEY` with no default.
 */
export function environmentVariableFor(text: string): { name: string; default?: string } {
  const inner = text.replace(/^\$\{|^\{\{|\}\}$|\}$/g, "").trim();
  const colon = inner.indexOf(":");
  const name = (colon === -1 ? inner : inner.slice(0, colon))
    .replace(/^\./, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  const variable: { name: string; default?: string } = { name: /^[A-Z_]/.test(name) ? name : `APP_${name}` };
  if (colon !== -1) variable.default = inner.slice(colon + 1);
  return variable;
}
