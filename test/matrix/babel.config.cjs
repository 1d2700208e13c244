// How jest users typically compile TypeScript + React tests: Babel (ts-jest does not support TypeScript 6).
module.exports = {
  presets: [
    ["@babel/preset-env", { targets: { node: "current" } }],
    ["@babel/preset-react", { runtime: "automatic" }],
    "@babel/preset-typescript",
  ],
};
