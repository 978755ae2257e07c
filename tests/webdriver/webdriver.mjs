// A small W3C WebDriver client over fetch, and the three drivers it talks to:
// geckodriver (Firefox ESR), WebKitWebDriver (WebKitGTK's MiniBrowser, under
// Xvfb) and chromedriver (Chromium, the reference the others are compared
// with). Only what the cross-browser suite needs: sessions, navigation,
// scripts, input actions, window size and screenshots.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const which = (candidates) => candidates.find((p) => existsSync(p));
const MINIBROWSER = which([
  "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
]);

/**
 * How to start each browser's driver and what to ask it for. WebKitGTK runs
 * under Xvfb with compositing off: without a GPU it otherwise recomposites
 * the whole window in software on every canvas change (~9 fps for any page
 * that draws each frame).
 */
export const BROWSERS = {
  firefox: {
    command: (port) => [which([join(homedir(), ".cargo/bin/geckodriver"), "/usr/local/bin/geckodriver", "/usr/bin/geckodriver"]) ?? "geckodriver", ["--port", String(port), "--log", "fatal"]],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: "/usr/bin/firefox-esr",
        args: ["-headless"],
        // No update checks, telemetry or first-run pages on a machine without internet.
        prefs: { "devtools.console.stdout.content": true, "app.update.enabled": false, "datareporting.policy.dataSubmissionEnabled": false, "browser.shell.checkDefaultBrowser": false },
      },
    },
  },
  webkit: {
    command: (port) => ["xvfb-run", ["-a", "-s", "-screen 0 1600x1400x24", "WebKitWebDriver", `--port=${port}`]],
    env: { WEBKIT_DISABLE_COMPOSITING_MODE: "1" },
    capabilities: { "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } },
  },
  chromium: {
    command: (port) => ["/usr/bin/chromedriver", [`--port=${port}`]],
    capabilities: {
      "goog:chromeOptions": {
        binary: "/usr/bin/chromium",
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      },
    },
  },
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Keys of the W3C key actions (the spec's code points for special keys). */
export const KEY = { ArrowRight: "\uE014", Space: "\uE00D" };

class WebDriverError extends Error {}

/** A running driver process and one session in it. */
export class Browser {
  constructor(name, child, base, id) {
    this.name = name;
    this.child = child;
    this.base = base;
    this.id = id;
  }

  async #call(method, path, body, timeout = 60000) {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
    const json = await res.json();
    if (!res.ok || json.value?.error) {
      throw new WebDriverError(`${this.name} ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    }
    return json.value;
  }

  goto(url) { return this.#call("POST", "/url", { url }); }

  /** Runs `fn` (a function, sent as its source) with `args` in the page; returns its JSON-able result. */
  run(fn, ...args) {
    return this.#call("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments);`, args });
  }

  /** Like `run`, for a function that returns a promise. */
  runAsync(fn, ...args) {
    return this.#call("POST", "/execute/async", {
      script: `const done = arguments[arguments.length - 1];
        Promise.resolve((${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1))).then(
          (v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`,
      args,
    }).then((r) => { if (r?.error) throw new Error(r.error); return r?.ok; });
  }

  /** Polls `fn` in the page until it returns something truthy; returns it. */
  async waitFor(fn, { timeout = 30000, what = "a condition", args = [] } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      let value;
      try { value = last = await this.run(fn, ...args); } catch (e) { last = e.message; }
      if (value) return value;
      if (Date.now() > end) throw new Error(`${this.name}: timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Runs a script's text in the page (e.g. a file's, to define and call a function). */
  runScript(text) {
    return this.#call("POST", "/execute/sync", { script: text, args: [] });
  }

  /** W3C input actions (`POST /actions`), then releases everything pressed. */
  async actions(sources) {
    await this.#call("POST", "/actions", { actions: sources });
    await this.#call("DELETE", "/actions");
  }

  /** A left click at viewport CSS pixel (x, y). */
  click(x, y) {
    return this.actions([{
      type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
      actions: [
        { type: "pointerMove", origin: "viewport", x: Math.round(x), y: Math.round(y), duration: 0 },
        { type: "pointerDown", button: 0 },
        { type: "pointerUp", button: 0 },
      ],
    }]);
  }

  /** Presses and releases one key (to whatever has focus). */
  press(key) {
    return this.actions([{ type: "key", id: "keyboard", actions: [{ type: "keyDown", value: key }, { type: "keyUp", value: key }] }]);
  }

  setWindowSize(width, height) { return this.#call("POST", "/window/rect", { width, height }); }

  /** The viewport as a PNG (Buffer). WebKitGTK's can hang: a short timeout, and null then. */
  async screenshot() {
    try {
      return Buffer.from(await this.#call("GET", "/screenshot", undefined, 20000), "base64");
    } catch {
      return null;
    }
  }

  async quit() {
    try { await fetch(`${this.base}/session/${this.id}`, { method: "DELETE", signal: AbortSignal.timeout(10000) }); } catch { /* the driver is stopped next anyway */ }
    stop(this.child);
  }
}

/** Stops a driver and everything it started (its own process group). */
function stop(child) {
  try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
}

/** Starts `name`'s driver on a free port and opens a session in it. */
export async function launch(name) {
  const spec = BROWSERS[name];
  if (!spec) throw new Error(`unknown browser ${name}`);
  const port = await freePort();
  const [cmd, args] = spec.command(port);
  // Its own process group, so stopping it also stops Xvfb and the browser.
  const child = spawn(cmd, args, { env: { ...process.env, ...spec.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  child.stdout.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30000;
  for (;;) {
    try {
      const status = await (await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) })).json();
      if (status.value?.ready !== false) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > end) {
      stop(child);
      throw new Error(`${name}: the driver (${cmd}) did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const res = await fetch(`${base}/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ capabilities: { alwaysMatch: spec.capabilities } }),
    signal: AbortSignal.timeout(60000),
  }).catch((e) => { stop(child); throw e; });
  const json = await res.json();
  if (!res.ok || !json.value?.sessionId) {
    stop(child);
    throw new Error(`${name}: no session: ${JSON.stringify(json.value)} ${stderr}`);
  }
  const browser = new Browser(name, child, base, json.value.sessionId);
  browser.log = () => stderr;
  browser.version = json.value.capabilities?.browserVersion;
  return browser;
}
