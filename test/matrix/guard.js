// Fails a test in which React warned about act() (both jest and vitest load this file, with test globals on).
const actWarnings = [];
const consoleError = console.error.bind(console);
console.error = (...args) => {
  const text = args.map(String).join(" ");
  if (/not wrapped in act|not configured to support act/.test(text)) actWarnings.push(text);
  consoleError(...args);
};
afterEach(() => {
  if (actWarnings.length) {
    const first = actWarnings[0];
    actWarnings.length = 0;
    throw new Error(`React warned about act(): ${first}`);
  }
});
