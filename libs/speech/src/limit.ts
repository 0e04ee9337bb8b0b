/**
 * Map with at most `limit` calls in flight, results in input order. After the first failure no new
 * call starts and `onFirstError` runs (to stop the others); the promise settles only once every
 * started call has, so no child process outlives it, and rejects with that first error.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onFirstError?: (error: unknown) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (e) {
        if (!failed) {
          failed = true;
          firstError = e;
          onFirstError?.(e);
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit), items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failed) throw firstError;
  return results;
}
