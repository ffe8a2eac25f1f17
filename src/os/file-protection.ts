// What keeps other users away from connector's files, by OS. On Linux and macOS it is the mode
// bits: the state folder is made 0700 and every file in it 0600, and a folder others can write
// to is refused (they could swap store.json for one of their own). On Windows the mode bits mean
// nothing: Node reports every writable file as 0666 and every folder as 0o40666 whatever their
// ACL, and chmod cannot change that; what protects the files there is the ACL of the user's
// profile folder (%APPDATA% lies inside it, readable by the user, SYSTEM and administrators
// only), inherited by every file created in it. So on Windows no mode is checked or advised.
import { hostOs, type HostOs } from "./host.ts";

/** Whether file modes are what protects files on `osName` (false on Windows: see above). */
export function filesAreProtectedByModes(osName: HostOs = hostOs()): boolean {
  return osName !== "windows";
}
