import { getPriority, setPriority } from 'node:os';

/** How much nicer than the host's thread the writer runs. */
export const writerNiceness = 5;

/**
 * Lowers the calling thread's scheduling priority, where a thread has its own: on Linux the
 * nice value is per thread, so the writer (a first sync's pages of writes) yields the CPU to
 * the host's thread (windows, the tray, IPC) and to the readers whenever they contend for a
 * core, and takes all of it when they are idle. Elsewhere the same call would lower the whole
 * process (pid 0 is the process on macOS and Windows), so it is not made. Threads the writer
 * starts (the background quick_check) inherit it. Returns the thread's nice value, or null
 * where it is left alone.
 */
export function yieldToForeground(platform: NodeJS.Platform = process.platform): number | null {
  if (platform !== 'linux') return null;
  try {
    const next = Math.min(19, getPriority(0) + writerNiceness);
    setPriority(0, next);
    return next;
  } catch {
    // A sandbox that forbids it: the writer runs at the host's priority, as before.
    return null;
  }
}
