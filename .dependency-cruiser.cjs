// The layers of src/, highest first: a module may import its own layer and the layers below it,
// never one above, and no import may close a circle. `npm run lint` runs this check, so
// "layers point down" stays true without anyone having to remember it (docs/development.md).
const LAYERS = [
  ["bundle.ts", "main.ts", "library.ts"],
  ["cli", "library"],
  ["commands"],
  ["plan"],
  ["batch"],
  ["provision"],
  ["twilio", "doctor", "completion", "schema"],
  ["platform"],
  ["instance", "api", "store", "emulator", "ui", "keychain", "startup"],
  ["elements", "os", "secrets.ts", "errors.ts", "values.ts", "context.ts", "version.ts", "random.ts", "abort.ts"],
];

const pathOf = (names) => `^src/(${names.map((n) => n.replace(".", "\\.") + (n.endsWith(".ts") ? "$" : "/")).join("|")})`;

/** Imports that run up a layer on purpose, each with why; keep this list at most one long. */
const ALLOWED_UPWARD = [];

const upward = LAYERS.slice(1).map((layer, index) => ({
  name: `no-import-up-from-${layer.join("-").replace(/\.ts/g, "")}`,
  comment: `${layer.join(", ")} may not import ${LAYERS.slice(0, index + 1)
    .flat()
    .join(", ")} (a higher layer)`,
  severity: "error",
  from: { path: pathOf(layer) },
  to: { path: pathOf(LAYERS.slice(0, index + 1).flat()), pathNot: ALLOWED_UPWARD.map((a) => a.to) },
}));

module.exports = {
  forbidden: [
    { name: "no-circular", comment: "an import circle makes the order of loading matter and the layers meaningless", severity: "error", from: { path: "^src/" }, to: { circular: true } },
    ...upward,
    {
      name: "emulator-stands-alone",
      comment:
        "the emulator plays the platform from its own description of each element (src/emulator/catalog/): importing the client's element definitions, value checks, instance or API code would make the two agree by construction, so only the error classes of its command line and the OS room (src/os/: how a file is replaced, where state lives) are shared",
      severity: "error",
      from: { path: "^src/emulator/" },
      to: { path: "^src/", pathNot: "^src/(emulator/|os/|random\\.ts$|errors\\.ts$)" },
    },
    {
      name: "cli-and-library-stand-apart",
      comment: "the CLI (main.ts, src/cli/) and the library (library.ts, src/library/) are two thin callers of the commands: neither may import the other's layer",
      severity: "error",
      from: { path: "^src/(main\\.ts$|cli/)" },
      to: { path: "^src/(library\\.ts$|library/)" },
    },
    {
      name: "library-stands-apart-from-cli",
      comment: "see cli-and-library-stand-apart",
      severity: "error",
      from: { path: "^src/(library\\.ts$|library/)" },
      to: { path: "^src/(main\\.ts$|cli/)" },
    },
    {
      name: "every-module-has-a-layer",
      comment: "a new folder of src/ must be given a place in LAYERS",
      severity: "error",
      from: { path: "^src/", pathNot: pathOf(LAYERS.flat()) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
