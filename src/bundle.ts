// What the one bundle (dist/connector.cjs, scripts/build.mjs) exports: the CLI's `main`, which
// bin/connector.js runs; the library, which dist/library.js re-exports by name for `import`; and
// the help texts, which the build renders into dist/help.json. One bundle, so the library runs
// the very code the CLI runs and the package ships it once.
export { main } from "./main.ts";
export * as library from "./library.ts";
export { renderHelpTexts } from "./cli/help-texts.ts";
