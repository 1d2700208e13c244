import { fileURLToPath } from "node:url";
import type { StorybookConfig } from "@storybook/react-vite";

const src = (p: string) => fileURLToPath(new URL(`../src/${p}`, import.meta.url));

const config: StorybookConfig = {
  stories: ["../stories/**/*.stories.tsx"],
  framework: { name: "@storybook/react-vite", options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    // Stories use the package names, like an app would; here they lead to the sources.
    config.resolve ??= {};
    config.resolve.alias = [
      { find: /^apkit$/, replacement: src("index.ts") },
      { find: /^apkit\/(react|testing|schemas|server)$/, replacement: src("$1/index.ts") },
      ...(Array.isArray(config.resolve.alias) ? config.resolve.alias : []),
    ];
    return config;
  },
};
export default config;
