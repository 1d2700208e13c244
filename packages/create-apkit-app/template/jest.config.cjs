// `npm run test:jest`: the component tests under jest 30, configured as apkit's docs/testing.md says.
module.exports = {
  testEnvironment: "apkit/testing/jest-environment",
  testMatch: ["<rootDir>/test/**/*.test.tsx"],
  // Babel compiles the TypeScript and JSX, and the ES modules msw 2 depends on, should you add msw (rettime ships
  // .mjs files).
  transform: { "\\.[cm]?[jt]sx?$": "babel-jest" },
  transformIgnorePatterns: ["/node_modules/(?!(rettime|@open-draft|until-async)/)"],
  // jsdom environments load packages' "browser" builds; msw/node and its dependencies need their Node builds.
  testEnvironmentOptions: { customExportConditions: ["node", "require", "default"] },
};
