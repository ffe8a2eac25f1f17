// Listening for Ctrl-C from many places at once. A batch has hundreds of requests and token
// writes waiting on the run's one AbortSignal; adding and removing an EventTarget listener for
// each costs time linear in the listeners already there (Node checks each for a duplicate), so
// each signal gets one listener of its own here, and a set of what to run when it fires.

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `onAbort` once when `signal` aborts, unless the returned function was called first. */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let set = waiting.get(signal);
  if (!set) {
    const all = new Set<() => void>();
    set = all;
    waiting.set(signal, all);
    signal.addEventListener(
      "abort",
      () => {
        for (const run of [...all]) run();
        all.clear();
      },
      { once: true },
    );
  }
  const own = set;
  own.add(onAbort);
  return () => own.delete(onAbort);
}
