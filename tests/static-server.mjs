// The one static file server of the browser tests (Playwright's e2e suite and
// the Firefox/WebKit WebDriver suite): files of `dir` on 127.0.0.1 at a free
// port, with the right content types, `headers` on every response (e.g. a
// Content-Security-Policy), a few fixed `routes`, and an optional `html`
// rewrite of every HTML page.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

export const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** A same-origin page with nothing on it, to clear storage between tests. */
export const BLANK = ["text/html; charset=utf-8", '<!doctype html><link rel="icon" href="data:,"><title>blank</title>'];

/**
 * Serves `dir`. `routes` maps a path to `[content type, body]`; `html(text)`
 * rewrites HTML files before they are sent. Returns `{ url, close }`.
 */
export async function staticServer(dir, { headers = {}, routes = {}, html } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    if (routes[path]) {
      const [type, body] = routes[path];
      res.writeHead(200, { "content-type": type, ...headers });
      res.end(body);
      return;
    }
    const file = join(dir, path.endsWith("/") ? path + "index.html" : path);
    try {
      let body = await readFile(file);
      if (html && extname(file) === ".html") body = html(body.toString());
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  // Closing drops kept-alive connections too, or close() would wait for the browser.
  const close = () => new Promise((r) => { server.close(r); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${port}/`, close };
}
