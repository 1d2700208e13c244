// The one line that differs between the two builds of this app. `vite build` (npm run example:react) makes the
// Connect app: nothing is passed and apkit talks to window.AP. `vite build --mode forge` (npm run example:react:forge)
// makes the Forge Custom UI resources of manifest.yml: apkit runs over @forge/bridge. Vite replaces
// import.meta.env.MODE with a constant, so each build keeps only its own branch (the Connect build has no Forge code).
import type { LoadAPOptions } from "apkit";
import { forge } from "apkit/forge";
import { FORGE_OPTIONS } from "./shared.js";

export const apOptions: LoadAPOptions | undefined = import.meta.env.MODE === "forge" ? { platform: forge(FORGE_OPTIONS) } : undefined;
