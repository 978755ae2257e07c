// The cross-browser suite's static server for dist/: every HTML page gets
// problems.js as its first script (to record console errors in browsers
// that do not report them over WebDriver), and every response the blog
// host's strict Content-Security-Policy when `csp` is set.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".png": "image/png",
};
export const CSP = "script-src 'self' 'wasm-unsafe-eval'";

/** Serves dist/ on 127.0.0.1 at a free port. */
export async function serve({ csp = false } = {}) {
  const dist = join(root, "dist");
  const problems = await readFile(new URL("problems.js", import.meta.url));
  const server = createServer(async (req, res) => {
    const headers = csp ? { "content-security-policy": CSP } : {};
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    if (path === "/blank") {
      // A same-origin page with nothing on it, to clear storage between tests.
      res.writeHead(200, { "content-type": types[".html"], ...headers });
      res.end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>');
      return;
    }
    if (path === "/__problems.js") {
      res.writeHead(200, { "content-type": types[".js"], ...headers });
      res.end(problems);
      return;
    }
    const file = join(dist, path.endsWith("/") ? path + "index.html" : path);
    try {
      let body = await readFile(file);
      if (extname(file) === ".html") {
        body = body.toString().replace(/<head>/i, '<head><script src="/__problems.js"></script>');
      }
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const close = () => new Promise((r) => { server.close(r); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${port}/`, close };
}
