// One provisioning session: the store and the platform of a run, the one client every instance
// of the run goes over, and its closing. A single `provision`, a batch and `apply` each open one,
// so the order that keeps tokens safe is written here once: the platform secrets (exit 3 when
// missing), then proof that the store can be written (a token that cannot be stored after a
// create is a token lost), then the client. Opening sends nothing, so a dry run needs no secrets.
import type { Context } from "../context.ts";
import type { Credentials, PlatformClient } from "../api/platform.ts";
import { createAbortHub } from "../api/retry.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { openStore, type Store } from "../store/index.ts";
import { connectPlatform, credentialsOf, resolvePlatform, type PlatformTarget } from "../platform/target.ts";
import { provisionOne, type IfExists, type ProvisionOutcome, type ProvisionTarget } from "./provision-one.ts";

export interface SessionOptions {
  /** A spinner while a request waits (default); a batch turns it off, its progress bar says it is waiting. */
  spinner?: boolean;
  /** How the missing-secrets error ends: "nothing was sent" unless told otherwise. */
  outcome?: string;
}

export interface ProvisioningSession {
  readonly store: Store;
  /** The base URL and secrets as resolved; `problems` says which secret is missing. */
  readonly target: PlatformTarget;
  /** The platform secrets, or the missing-secrets error (exit 3). */
  credentials(): Credentials;
  /** The client, the secrets checked first; connected once. Enough for reading (a plan); a provision goes through `ready`. */
  connect(): Promise<PlatformClient>;
  /**
   * What provisionOne runs against: the store proved writable and the client connected, both
   * once per session. A batch awaits it before its first item, so that a store that cannot be
   * written fails the batch with nothing made. `store` stands in for the session's (a batcher).
   */
  ready(store?: Store): Promise<ProvisionTarget>;
  /** Creates, keeps or updates one instance and stores its token (src/provision/provision-one.ts). */
  provision(resolved: ResolvedInstance, ifExists: IfExists, store?: Store): Promise<ProvisionOutcome>;
  /** Closes the client, if one was connected; safe to call twice. */
  close(): Promise<void>;
}

/** Opens the context's store and resolves its platform; nothing is sent until a provision. */
export async function openProvisioningSession(ctx: Context, options: SessionOptions = {}): Promise<ProvisioningSession> {
  const store = openStore(ctx.configDir);
  const target = await resolvePlatform(ctx, store);
  const credentials = () => credentialsOf(target, options.outcome);
  let client: Promise<PlatformClient> | undefined;
  // One Ctrl-C listener for every instance being saved at once (a batch), not one each.
  const onAbort = createAbortHub(ctx.signal);
  let writable: Promise<void> | undefined;
  const connect = () => {
    const given = credentials();
    return (client ??= connectPlatform(options.spinner === false ? { ...ctx, progress: undefined } : ctx, { baseUrl: target.baseUrl, credentials: given }));
  };
  const ready = async (over: Store = store): Promise<ProvisionTarget> => {
    credentials();
    await (writable ??= store.checkWritable(ctx.signal));
    const { profile, retries, note, signal, words, createGraceMs } = ctx;
    return { client: await connect(), store: over, profile, baseUrl: target.baseUrl, retries, note, signal, onAbort, words, createGraceMs };
  };
  return {
    store,
    target,
    credentials,
    connect,
    ready,
    provision: async (resolved, ifExists, over) => provisionOne(resolved, ifExists, await ready(over)),
    async close() {
      const closing = client;
      client = undefined;
      await closing?.then(
        (connected) => connected.close(),
        () => undefined,
      );
    },
  };
}

/** Runs `work` in a session and closes it however `work` ends. */
export async function withProvisioningSession<T>(ctx: Context, options: SessionOptions, work: (session: ProvisioningSession) => Promise<T>): Promise<T> {
  const session = await openProvisioningSession(ctx, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
