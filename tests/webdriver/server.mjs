// The cross-browser suite's static server for dist/: every HTML page gets
// problems.js as its first script (to record console errors in browsers
// that do not report them over WebDriver), and every response the blog
// host's strict Content-Security-Policy when `csp` is set.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { staticServer, types, BLANK } from "../static-server.mjs";

const root = new URL("../../", import.meta.url).pathname;
export const CSP = "script-src 'self' 'wasm-unsafe-eval'";

/** Serves dist/ on 127.0.0.1 at a free port. */
export async function serve({ csp = false } = {}) {
  const problems = await readFile(new URL("problems.js", import.meta.url));
  return staticServer(join(root, "dist"), {
    headers: csp ? { "content-security-policy": CSP } : {},
    routes: { "/blank": BLANK, "/__problems.js": [types[".js"], problems] },
    html: (text) => text.replace(/<head>/i, '<head><script src="/__problems.js"></script>'),
  });
}
