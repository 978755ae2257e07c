// Loads the engine package from pkg/ the way a node script or a blog author's
// tooling would: synchronously, from the .wasm bytes.
import { readFileSync } from "node:fs";

const pkg = new URL("../../pkg/", import.meta.url);
const engine = await import(new URL("backprop.js", pkg));
engine.initSync({ module: readFileSync(new URL("backprop_bg.wasm", pkg)) });
export default engine;
