// Provisioning one validated instance: the existence check, then create, keep or update,
// then store the token. Shared by `provision` for one file and for batches. Exactly once:
// a create whose answer is lost is looked up by its operation marker before being repeated
// (create-once.ts), and runs racing on one name settle on the oldest instance (settle.ts).
import { ApiError, InterruptedError, NotStoredError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { createOperationId } from "../api/operation-tag.ts";
import { createAbortHub, type OnAbort } from "../api/retry.ts";
import type { PlatformClient, PlatformInstance } from "../api/platform.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { findEntry } from "../elements/index.ts";
import { looksSecret } from "../instance/layers.ts";
import type { InstanceRecord, Store } from "../store/index.ts";
import type { Vocabulary } from "../context.ts";
import { createExactlyOnce } from "./create-once.ts";
import { findExistingInstance } from "./find-existing.ts";
import { settleDuplicates } from "./settle.ts";
import { updateIdempotently } from "./update-once.ts";

export type IfExists = "fail" | "skip" | "update" | "create";

export interface ProvisionTarget {
  client: PlatformClient;
  store: Store;
  profile: string;
  baseUrl: string;
  /** Retries after an unclear answer (the HTTP client's --retries); default 3. */
  retries?: number;
  /** Progress lines for the person (stderr): lost answers, adoptions, repeats. */
  note?: (line: string) => void;
  /** Ctrl-C: once the instance exists its token is still stored, then the run stops. */
  signal?: AbortSignal;
  /** Listens for that Ctrl-C with the session's one listener (a batch saves many at once); default: one of its own. */
  onAbort?: OnAbort;
  /** How hints name the caller's options (the CLI's flags or the library's). */
  words: Vocabulary;
  /** How long a create already sent is still waited for after `signal` aborts (Context.createGraceMs). */
  createGraceMs?: number;
}

export interface ProvisionOutcome {
  record: InstanceRecord;
  action: "created" | "kept" | "updated";
  /** Things the person should know although the run succeeded (e.g. a duplicate left behind). */
  warnings: string[];
}

function conflictError(name: string, elementKey: string, existing: PlatformInstance, baseUrl: string, raced: boolean, words: Vocabulary): ApiError {
  const when = raced ? " (another run created it at the same moment; this run's copy was removed)" : "";
  return new ApiError(
    "conflict",
    `An instance named "${name}" of element ${elementKey} already exists (id ${existing.id}) on ${baseUrl}${when}.`,
    409,
    undefined,
    `Use ${words.option("if-exists", "skip")} to keep it and store its token, ${words.option("if-exists", "update")} to change it, or ${words.option("if-exists", "create")} to make another.`,
  );
}

/**
 * Creates (or keeps, or updates) the instance on the platform and stores its token. `known` is an
 * existence check the caller has just made itself (apply's plan): it is not made again. The
 * duplicate check after a create still runs, so a same-named instance made since is settled.
 */
export async function provisionOne(resolved: ResolvedInstance, ifExists: IfExists, target: ProvisionTarget, known?: { existing: PlatformInstance | undefined }): Promise<ProvisionOutcome> {
  const { body, element } = resolved;
  const { client, signal, note } = target;
  const isSecret = (key: string) => findEntry(element, key)?.secret ?? looksSecret(key);
  const steps = { attempts: (target.retries ?? 3) + 1, isSecret, note, signal, onAbort: target.onAbort, words: target.words, graceMs: target.createGraceMs };
  const existing = ifExists === "create" ? undefined : known ? known.existing : await findExistingInstance(client, body.element.key, body.name);
  const warnings: string[] = [];
  let instance: PlatformInstance;
  let action: ProvisionOutcome["action"];
  if (existing && ifExists === "fail") {
    throw conflictError(body.name, element.key, existing, target.baseUrl, false, target.words);
  } else if (existing && ifExists === "update") {
    instance = await updateIdempotently(client, existing, body, steps);
    action = "updated";
  } else if (existing) {
    instance = existing;
    action = "kept";
  } else {
    const operationId = createOperationId();
    const created = await createExactlyOnce(client, body, { ...steps, operationId });
    instance = { ...created.instance, operationId };
    action = "created";
    const renamed = renamedBy(instance, body.name);
    if (renamed) warnings.push(renamed);
    if ((ifExists !== "create" || created.uncertain) && !signal?.aborted) {
      const named = { ...body, name: instance.name || body.name };
      const settled = await settleDuplicates(client, instance, named, operationId, ifExists === "create").catch((error: unknown) => {
        if (error instanceof InterruptedError) return undefined; // the token below matters more
        throw error;
      });
      warnings.push(...(settled?.warnings ?? []));
      if (settled && !settled.ours) {
        if (ifExists === "fail") throw conflictError(body.name, element.key, settled.winner, target.baseUrl, true, target.words);
        note?.(`Another run created instance "${body.name}" (id ${settled.winner.id}) at the same moment: keeping that one, this run's copy was removed.`);
        instance = ifExists === "update" ? await updateIdempotently(client, settled.winner, body, steps) : settled.winner;
        action = ifExists === "update" ? "updated" : "kept";
      }
    }
  }
  const record = await storeToken(resolved, instance, existing, target, action);
  if (signal?.aborted) {
    throw new InterruptedError(`Interrupted, but instance "${record.name}" (id ${record.id}) was ${action} and its token is stored: ${target.words.token(record.name)}`);
  }
  return { record, action, warnings };
}

/** A warning when the platform answered with another name than the one sent: its name is the one stored. */
function renamedBy(instance: PlatformInstance, sent: string): string | undefined {
  if (!instance.name || instance.name === sent) return undefined;
  return `The platform named the instance "${instance.name}", not "${sent}" as sent: it is stored as "${instance.name}". Use that name from now on (with --name or in the file, and with connector send --instance and connector token): a provision of "${sent}" would not find it and would create another instance.`;
}

/** The user's tags as the platform holds them; the instance's name only when the user asked for it as a tag. */
function userTags(instance: PlatformInstance, asked: string[]): string[] {
  const tags = instance.tags ?? asked;
  return instance.nameTagged && asked.includes(instance.name) && !tags.includes(instance.name) ? [...tags, instance.name] : tags;
}

/** Stores the token of `instance` (reading it from the platform when the answer lacked it). */
async function storeToken(
  resolved: ResolvedInstance,
  instance: PlatformInstance,
  existing: PlatformInstance | undefined,
  target: ProvisionTarget,
  action: ProvisionOutcome["action"],
): Promise<InstanceRecord> {
  const { body, element } = resolved;
  let token = instance.token ?? (existing?.id === instance.id ? existing.token : undefined);
  if (!token) {
    try {
      token = (await target.client.getInstance(instance.id)).token;
    } catch (error) {
      // Created, but its token unread: "try again" (a network error's advice) with --if-exists create would make a second one.
      if (!(error instanceof InterruptedError)) throw notStoredError(instance.id, instance.name || body.name, action, target.baseUrl, `its token could not be read: ${causeOf(error)}`, target.words);
      throw new InterruptedError(
        `Interrupted after instance "${body.name}" (id ${instance.id}) was created, before its token was read: run ${target.words.again("provision", target.words.option("if-exists", "skip"))} to store it.`,
      );
    }
  }
  registerSecret(token);
  if (!token) throw new ApiError("api", `The platform did not return a token for instance ${instance.id}.`, undefined, undefined, "Check the instance in the platform's console.");
  const record: InstanceRecord = {
    id: instance.id,
    name: instance.name || body.name,
    element: element.key,
    profile: target.profile,
    baseUrl: target.baseUrl,
    tags: userTags(instance, body.tags),
    token,
    sender: resolved.sender,
    templates: resolved.templates,
    createdAt: instance.createdDate ?? new Date().toISOString(),
    ...(instance.operationId ? { operationId: instance.operationId } : {}),
  };
  await saveOrExplain(record, action, target);
  return record;
}

/**
 * Saves the record; when that fails, the instance still exists on the platform, so the error
 * says so and how to store its token (exit 9), never "nothing was changed" or "try again",
 * which with --if-exists create would make a second instance. A Ctrl-C meanwhile does not stop
 * the save: the person is told what a second one would leave behind.
 */
async function saveOrExplain(record: InstanceRecord, action: ProvisionOutcome["action"], target: ProvisionTarget): Promise<void> {
  const { signal, note, words } = target;
  const warn = () =>
    note?.(`Storing the token of instance "${record.name}" (id ${record.id}) first. A second Ctrl-C stops without storing it; then run ${storeAgainCommand(record.id, record.name, words)}`);
  const stop = signal?.aborted ? (warn(), () => undefined) : (target.onAbort ?? createAbortHub(signal))(warn);
  try {
    await target.store.saveInstance(record);
  } catch (error) {
    throw notStoredError(record.id, record.name, action, record.baseUrl, `its token could not be stored: ${causeOf(error)}`, words);
  } finally {
    stop();
  }
}

/** The cause only: its own advice ("nothing was changed", "try again") is wrong once the instance exists. */
function causeOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(/(?<=\.) /)[0] ?? "";
}

/** Exit 9: the instance exists on the platform, its token is not in the store, and how to put it there. */
function notStoredError(id: number, name: string, action: ProvisionOutcome["action"], baseUrl: string, why: string, words: Vocabulary): NotStoredError {
  return new NotStoredError(
    `Instance "${name}" (id ${id}) was ${action} and exists on ${baseUrl}, but ${why}`,
    id,
    `Once the store can be written and the platform answers, run ${storeAgainCommand(id, name, words)}, not ${words.option("if-exists", "create")}, which would make a second instance.`,
  );
}

function storeAgainCommand(id: number, name: string, words: Vocabulary): string {
  return `${words.again("provision", words.option("if-exists", "skip"))} (it finds instance ${id} by its name "${name}" and stores its token)`;
}
