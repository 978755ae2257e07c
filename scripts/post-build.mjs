// After `trunk build`: makes dist/index.html work under a strict CSP
// (script-src 'self'; style-src 'self') and at any path. Trunk writes an
// inline module script to load the wasm and root-absolute URLs ("/style.css");
// the page loads through web/start.js instead, and every URL becomes
// relative, so dist/ can be copied under /playground/ or anywhere.
// Fails the build if any inline script or style is left.
import { readFileSync, writeFileSync } from "node:fs";
import { shortenNames } from "./short-names.mjs";

const file = process.argv[2] ?? "dist/index.html";
let html = readFileSync(file, "utf8");
html = html.replace(/<script type="module">[\s\S]*?<\/script>\s*/g, "");
html = html.replace(/ (href|src)="\/(?!\/)/g, ' $1="./');
const inline = [/<script(?![^>]*\ssrc=)[^>]*>/, /<style[\s>]/, /\sstyle="/, /\son[a-z]+="/]
  .filter((pattern) => pattern.test(html));
if (inline.length) {
  console.error(`${file}: inline script or style left (${inline.join(", ")}): a strict CSP would block it`);
  process.exit(1);
}
writeFileSync(file, html);

// Comments and indentation are for readers of web/ and of wasm-bindgen's
// output, not for every download (the budget, scripts/check-size): doc
// blocks, whole-line comments and leading spaces go (~1.6 KB gzip). Safe
// for these files: no string or template literal spans lines.
for (const name of ["backprop-playground.js", "start.js", "playground.js"]) {
  const path = new URL(name, new URL(file, `file://${process.cwd()}/`)).pathname;
  const lines = readFileSync(path, "utf8").replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, "").split("\n");
  writeFileSync(path, lines.map((l) => l.trimStart()).filter((l) => l && !l.startsWith("//")).join("\n") + "\n");
}

// The JS and the wasm find each other by short names (see short-names.mjs;
// 7.1 KB gzip). Once: a second run finds them short already.
const dist = (name) => new URL(name, new URL(file, `file://${process.cwd()}/`)).pathname;
const js = readFileSync(dist("playground.js"), "utf8");
if (!js.includes(`"$": import0,`)) {
  const short = shortenNames(readFileSync(dist("playground_bg.wasm")), js);
  writeFileSync(dist("playground_bg.wasm"), short.wasm);
  writeFileSync(dist("playground.js"), short.js);
}
