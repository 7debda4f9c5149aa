import { setFlagsFromString } from 'node:v8';

/**
 * For a command that makes a few HTTP requests and exits (`axepilot poll`): undici parses HTTP with a WebAssembly
 * module, and V8 compiles that module a second time, optimized, in the background; Node waits for that compilation
 * before it exits, about 0.2 s after the work is done (measured: exit 0.65 s → 0.38 s). The baseline compiler alone
 * is plenty for two requests. Must run before the first request; the long-running service keeps the optimized parser.
 */
export function skipOptimizedWasm(): void {
  setFlagsFromString('--liftoff-only');
}
