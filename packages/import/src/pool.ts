/**
 * Bounded concurrency: at most `concurrency` items in flight, taken in order. Once `signal`
 * aborts (SIGINT) no new item starts; the ones in flight finish or stop on the same signal. An
 * error escaping `work` is fatal: no new item starts and the first such error is rethrown after
 * the others have settled (jobs report their own per-item failures and do not throw them).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (!signal.aborted && !failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        if (!failed) failure = err;
        failed = true;
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failed) throw failure;
}
