// The version is inlined at build time (scripts/build.mjs, vitest.config.ts) so that
// `connector --version` reads no file.
declare const __CONNECTOR_VERSION__: string;

export const VERSION: string = __CONNECTOR_VERSION__;
