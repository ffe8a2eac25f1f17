// Where each profile's platform secrets are, and a warning for those kept in plaintext (the
// 0600 store file) when an OS keychain answers: `connector login` again moves them there. The
// keychain is asked only when some profile keeps plaintext secrets and the file is not the
// choice anyway (CI, CONNECTOR_CREDENTIAL_STORE=file).
import type { Context } from "../context.ts";
import { credentialStoreChoice, probeKeychain } from "../keychain/index.ts";
import { loginCommand } from "../platform/stored-secrets.ts";
import type { Store } from "../store/index.ts";
import type { Check } from "./types.ts";

/** One line for every profile with a record: `name: keychain` or `name: file`. */
export async function checkSecretStorage(ctx: Context, store: Store): Promise<Check> {
  const title = "Secret storage";
  const names = await store.listProfiles();
  if (names.length === 0) return { id: "storage", title, status: "ok", detail: "no profile stored" };
  const places: { name: string; at: "keychain" | "file" | "none" }[] = [];
  for (const name of names) {
    const record = await store.getProfile(name);
    places.push({ name, at: record?.secretStore ?? (record?.userSecret || record?.orgSecret ? "file" : "none") });
  }
  const detail = places.map((p) => `${p.name}: ${p.at === "keychain" ? "OS keychain" : p.at === "file" ? "store file (plaintext, 0600)" : "no secrets"}`).join("; ");
  const plaintext = places.filter((p) => p.at === "file").map((p) => p.name);
  let choice: string;
  try {
    choice = credentialStoreChoice(ctx.env, false);
  } catch (error) {
    return { id: "storage", title, status: "warn", detail, hint: (error as Error).message };
  }
  if (plaintext.length === 0 || choice === "file") return { id: "storage", title, status: "ok", detail };
  const probe = await probeKeychain({ env: ctx.env, signal: ctx.signal }).catch(() => ({ available: false as const, reason: "it did not answer in time" }));
  if (!probe.available) return { id: "storage", title, status: "ok", detail: `${detail} (no OS keychain answers: ${probe.reason})` };
  return {
    id: "storage",
    title,
    status: "warn",
    detail: `${detail}: an OS keychain answers, but ${plaintext.length === 1 ? `profile "${plaintext[0]}" keeps its` : `profiles ${plaintext.map((n) => `"${n}"`).join(", ")} keep their`} secrets in plaintext`,
    hint: `Move them into the keychain with: ${plaintext.map((name) => loginCommand(name)).join(" && ")}`,
  };
}
