// `make vendor` (npm ci, then npm run build): bundle CodeMirror 6 from node_modules into
// api/static/vendor/codemirror.min.js and gather the licences of every bundled package
// into api/static/vendor/codemirror.LICENSES.txt. The output is committed, so neither the
// service nor the tests need npm or the network.
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "api", "static", "vendor");

const result = await build({
  entryPoints: [join(root, "api", "editor", "codemirror.mjs")],
  bundle: true, minify: true, format: "iife", globalName: "CM", target: "es2020",
  legalComments: "none", metafile: true, outfile: join(out, "codemirror.min.js"),
});

// One licence per package whose code is in the bundle.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.add(m[1]);
}
let text = "Licences of the packages bundled in codemirror.min.js (built by api/editor/build.mjs)\n";
for (const name of [...packages].sort()) {
  const dir = join(root, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  text += `\n==== ${name} ${meta.version} (${meta.license}) ====\n\n`;
  text += file ? readFileSync(join(dir, file), "utf8") : `${meta.license}\n`;
}
writeFileSync(join(out, "codemirror.LICENSES.txt"), text);
console.log(`codemirror.min.js: ${[...packages].sort().join(", ")}`);
