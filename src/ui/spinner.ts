// A spinner on stderr for waits longer than a moment, so a person at a terminal knows connector
// is waiting on the network, not stuck. Only created at a terminal, never with --json, --verbose
// or CI (src/cli/context-from-options.ts decides); quick calls never draw anything.
import type { Writable } from "node:stream";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface Spinner {
  /** Marks the start of a wait; the returned function ends it. Nested waits share one line. */
  start(label: string): () => void;
  /** Erases the line now (before a note is written); the next frame draws it again. */
  clear(): void;
}

export interface SpinnerOptions {
  /** Waits shorter than this draw nothing; default 300 ms. */
  delayMs?: number;
  intervalMs?: number;
}

/** A spinner drawing on `stream`, which must be a terminal. */
export function createSpinner(stream: Writable, options: SpinnerOptions = {}): Spinner {
  const delayMs = options.delayMs ?? 300;
  const intervalMs = options.intervalMs ?? 80;
  const labels: string[] = [];
  let frame = 0;
  let drawn = false;
  let delay: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;

  const draw = () => {
    const label = labels.at(-1);
    if (label === undefined) return;
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };
  const stopTimers = () => {
    clearTimeout(delay);
    clearInterval(ticker);
    delay = ticker = undefined;
  };

  return {
    start(label) {
      labels.push(label);
      if (labels.length === 1) {
        delay = setTimeout(() => {
          draw();
          ticker = setInterval(draw, intervalMs).unref();
        }, delayMs).unref();
      }
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        labels.splice(labels.lastIndexOf(label), 1);
        if (labels.length > 0) return;
        stopTimers();
        clear();
      };
    },
    clear,
  };
}

/** A spinner label that changes while one wait lasts (the statuses of `send --wait`). */
export interface ChangingWait {
  /** Shows `label` in place of the previous one. */
  show(label: string): void;
  /** Ends the wait (and erases the line). */
  stop(): void;
}

/** A ChangingWait on `start` (the context's spinner); without one, showing does nothing. */
export function createChangingWait(start: ((label: string) => () => void) | undefined): ChangingWait {
  let end: (() => void) | undefined;
  return {
    show(label) {
      // The new label starts before the old one ends, so the line never blinks out in between.
      const previous = end;
      end = start?.(label);
      previous?.();
    },
    stop() {
      end?.();
      end = undefined;
    },
  };
}
