// The jest half of the component-test matrix: the built package (dist, CJS: what jest users load), two
// environments. `npm run test:jest`.
const path = require("node:path");

const rootDir = path.resolve(__dirname, "../..");
const shared = {
  rootDir,
  testMatch: ["<rootDir>/test/matrix/**/*.test.tsx"],
  transform: { "\\.[cm]?[jt]sx?$": ["babel-jest", { configFile: path.join(__dirname, "babel.config.cjs") }] },
  // msw 2 depends on ESM-only packages (rettime, @open-draft/deferred-promise ...): jest users compile them, as here.
  transformIgnorePatterns: ["/node_modules/(?!(rettime|@open-draft|until-async)/)"],
  moduleNameMapper: {
    "^apkit$": "<rootDir>/dist/index.cjs",
    "^apkit/(react|testing|server|schemas|query|forge)$": "<rootDir>/dist/$1.cjs",
    "^apkit/testing/forge$": "<rootDir>/dist/testing/forge.cjs",
  },
  // jsdom environments resolve packages' "browser" builds; msw and its dependencies need their Node (CJS) builds.
  testEnvironmentOptions: { customExportConditions: ["node", "require", "default"] },
  setupFilesAfterEnv: ["<rootDir>/test/matrix/guard.js"],
};

module.exports = {
  projects: [
    { ...shared, displayName: "jest:jsdom", testEnvironment: "<rootDir>/dist/testing/jest-environment.cjs" },
    { ...shared, displayName: "jest:fixed-jsdom", testEnvironment: "jest-fixed-jsdom", setupFiles: ["<rootDir>/dist/testing/setup.cjs"] },
  ],
};
