// A run that executes no test must fail: every configured project has to run at least one test, and a
// filtered run (`vitest run -t x`, `--project y`) has to run at least one as well.
import type { Reporter, TestModule } from "vitest/node";

export default class RequireTestsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = new Map<string, number>();
    for (const module of testModules) {
      const name = module.project.name;
      let ran = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed" || state === "failed") ran++;
      }
      counts.set(name, (counts.get(name) ?? 0) + ran);
    }
    const empty = [...counts].filter(([, n]) => n === 0).map(([name]) => name);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total === 0 || empty.length > 0) {
      process.exitCode = 1;
      console.error(
        total === 0
          ? "\nrequire-tests: no test ran; failing the run."
          : `\nrequire-tests: these projects ran no test: ${empty.join(", ")}; failing the run.`,
      );
    }
  }
}
