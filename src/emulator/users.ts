// The platform's user behind a pair of secrets, as instance answers show it (`user {id,
// emailAddress, firstName, lastName}`). The emulator has no accounts: each user secret stands for
// one made-up user whose id is derived from it, so the same secret is always the same user and the
// answer never holds the secret itself.
import { createHash } from "node:crypto";

/** A user as the platform shows it in an instance. */
export interface PlatformUser {
  id: number;
  emailAddress: string;
  firstName: string;
  lastName: string;
}

function userWithId(id: number): PlatformUser {
  return { id, emailAddress: `user${id}@emulator.example.com`, firstName: "Emulator", lastName: `User ${id}` };
}

/** The user an instance from a state file without one is shown with. */
export const DEFAULT_USER: PlatformUser = userWithId(1);

/** The user of this user secret: the same secret, the same user. */
export function userOf(userSecret: string): PlatformUser {
  const digest = createHash("sha256").update(userSecret).digest();
  return userWithId(100_000 + (digest.readUInt32BE(0) % 900_000));
}
