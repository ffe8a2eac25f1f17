// Persistence of the emulator's instances: read once at start, written after each change
// atomically (temp file + rename) with mode 0600, since the file holds Twilio secrets.
// Writes requested while one is running are coalesced into the next one.
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError } from "../errors.ts";
import { replaceFile } from "../os/replace-file.ts";
import type { StateSnapshot } from "./state.ts";
import type { EmulatorInstance } from "./types.ts";
import type { PlatformUser } from "./users.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUser(value: unknown): value is PlatformUser {
  if (!isRecord(value)) return false;
  return typeof value.id === "number" && typeof value.emailAddress === "string" && typeof value.firstName === "string" && typeof value.lastName === "string";
}

function readInstance(value: unknown): EmulatorInstance | undefined {
  if (!isRecord(value)) return undefined;
  const { id, name, token, elementKey, tags, configuration, disabled, createdDate, updatedDate, user } = value;
  if (typeof id !== "number" || !Number.isInteger(id) || id < 1) return undefined;
  if (typeof name !== "string" || typeof token !== "string" || typeof elementKey !== "string") return undefined;
  const now = new Date().toISOString();
  return {
    id,
    name,
    token,
    elementKey,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [],
    configuration: isRecord(configuration) ? configuration : {},
    disabled: disabled === true,
    createdDate: typeof createdDate === "string" ? createdDate : now,
    updatedDate: typeof updatedDate === "string" ? updatedDate : now,
    ...(isUser(user) ? { user } : {}),
  };
}

/** The snapshot stored at `path`, or undefined when there is no file yet. */
export function loadStateFile(path: string): StateSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError(`Cannot read the emulator state file ${path}: ${(error as Error).message}. Check its permissions, or pass another --state file.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`The emulator state file ${path} is not valid JSON. Fix it, delete it to start empty, or pass another --state file.`);
  }
  const instances = isRecord(data) && Array.isArray(data.instances) ? data.instances.map(readInstance) : undefined;
  if (!isRecord(data) || !instances || instances.some((i) => i === undefined)) {
    throw new ConfigError(`The emulator state file ${path} does not hold emulator state. Delete it to start empty, or pass another --state file.`);
  }
  const twice = repeated(instances as EmulatorInstance[]);
  if (twice) {
    // Loading would keep only one of each: the file is left as it is, and nothing is lost.
    throw new ConfigError(`The emulator state file ${path} holds ${twice}. Fix it by hand (give each instance its own id and token), or pass another --state file.`);
  }
  const nextId = typeof data.nextId === "number" && Number.isInteger(data.nextId) ? data.nextId : 1;
  return { version: 1, nextId, instances: instances as EmulatorInstance[] };
}

/** "instance id 3 twice" (or a token), or undefined when every id and token is unique. */
function repeated(instances: EmulatorInstance[]): string | undefined {
  const ids = new Set<number>();
  const tokens = new Set<string>();
  for (const instance of instances) {
    if (ids.has(instance.id)) return `instance id ${instance.id} twice`;
    if (tokens.has(instance.token)) return `the token of instance ${instance.id} twice`;
    ids.add(instance.id);
    tokens.add(instance.token);
  }
  return undefined;
}

export interface StateWriter {
  /** Resolves once a write that includes every change made so far is on disk. */
  save(): Promise<void>;
  /** Resolves when no write is pending. */
  idle(): Promise<void>;
}

/**
 * Whole or not at all (src/os/replace-file.ts, which also waits out a busy target on Windows);
 * not fsynced: the emulator's state is a test fixture, and a sync per change would slow every test.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  replaceFile(path, text, { sync: false });
}

/** A writer of `snapshot()` to `path`; creates the directory (0700) when it is missing. */
export function createStateWriter(path: string, snapshot: () => StateSnapshot): StateWriter {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let queued: Promise<void> | undefined;
  let chain: Promise<void> = Promise.resolve();
  return {
    save() {
      if (queued) return queued;
      const next = chain.then(() => {
        queued = undefined;
        return writeAtomically(path, `${JSON.stringify(snapshot())}\n`);
      });
      queued = next;
      chain = next.catch(() => undefined);
      return next;
    },
    idle: () => chain,
  };
}
