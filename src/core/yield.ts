/**
 * Lets timers, I/O and other work run before continuing: long jobs (exports, rollup backlogs, fleet charts) call it
 * between bounded slices so polls and alerts never wait for them. setImmediate runs after pending I/O callbacks.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
