/**
 * Vitest reporter that ends the run with one plain line, `N passed, N failed`, which CI reads to
 * tell a run that executed no test from a green one. Skipped tests are listed with their reason
 * on the line before; a test file that failed to load counts as a failure.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  private line = '0 passed, 1 failed (the run ended before any result)\n';
  private skippedLine = '';

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
    this.line = `${passed} passed, ${failed} failed\n`;
    this.skippedLine = skipped > 0 ? `${skipped} skipped (each prints its reason above)\n` : '';
  }

  // Printed after every other reporter's summary, so it is the last line of the run.
  onFinished(): void {
    process.stdout.write(this.skippedLine + this.line);
  }
}
