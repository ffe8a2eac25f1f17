// Group commit of the tokens a batch provisions. Each store write reads and rewrites the whole
// store.json under the cross-process lock, so one write per instance would make a batch of n
// instances cost n² bytes of I/O. Instead, tokens that arrive while a write is due are written
// together, at most every `minIntervalMs`, or 19 times the last write's duration: a write
// blocks the event loop, so writing never takes more than a twentieth of the time, however
// large the store grows. An instance is reported only once its token is on disk: each
// `saveInstance` resolves when the write that holds its record has finished.
import type { InstanceRecord, Store } from "../store/index.ts";

export interface StoreBatcher {
  /** The store as one item sees it: `saveInstance` joins the next group write; `onSave` runs first. */
  forItem(onSave: () => void): Store;
  /** Writes whatever is still waiting; resolves when nothing is. */
  flush(): Promise<void>;
}

interface Waiting {
  record: InstanceRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** However slow the writes, a finished instance waits at most this long for its token to be written. */
const MAX_INTERVAL_MS = 2_000;
const SLICE = 16;

/** Batches the instance writes made through it into as few store writes as keep up. */
export function createStoreBatcher(store: Store, options: { minIntervalMs?: number; now?: () => number } = {}): StoreBatcher {
  const minIntervalMs = options.minIntervalMs ?? 250;
  const now = options.now ?? (() => performance.now());
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastEnd = -Infinity;
  let lastDuration = 0;
  let writes = 0;

  const write = async (): Promise<void> => {
    const group = waiting;
    waiting = [];
    const started = now();
    let error: { cause: unknown } | undefined;
    try {
      await store.saveInstances(group.map((item) => item.record));
    } catch (cause) {
      error = { cause };
    }
    lastEnd = now();
    // The first write also loads the store's code: it says nothing about the next ones.
    if (writes++ > 0) lastDuration = lastEnd - started;
    // Hundreds of instances finish together here: report them a slice at a time, letting the
    // answers of the requests in flight in between, rather than in one long burst.
    for (let i = 0; i < group.length; i += SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const item of group.slice(i, i + SLICE)) {
        if (error) item.reject(error.cause);
        else item.resolve();
      }
    }
  };

  const start = () => {
    timer = undefined;
    writing = write().finally(() => {
      writing = undefined;
      if (waiting.length > 0) schedule();
    });
  };

  function schedule(): void {
    if (writing || timer) return;
    const wait = lastEnd + Math.min(MAX_INTERVAL_MS, Math.max(minIntervalMs, 19 * lastDuration)) - now();
    if (wait <= 0) start();
    else timer = setTimeout(start, wait);
  }

  const save = (record: InstanceRecord): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ record, resolve, reject });
      schedule();
    });

  return {
    forItem(onSave) {
      return {
        ...store,
        saveInstance(record) {
          onSave();
          return save(record);
        },
      };
    },
    async flush() {
      while (writing || waiting.length > 0) {
        if (timer) {
          clearTimeout(timer);
          start();
        } else if (!writing) {
          start();
        }
        await writing;
      }
    },
  };
}
