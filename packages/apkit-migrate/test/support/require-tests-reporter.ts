// A run that executes no test must fail, as in the repository's root suite: a filtered run (`vitest run -t x`) or a
// misconfigured include that finds nothing is an error, not a green run.
import type { Reporter, TestModule } from "vitest/node";

export default class RequireTestsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let ran = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed" || state === "failed") ran++;
      }
    }
    if (ran === 0) {
      process.exitCode = 1;
      console.error("\nrequire-tests: no test ran; failing the run.");
    }
  }
}
