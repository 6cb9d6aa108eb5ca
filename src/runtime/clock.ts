/**
 * Milliseconds from an arbitrary start, for measuring durations. Not the
 * global `performance`: its first use loads node:perf_hooks, ≈8 ms of a
 * build's start on the thread that reads the data.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
