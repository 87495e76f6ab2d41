/**
 * Polls `condition` every 10 ms until it holds; throws after `ms` (default 20 s: generous, as in
 * CI a worker thread starting beside the full suite on 2 cores can take seconds).
 */
export async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
