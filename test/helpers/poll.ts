// polling assertions for what happens asynchronously (a child process, a timer, a backend).
// they wait for a condition instead of sleeping a fixed time, so a slow machine only makes a
// test slower, never wrong.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * polls `probe` until it returns a value other than undefined or false, and returns it; fails
 * naming `what` and the probe's last error when `timeoutMs` passes first.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError ? `: ${(lastError as Error).message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await pause(intervalMs);
  }
}

/** checks `happened` every `intervalMs` for `forMs`, and fails naming `what` the first time it holds. */
export async function never(
  what: string,
  happened: () => boolean | Promise<boolean>,
  forMs: number,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + forMs;
  for (;;) {
    if (await happened()) throw new Error(`${what} happened within ${forMs} ms`);
    if (Date.now() > deadline) return;
    await pause(intervalMs);
  }
}
