// Exactly-once creation of an instance on a platform without idempotency keys. Each POST
// carries the operation's marker tag; when an attempt ends without a clear answer, the CLI
// asks the platform for an instance with that marker and adopts it, and only when there is
// none does it send the POST again (never after a timeout: that deadline is the user's). Lookups that fail are repeated; if the platform cannot
// be asked, the run fails saying that the instance may exist, and never creates blindly.
import type { InstanceBody, PlatformClient, PlatformInstance } from "../api/platform.ts";
import { operationTag } from "../api/operation-tag.ts";
import { ApiError, CliError, InterruptedError, NetworkError } from "../errors.ts";
import type { Vocabulary } from "../context.ts";
import { sleep, type OnAbort } from "../api/retry.ts";
import { checkDelayMs, interruptedWhileCreating, isOutcomeUnknown } from "./outcome.ts";

type Client = Pick<PlatformClient, "createInstance" | "listInstances">;

export interface CreateOptions {
  /** The marker's id, one per provisioning. */
  operationId: string;
  /** How many POSTs at most (1 + the retries). */
  attempts: number;
  note?: (line: string) => void;
  signal?: AbortSignal;
  /** The session's one Ctrl-C listener, for the waits of many instances at once. */
  onAbort?: OnAbort;
  /** How hints name the caller's options. */
  words: Vocabulary;
  /** After `signal` aborts, how long a POST already sent is still read (its token then stored); none by default. */
  graceMs?: number;
}

export interface CreateResult {
  instance: PlatformInstance;
  /** True when the instance was found by its marker after an answer was lost. */
  adopted: boolean;
  /** True when some attempt ended without a clear answer (a late duplicate is possible). */
  uncertain: boolean;
}

/** The instance of `elementKey` created by operation `operationId`, if the platform has one. */
export async function findByOperation(client: Pick<PlatformClient, "listInstances">, elementKey: string, operationId: string): Promise<PlatformInstance[]> {
  const found: PlatformInstance[] = [];
  for await (const instance of client.listInstances({ tags: [operationTag(operationId)] })) {
    if (instance.operationId === operationId && instance.element?.key === elementKey) found.push(instance);
  }
  return found.sort((a, b) => a.id - b.id);
}

/** Asks (and asks again) whether operation `operationId` created an instance; throws when it cannot find out. */
async function lookUp(client: Client, body: InstanceBody, options: CreateOptions, cause: CliError): Promise<PlatformInstance | undefined> {
  for (let round = 0; ; round++) {
    await sleep(checkDelayMs(round), options.signal, options.onAbort);
    try {
      return (await findByOperation(client, body.element.key, options.operationId))[0];
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      // An answer the platform gave but that cannot be read, or a refusal, will not change by asking again.
      if (error instanceof ApiError && error.code === "api") {
        throw new ApiError(
          "api",
          `Creating instance "${body.name}" got no clear answer (${firstSentence(cause.message)}), and checking whether it exists failed too: ${error.message}`,
          error.status,
          error.requestId,
          `It may have been created (operation ${options.operationId}): look with ${options.words.command("instances list --remote")} before trying again.`,
        );
      }
      if (round + 1 >= options.attempts) {
        const why = error instanceof Error ? error.message : String(error);
        throw new NetworkError(
          cause instanceof NetworkError ? cause.kind : "other",
          `Creating instance "${body.name}" got no clear answer (${cause.message}), and checking whether it exists failed too (${why}).`,
          `It may have been created (operation ${options.operationId}). Run ${options.words.again("provision", options.words.option("if-exists", "skip"))} to adopt it and store its token.`,
        );
      }
      options.note?.(`Could not check yet whether instance "${body.name}" was created (${error instanceof Error ? error.message : String(error)}); asking again.`);
    }
  }
}

/** Creates the instance once, whatever the network does; see the file comment. */
export async function createExactlyOnce(client: Client, body: InstanceBody, options: CreateOptions): Promise<CreateResult> {
  const marked: InstanceBody = { ...body, tags: [...body.tags, operationTag(options.operationId)] };
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    // Nothing is sent once aborted; a POST already sent may finish within the grace.
    if (options.signal?.aborted) throw new InterruptedError(`Interrupted before creating instance "${body.name}": nothing was created.`);
    const graced = withGrace(options.signal, options.graceMs);
    try {
      return { instance: await client.createInstance(marked, graced.signal), adopted: false, uncertain };
    } catch (error) {
      if (error instanceof InterruptedError) throw interruptedWhileCreating(body.name, options.operationId, options.words);
      if (!isOutcomeUnknown(error) || !(error instanceof CliError)) throw error;
      uncertain = true;
      options.note?.(`No clear answer to creating instance "${body.name}" (${firstSentence(error.message)}); checking whether it was created.`);
      let found: PlatformInstance | undefined;
      try {
        found = await lookUp(client, body, options, error);
      } catch (lookupError) {
        throw lookupError instanceof InterruptedError ? interruptedWhileCreating(body.name, options.operationId, options.words) : lookupError;
      }
      if (found) {
        options.note?.(`Instance "${body.name}" was created (id ${found.id}) although its answer was lost: adopting it.`);
        return { instance: found, adopted: true, uncertain };
      }
      // A timeout is a deliberate deadline: find out what happened, but do not spend it again.
      if (attempt >= options.attempts || (error instanceof NetworkError && error.kind === "timeout")) throw notCreated(error, body.name, attempt, options.words);
      options.note?.(`Instance "${body.name}" was not created: sending it again (attempt ${attempt + 1} of ${options.attempts}).`);
    } finally {
      graced.release();
    }
  }
}

/** The last unclear failure, restated now that the platform says nothing was created. */
function notCreated(error: CliError, name: string, attempts: number, words: Vocabulary): CliError {
  const last = firstSentence(error.message);
  const tries = attempts === 1 ? "the request got" : `${attempts} attempts got`;
  const message = `Could not create instance "${name}": ${tries} no clear answer (last: ${last}) and the platform has no instance from this run, so nothing was created.`;
  const hint = `Try again later (raise ${words.option("retries")} or ${words.option("timeout")} if the platform is slow); there is nothing to clean up.`;
  if (error instanceof NetworkError) return new NetworkError(error.kind, message, hint);
  if (error instanceof ApiError) return new ApiError(error.code === "api" ? "api" : "unavailable", message, error.status, error.requestId, hint);
  return error;
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.) /)[0] ?? text;
}

/**
 * A signal that follows `signal` `graceMs` late: an abort then lets an answer already under way
 * arrive (and its token be stored) instead of losing it, for a bounded time. Without a grace, `signal` itself.
 */
function withGrace(signal: AbortSignal | undefined, graceMs: number | undefined): { signal: AbortSignal | undefined; release: () => void } {
  if (!signal || !graceMs) return { signal, release: () => undefined };
  const late = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    timer = setTimeout(() => late.abort(signal.reason), graceMs);
  };
  signal.addEventListener("abort", start, { once: true });
  return {
    signal: late.signal,
    release: () => {
      signal.removeEventListener("abort", start);
      clearTimeout(timer);
    },
  };
}
