// The progress bar of a batch at a terminal: done, failed, rate and time left, and
// "rate-limited, N/s" while the platform's 429s pace the run, redrawn at most ten times a
// second on the status line (stderr). Without a terminal it draws nothing.
import type { StatusLine } from "../ui/status-line.ts";

export interface Progress {
  /** One more instance finished. */
  tick(failed: boolean): void;
  /** The number of instances, once known (counting a file runs alongside the batch). */
  setTotal(total: number | undefined): void;
  /** Erases the bar for good. */
  stop(): void;
}

const WIDTH = 24;
const REDRAW_MS = 100;

/** Formats seconds as people read a countdown: 45s, 3m05s, 1h02m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

const perSecond = (rate: number) => `${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`;

/** The text of the bar for `done` of `total` (unknown for a stream) after `elapsedMs`; `paced`: the requests a second 429s hold the run to. */
export function renderProgress(done: number, failed: number, total: number | undefined, elapsedMs: number, paced?: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const rateText = perSecond(rate) + (paced === undefined ? "" : `  rate-limited, ${perSecond(paced)}`);
  const failedText = failed > 0 ? `, ${failed} failed` : "";
  if (total === undefined || total === 0) return `${done} done${failedText}  ${rateText}`;
  const shown = Math.min(done, total);
  const filled = Math.round((shown / total) * WIDTH);
  const left = rate > 0 ? `  ${formatDuration((total - shown) / rate)} left` : "";
  return `[${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}] ${shown}/${total}${failedText}  ${rateText}${left}`;
}

/** A progress bar on `status`, or one that does nothing when there is no terminal; `pacedRate` as the rate limits give it. */
export function createProgress(status: StatusLine | undefined, pacedRate: () => number | undefined = () => undefined, now: () => number = Date.now): Progress {
  if (!status) return { tick: () => undefined, setTotal: () => undefined, stop: () => undefined };
  const started = now();
  let done = 0;
  let failed = 0;
  let total: number | undefined;
  let stopped = false;
  const draw = () => status.show(renderProgress(done, failed, total, now() - started, pacedRate()));
  const timer = setInterval(draw, REDRAW_MS).unref();
  return {
    tick(itemFailed) {
      done++;
      if (itemFailed) failed++;
    },
    setTotal(value) {
      total = value;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      status.clear();
    },
  };
}
