/** Polls a condition for things that have no simulator event (e.g. what a client has processed); fails after 5 s. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
