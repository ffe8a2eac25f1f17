// Why no keychain answers, in words a person can act on. @napi-rs/keyring reports every
// failure as a plain Error (its code, when it has one, is napi's "GenericFailure"), so the
// cause is read from the message and the messages of its causes.
import { hostOs, type HostOs } from "../os/host.ts";
import type { KeychainFault } from "./operations.ts";

/** No keychain answered (the module, the bus, the provider, a locked keyring); `reason` says why. */
export class KeychainUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`no OS keychain answers: ${reason}`);
  }
}

/** The reason a fault means, for the module's own load faults and the keychain's alike. */
export function reasonOf(fault: KeychainFault, osName: HostOs = hostOs()): string {
  const text = [fault.message, ...fault.causes].join(" | ");
  if (fault.code === "MODULE_NOT_FOUND" || /Cannot find module '@napi-rs\/keyring'/.test(text)) return "the optional module @napi-rs/keyring is not installed";
  if (fault.code === "ERR_DLOPEN_FAILED" || /Cannot find native binding/i.test(text)) return `@napi-rs/keyring has no native build that loads here (${osName}, ${process.arch})`;
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|Unable to autolaunch|No such file or directory.*bus/i.test(text))
    return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset or names no running bus)";
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service files/i.test(text)) return "no Secret Service provider (gnome-keyring, KeePassXC, KWallet) on the session bus";
  if (/prompt was dismissed|is locked|locked collection/i.test(text)) return "the keyring is locked and was not unlocked (no display to ask for its password, or the prompt was dismissed)";
  return `the keychain failed: ${fault.message}`;
}
