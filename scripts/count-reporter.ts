/**
 * Vitest reporter that ends the run with one plain line, `N passed, N failed`, which CI reads to
 * tell a run that executed no test from a green one. Skipped tests are listed with their reason
 * on the line before; a test file that failed to load counts as a failure.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (tests === 0 && module.state() === 'failed') failed++;
    }
    failed += unhandledErrors.length;
    if (skipped > 0) process.stdout.write(`${skipped} skipped (each prints its reason above)\n`);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }
}
