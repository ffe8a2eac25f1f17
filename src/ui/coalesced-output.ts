// Many small writes to a pipe as one: a batch prints an NDJSON line per instance, and each
// write to a pipe is a system call of its own (Node writes pipes synchronously), which cost a
// tenth of a 5000-instance batch's CPU. Lines written within one turn of the event loop are
// joined and written together at its end (or when `flush` is called, before the final
// document), in the order they were written. Only for output no person reads as it comes.

export interface TextSink {
  write(text: string): unknown;
}

export interface CoalescedSink extends TextSink {
  /** Writes whatever is waiting, now. */
  flush(): void;
}

/** A sink that gathers the writes of one event-loop turn into one write to `target`. */
export function coalesceWrites(target: TextSink): CoalescedSink {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? (pending[0] ?? "") : pending.join("");
    pending = [];
    target.write(text);
  };
  return {
    write(text) {
      pending.push(text);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return true;
    },
    flush,
  };
}
