// The keychain calls themselves, as one self-contained function: the same code runs in this
// process and, where a call can block for ever (src/keychain/child.ts), in a child process that
// receives it as source text. So it may use nothing from outside its own body: no import, no
// helper, no closure; only its arguments.

/** One call on one entry of service `connector`. */
export type KeychainOp = { op: "get"; account: string } | { op: "set"; account: string; value: string } | { op: "delete"; account: string };

/** A thrown error as plain data (it crosses a process boundary): message, code and the messages of its causes. */
export interface KeychainFault {
  message: string;
  code?: string;
  causes: string[];
}

/** What one call gave: a password (null: no entry), true/false for delete, nothing for set; or its error. */
export type KeychainAnswer = { ok: true; value?: string | boolean | null } | { ok: false; fault: KeychainFault };

/** Every answer, or the fault of loading the native module (then no call was made). */
export type KeychainReply = { answers: KeychainAnswer[] } | { loadFault: KeychainFault };

/** The shape of @napi-rs/keyring this code uses. */
interface KeyringModule {
  Entry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: string } },
  ) => {
    getPassword(): string | null;
    setPassword(value: string): void;
    deleteCredential(): boolean;
  };
}

/**
 * Loads @napi-rs/keyring with `load` and runs `ops` in order. On Linux every entry is pinned to
 * the Secret Service: the module's default falls back to the kernel keyring, which forgets on
 * reboot and can keep a secret after an error.
 */
export function runKeychainOps(load: () => unknown, service: string, ops: KeychainOp[]): KeychainReply {
  const faultOf = (error: unknown): KeychainFault => {
    const causes: string[] = [];
    let cause = (error as { cause?: unknown } | undefined)?.cause;
    while (cause !== undefined && cause !== null && causes.length < 5) {
      causes.push(String((cause as { message?: unknown }).message ?? cause));
      cause = (cause as { cause?: unknown }).cause;
    }
    const code = (error as { code?: unknown } | undefined)?.code;
    return { message: String((error as { message?: unknown } | undefined)?.message ?? error), ...(typeof code === "string" ? { code } : {}), causes };
  };
  let keyring: KeyringModule;
  try {
    keyring = load() as KeyringModule;
  } catch (error) {
    return { loadFault: faultOf(error) };
  }
  const answers: KeychainAnswer[] = [];
  for (const call of ops) {
    try {
      const entry = new keyring.Entry(service, call.account, { linux: { store: "secret-service" } });
      if (call.op === "get") answers.push({ ok: true, value: entry.getPassword() });
      else if (call.op === "set") {
        entry.setPassword(call.value);
        answers.push({ ok: true });
      } else answers.push({ ok: true, value: entry.deleteCredential() });
    } catch (error) {
      answers.push({ ok: false, fault: faultOf(error) });
    }
  }
  return { answers };
}
