// Lint: the recommended rules of eslint and typescript-eslint, without type information
// (tsc --noEmit already type-checks in npm test).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".tap/", "bench/results/", "test/artifacts/", "tap-snapshots/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // Tests read the untyped JSON results of real clients (MCP, HTTP, gramjs); typing each probe adds noise, not safety.
    files: ["test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
