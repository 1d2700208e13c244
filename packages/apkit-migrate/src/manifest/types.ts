/**
 * The shapes apkit-migrate reads and writes: a Connect descriptor (atlassian-connect.json) and a Forge manifest
 * (manifest.yml). Both are typed loosely on purpose: real descriptors carry fields no schema lists, and everything
 * apkit-migrate does not understand is carried over untouched.
 */

/** The product a Connect app extends; Forge prefixes its Connect modules with it (`jira:webPanels`). */
export type Product = "jira" | "confluence";

/** Connect's i18n property, `{ value, i18n }`. */
export interface I18nProperty {
  value?: string;
  i18n?: string;
}

/** One Connect module as the descriptor declares it (the fields apkit-migrate reads; the rest is kept). */
export interface ConnectModule {
  key?: string;
  name?: I18nProperty;
  url?: string;
  location?: string;
  [field: string]: unknown;
}

/** atlassian-connect.json. */
export interface ConnectDescriptor {
  key: string;
  name?: string;
  description?: string;
  baseUrl: string;
  authentication?: { type?: string };
  scopes?: string[];
  lifecycle?: Record<string, string>;
  modules?: Record<string, ConnectModule | ConnectModule[]>;
  translations?: { paths?: Record<string, string> };
  cloudAppMigration?: { migrationWebhookPath?: string };
  regionBaseUrls?: Record<string, string>;
  enableLicensing?: boolean;
  [field: string]: unknown;
}

/** A Forge module in `modules` (Custom UI modules name a `resource`). */
export interface ForgeModule {
  key: string;
  [field: string]: unknown;
}

/** A Forge Custom UI resource: a directory whose entry point is index.html. */
export interface ForgeResource {
  key: string;
  path: string;
  [field: string]: unknown;
}

/** A Forge remote (an external backend). */
export interface ForgeRemote {
  key: string;
  baseUrl?: string | Record<string, string>;
  operations?: string[];
  auth?: { appSystemToken?: { enabled: boolean }; appUserToken?: { enabled: boolean } };
  [field: string]: unknown;
}

/** manifest.yml, as far as apkit-migrate writes it. */
export interface ForgeManifest {
  app: {
    id: string;
    runtime?: { name: string; [field: string]: unknown };
    connect?: { key: string; remote?: string; authentication?: string };
    [field: string]: unknown;
  };
  modules?: Record<string, ForgeModule[]>;
  resources?: ForgeResource[];
  remotes?: ForgeRemote[];
  connectModules?: Record<string, ConnectModule[]>;
  permissions?: { scopes?: string[]; external?: Record<string, unknown>; [field: string]: unknown };
  environment?: { variables?: (string | { key: string; default?: string })[] };
  [field: string]: unknown;
}
