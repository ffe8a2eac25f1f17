// The seal on each code cache file: an HMAC-SHA256 of its payload (V8's cached data) under a key
// that lives in the state directory, never in the cache. V8 checks only a header of its cached
// data in release builds (a version, the flags, the source's length), not the code itself, so
// without a seal anyone who can write a cache file, or one flipped bit on a disk, decides what
// runs: planted code with the user's environment, or a V8 fatal error on every later run. A file
// whose seal does not match is discarded before V8 sees it, and the run writes a new one.
// The key is made on first use, so a cache copied from another machine or another CI job (whose
// state directory is new) is simply compiled again. node:crypto costs a few milliseconds to
// load, so it is loaded only when there is a cache file to check or to write.
import { join } from "node:path";
import { replaceFile } from "../os/replace-file.ts";
import { ensureTrustedFolder, folderTrust, readPrivateFile } from "./trust.ts";

type Crypto = typeof import("node:crypto");

const KEY_FILE = "code-cache.key";
const KEY_BYTES = 32;
const MAGIC = Buffer.from("connector-code-1");
const MAC_BYTES = 32;
/** MAGIC, one byte of flags, the MAC, then the payload. */
const HEADER_BYTES = MAGIC.length + 1 + MAC_BYTES;
/** Flag: the run that made the file ended with exit code 0 (so it compiled a whole command). */
const MADE_BY_SUCCESS = 1;

function crypto(): Crypto {
  return process.getBuiltinModule("node:crypto");
}

/** The key in `stateDir`, or undefined when there is none or the folder or file is not the user's own. */
export function readKey(stateDir: string): Buffer | undefined {
  if (folderTrust(stateDir) !== "trusted") return undefined;
  const key = readPrivateFile(join(stateDir, KEY_FILE), KEY_BYTES);
  return key?.length === KEY_BYTES ? key : undefined;
}

/**
 * The key in `stateDir`, made now (0600, in a 0700 folder) when there is none or the one there is
 * not a key (damaged, a link, another user's: replaced, never written through); undefined when
 * it cannot be made. Not fsynced: a key lost in a power cut only means compiling once more.
 */
export function readOrMakeKey(stateDir: string): Buffer | undefined {
  const existing = readKey(stateDir);
  if (existing) return existing;
  if (!ensureTrustedFolder(stateDir)) return undefined;
  try {
    replaceFile(join(stateDir, KEY_FILE), crypto().randomBytes(KEY_BYTES), { mode: 0o600, sync: false });
  } catch {
    return undefined;
  }
  return readKey(stateDir); // another run may have made its own at the same moment: use the one that stayed
}

function macOf(key: Buffer, label: string, flags: number, payload: Buffer): Buffer {
  return crypto()
    .createHmac("sha256", key)
    .update(label)
    .update(Buffer.from([0, flags]))
    .update(payload)
    .digest();
}

export interface Opened {
  payload: Buffer;
  madeBySuccess: boolean;
}

/** The payload of a sealed file made for `label` under `key`, or undefined when it is anything else. */
export function openSealed(file: Buffer, label: string, key: Buffer): Opened | undefined {
  if (file.length <= HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const flags = file[MAGIC.length] as number;
  const mac = file.subarray(MAGIC.length + 1, HEADER_BYTES);
  const payload = file.subarray(HEADER_BYTES);
  if (!crypto().timingSafeEqual(mac, macOf(key, label, flags, payload))) return undefined;
  return { payload, madeBySuccess: (flags & MADE_BY_SUCCESS) !== 0 };
}

/** `payload` sealed for `label` (the build folder and file name: a file is valid only where it was made). */
export function seal(payload: Buffer, label: string, key: Buffer, madeBySuccess: boolean): Buffer {
  const flags = madeBySuccess ? MADE_BY_SUCCESS : 0;
  return Buffer.concat([MAGIC, Buffer.from([flags]), macOf(key, label, flags, payload), payload]);
}
