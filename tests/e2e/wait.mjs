// Waiting in the browser tests by observation, never by the clock: poll for
// a condition that must come true, or let the page run a counted number of
// animation frames and check that something did not change.

/** Polls `read` until `ok(value)` holds; returns the value or throws with the last one. */
export async function waitFor(read, ok, { timeout = 10000, interval = 50, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Resolves after `page` has run `n` more animation frames, counted as its
 * own `requestAnimationFrame` callbacks. A playground's loop is a callback
 * of the same frames, so in each of them a running playground draws (and,
 * playing, trains) — however slow the machine.
 */
export function animationFrames(page, n = 2) {
  return page.evaluate((n) => new Promise((done) => {
    const tick = () => (--n <= 0 ? done() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/**
 * `read()`, then `n` animation frames of `page`, then `read()` again:
 * `[before, after]`. Equal readings prove that what `read` shows stood
 * still for `n` frames in which anything running would have moved it.
 */
export async function acrossFrames(page, read, n = 30) {
  const before = await read();
  await animationFrames(page, n);
  return [before, await read()];
}
