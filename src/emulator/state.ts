// The emulator's memory: instances by id and by token, and the messages sent through them.
// Messages are bounded so that a flood of sends cannot grow the process without limit.
import { randomBytes } from "node:crypto";
import type { EmulatorInstance, EmulatorMessage } from "./types.ts";
import type { PlatformUser } from "./users.ts";

/** What the state file holds. */
export interface StateSnapshot {
  version: 1;
  nextId: number;
  instances: EmulatorInstance[];
}

/** The fields a create, replace or merge decides. */
export interface InstanceFields {
  name: string;
  tags: string[];
  configuration: Record<string, unknown>;
  disabled: boolean;
}

/** Sent messages kept in memory; the oldest are forgotten beyond this. */
export const MAX_MESSAGES = 10_000;

/** An instance token like the platform's: 44 base64 characters. */
function createToken(): string {
  return randomBytes(33).toString("base64");
}

/** Everything the emulated platform knows; routes read and change it, the state file mirrors it. */
export class EmulatorState {
  private readonly byId = new Map<number, EmulatorInstance>();
  private readonly byToken = new Map<string, EmulatorInstance>();
  private nextId = 1;
  private readonly messageList: EmulatorMessage[] = [];
  private readonly bySid = new Map<string, EmulatorMessage>();

  constructor(snapshot?: StateSnapshot) {
    if (!snapshot) return;
    for (const instance of [...snapshot.instances].sort((a, b) => a.id - b.id)) this.index(instance);
    this.nextId = Math.max(snapshot.nextId, ...snapshot.instances.map((i) => i.id + 1), 1);
  }

  private index(instance: EmulatorInstance): void {
    this.byId.set(instance.id, instance);
    this.byToken.set(instance.token, instance);
  }

  /** Stores a new instance with the next id and a fresh token. */
  create(elementKey: string, fields: InstanceFields, user: PlatformUser): EmulatorInstance {
    const now = new Date().toISOString();
    const instance: EmulatorInstance = { id: this.nextId++, token: createToken(), elementKey, ...fields, createdDate: now, updatedDate: now, user };
    this.index(instance);
    return instance;
  }

  /** Replaces the decided fields of `instance`; its token and creation date stay. */
  update(instance: EmulatorInstance, fields: InstanceFields): EmulatorInstance {
    Object.assign(instance, fields, { updatedDate: new Date().toISOString() });
    return instance;
  }

  /** Forgets `instance`, its token and its messages. */
  remove(instance: EmulatorInstance): void {
    this.byId.delete(instance.id);
    this.byToken.delete(instance.token);
    for (let i = this.messageList.length - 1; i >= 0; i--) {
      const message = this.messageList[i];
      if (message?.instanceId === instance.id) {
        this.messageList.splice(i, 1);
        this.bySid.delete(message.sid);
      }
    }
  }

  /** The instance with this id, for `/instances/{id}`. */
  find(id: number): EmulatorInstance | undefined {
    return this.byId.get(id);
  }

  /** The instance an `Element <token>` names, for calls made through an instance. */
  findByToken(token: string): EmulatorInstance | undefined {
    return this.byToken.get(token);
  }

  /** Every instance, by increasing id. */
  list(): EmulatorInstance[] {
    return [...this.byId.values()];
  }

  /** Remembers a sent message, forgetting the oldest beyond MAX_MESSAGES. */
  addMessage(message: EmulatorMessage): void {
    this.messageList.push(message);
    this.bySid.set(message.sid, message);
    if (this.messageList.length > MAX_MESSAGES) {
      const oldest = this.messageList.shift();
      if (oldest) this.bySid.delete(oldest.sid);
    }
  }

  /** A kept message by its SID. */
  findMessage(sid: string): EmulatorMessage | undefined {
    return this.bySid.get(sid);
  }

  /** The messages of one instance, newest first. */
  messagesOf(instanceId: number): EmulatorMessage[] {
    const out: EmulatorMessage[] = [];
    for (let i = this.messageList.length - 1; i >= 0; i--) {
      const message = this.messageList[i];
      if (message?.instanceId === instanceId) out.push(message);
    }
    return out;
  }

  /** Every kept message, oldest first. */
  allMessages(): EmulatorMessage[] {
    return [...this.messageList];
  }

  /** What the state file stores: the instances and the next id. */
  snapshot(): StateSnapshot {
    return { version: 1, nextId: this.nextId, instances: this.list() };
  }
}
