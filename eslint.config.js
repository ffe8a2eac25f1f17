import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        Buffer: "readonly",
        TextDecoder: "readonly",
        TextEncoder: "readonly",
        setImmediate: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        structuredClone: "readonly",
        fetch: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-console": ["error"],
    },
  },
  { files: ["tests/**", "bench/**", "scripts/**", "bin/**"], rules: { "no-console": "off" } },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } } },
  // bench/provision-floor.cjs is the floor of a CommonJS program like the bundle: require is the point.
  // tests/windows/wine-keepalive.cjs is preloaded by node.exe (-r), which takes CommonJS.
  { files: ["tests/windows/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  { files: ["bench/**/*.cjs"], languageOptions: { globals: { process: "readonly" } }, rules: { "@typescript-eslint/no-require-imports": "off" } },
  // bin/connector.js is CommonJS (bin/package.json), so that --version and --help start no ES module loader.
  { files: ["bin/**/*.js"], languageOptions: { sourceType: "commonjs", globals: { require: "readonly", __dirname: "readonly" } }, rules: { "@typescript-eslint/no-require-imports": "off" } },
);
