// `make lint`: ESLint's recommended rules over the site's own scripts (framework-free classic
// scripts, see docs/assets/core.js) and the Node helpers that the tests and benchmarks run.
import js from "@eslint/js";
import globals from "globals";

const site = {
  ...globals.browser,
  ...globals.serviceworker,
  document$: "readonly", // Material for MkDocs: the page on view, one value per instant navigation
  module: "readonly", // some scripts also export their pure core to the node tests
};

export default [
  js.configs.recommended,
  {
    rules: {
      // `catch (e) {}` where the error changes nothing (storage refused, a bad saved value)
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    files: ["docs/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: site },
  },
  {
    files: ["scripts/**/*.js", "tests/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node, ...site } },
  },
  { ignores: ["node_modules/", "site/", ".venv/"] },
];
