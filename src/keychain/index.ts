// The OS keychain for the platform secrets. Commands import from here, lazily: nothing of it
// (nor @napi-rs/keyring, an optional dependency) loads unless a command stores, reads or
// removes a profile's secrets there.
export { accountsOf, deleteProfileSecrets, KEYCHAIN_SERVICE, probeKeychain, readProfileSecrets, storeProfileSecrets } from "./keychain.ts";
export { KeychainUnavailable } from "./failure.ts";
export { credentialStoreChoice, type CredentialStoreChoice } from "./choice.ts";
