// Group commit of the tokens a batch provisions. Tokens that arrive while a write is due are
// appended together to the store's journal (src/store/journal.ts: one line each, fsync'd),
// at most every `minIntervalMs`, or 19 times the last append's duration; store.json itself is
// rewritten once, when the batch ends (`flush`), not once per group. An instance is reported
// only once its token is on disk: each `saveInstance` resolves when the append that holds its
// record is durable, and then nothing of it is kept here. A record that cannot be stored fails
// its own item only, before it joins a group.
import { checkInstanceRecord, type InstanceRecord, type Store } from "../store/index.ts";

export interface StoreBatcher {
  /** The store as one item sees it: `saveInstance` joins the next group write; `onSave` runs first. */
  forItem(onSave: () => void): Store;
  /** Writes whatever is still waiting, then folds the journal into store.json. */
  flush(): Promise<void>;
}

interface Waiting {
  record: InstanceRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** However slow the writes, a finished instance waits at most this long for its token to be written. */
const MAX_INTERVAL_MS = 1_000;
const SLICE = 16;

/** Batches the instance writes made through it into as few store writes as keep up. */
export function createStoreBatcher(store: Store, options: { minIntervalMs?: number; now?: () => number } = {}): StoreBatcher {
  const minIntervalMs = options.minIntervalMs ?? 20;
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
      await store.journalInstances(group.map((item) => item.record));
    } catch (cause) {
      error = { cause };
    }
    lastEnd = now();
    // The first write also loads the store's code and creates the journal: it says nothing about the next ones.
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
      checkInstanceRecord(record); // throws inside the executor: this item is rejected, alone
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
      await store.foldJournal();
    },
  };
}
