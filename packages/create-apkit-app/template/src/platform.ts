// The one line that differs between the two builds. `npm run build` makes the Connect pages: nothing is passed and
// apkit talks to all.js's window.AP. `npm run build:forge` (vite --mode forge) makes the Forge Custom UI resources:
// apkit runs over @forge/bridge. Vite replaces import.meta.env.MODE with a constant, so each build keeps its branch.
import type { LoadAPOptions } from "apkit";
import { forge } from "apkit/forge";
import { FORGE_OPTIONS } from "./shared";

export const apOptions: LoadAPOptions | undefined = import.meta.env.MODE === "forge" ? { platform: forge(FORGE_OPTIONS) } : undefined;
