// A worker pool over a stream of items: at most `concurrency` items in flight, and at most one
// more read ahead, so a batch of a million lines holds only the items being worked on. An item can give its slot back before it ends (`release`): a provisioned
// instance waiting for its token to be written to the store no longer holds a connection.

export type Worker<T> = (item: T, release: () => void) => Promise<void>;

/**
 * Runs `work` on every item of `items` (a stream, or a list such as a plan's changes) with at most `concurrency` slots taken; stops reading
 * when `signal` aborts, lets the items in flight end, and resolves when all have. An error
 * thrown by `work` or by the input is rethrown after the items in flight have ended.
 */
export async function runPool<T>(items: AsyncIterable<T> | Iterable<T>, concurrency: number, work: Worker<T>, signal?: AbortSignal): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : fromIterable(items)[Symbol.asyncIterator]();
  const running = new Set<Promise<void>>();
  let free = concurrency;
  let wake: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort, { once: true });

  // One item is read (and prepared) ahead, while the others wait on the network, so a freed
  // slot starts its next request at once.
  const readAhead = () => {
    const next = iterator.next();
    next.catch(() => undefined); // an input error is rethrown where the item is awaited, not reported as unhandled
    return next;
  };
  let ahead = readAhead();
  try {
    while (!signal?.aborted && !failure) {
      if (free <= 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const next = await ahead;
      if (next.done) break;
      ahead = readAhead();
      free--;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        free++;
        wake?.();
      };
      const task: Promise<void> = work(next.value, release)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          release();
          running.delete(task);
        });
      running.add(task);
    }
  } catch (error) {
    failure ??= { error };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await Promise.allSettled([ahead, iterator.return?.()]);
    await Promise.all(running);
  }
  if (failure) throw failure.error;
}

async function* fromIterable<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
