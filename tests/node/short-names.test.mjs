// scripts/short-names.mjs (run by scripts/post-build.mjs on the page's
// dist/): a module and its JS, both renamed, still link and run; names
// outside wasm-bindgen's own (`memory`) stay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { shortenNames } from "../../scripts/short-names.mjs";

const text = (s) => [s.length, ...new TextEncoder().encode(s)];
const section = (id, body) => [id, body.length, ...body];

/** Imports `log(i32)` as wasm-bindgen names it, exports `memory` and `run(i32)`, which calls `log`. */
function demo() {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 0]),
    ...section(2, [1, ...text("./demo_bg.js"), ...text("__wbg_log_0123456789abcdef"), 0, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...text("memory"), 2, 0, ...text("run_h0123456789abcdef"), 0, 1]),
    ...section(10, [1, 6, 0, 0x20, 0, 0x10, 0, 0x0b]),
  ]);
}

const js = [
  "const import0 = {",
  "__wbg_log_0123456789abcdef: function(x) { seen.push(x); },",
  "};",
  "const imports = {",
  '"./demo_bg.js": import0,',
  "};",
  "const wasm = new WebAssembly.Instance(module, imports).exports;",
  "wasm.run_h0123456789abcdef(7);",
  "return wasm;",
].join("\n");

test("renamed, the module and its JS still link: run(7) calls log(7)", () => {
  const short = shortenNames(demo(), js);
  const module = new WebAssembly.Module(short.wasm);
  assert.deepEqual(WebAssembly.Module.imports(module), [{ module: "$", name: "$0", kind: "function" }]);
  assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name), ["memory", "$1"]);
  assert.doesNotMatch(short.js, /0123456789abcdef|demo_bg/);
  const seen = [];
  const exports = new Function("module", "seen", short.js)(module, seen);
  assert.deepEqual(seen, [7]);
  assert.ok(exports.memory instanceof WebAssembly.Memory);
});

test("a JS that does not name an import is refused, not half renamed", () => {
  assert.throws(() => shortenNames(demo(), js.replace("__wbg_log_0123456789abcdef:", "other:")), /never names/);
});
