// Frame rate and painting per frame of the built page while playing (default
// network, speed 1) in Firefox, WebKit (compositing off, under Xvfb) and
// Chromium over WebDriver, and the callback's time while paused (nothing to
// redraw: the rest of a frame's work). A script, not a test: it prints,
// never asserts.
//   node tests/webdriver/fps.mjs [seconds, default 5] [browsers, default firefox,webkit,chromium]
// Serves dist/, or $PLAYGROUND_DIST (a build elsewhere).
import { readFile } from "node:fs/promises";
import { launch } from "./webdriver.mjs";
import { staticServer, BLANK } from "../static-server.mjs";

const seconds = Number(process.argv[2] ?? 5);
const names = (process.argv[3] ?? "firefox,webkit,chromium").split(",");
const probe = await readFile(new URL("../e2e/paint-probe.js", import.meta.url), "utf8");
const PAINTING = ["fill", "stroke", "fillRect", "fillText", "drawImage", "putImageData"];

/** In the page: plays (or, `play` false, idles) for `ms`, counting animation frames, the page's frames and the painting calls. */
function playFor(ms, play = true) {
  return new Promise((done) => {
    const api = window.playground;
    const p0 = JSON.parse(JSON.stringify(window.__paint));
    const f0 = api.metrics().frames;
    let rafs = 0, counting = true;
    const tick = () => { if (counting) { rafs++; requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    if (play) api.play();
    setTimeout(() => {
      counting = false;
      const frames = api.metrics().frames - f0;
      const p1 = JSON.parse(JSON.stringify(window.__paint));
      api.pause();
      const s = (performance.now() - t0) / 1000;
      const ops = {};
      for (const [k, n] of Object.entries(p1.ops)) ops[k] = (n - (p0.ops[k] ?? 0)) / frames;
      done({ fps: rafs / s, appFps: frames / s, ops, callbackMs: (p1.callbackMs - p0.callbackMs) / frames, epochs: api.state().epoch });
    }, ms);
  });
}

const dist = process.env.PLAYGROUND_DIST ?? new URL("../../dist/", import.meta.url).pathname;
const server = await staticServer(dist, { routes: { "/blank": BLANK } });
const f = (v, d = 1) => (v == null ? "–" : v.toFixed(d));
console.log(`Playing the default network at speed 1 for ${seconds} s, window 1280×800`);
console.log("browser      version      fps  app fps  painting ops/frame  rAF callback ms/frame  (paused)");
try {
  for (const name of names) {
    const b = await launch(name);
    try {
      await b.setWindowSize(1280, 800);
      await b.goto(server.url + "blank");
      await b.run(() => localStorage.clear());
      await b.goto(server.url);
      await b.waitFor(() => typeof window.playground?.state === "function", { what: "ready" });
      await b.runScript(`${probe}\ninstallPaintProbe();`);
      // Warm up one second, then measure.
      await b.runAsync(playFor, 1000);
      await b.run(() => playground.reset());
      const r = await b.runAsync(playFor, seconds * 1000);
      // Paused, nothing is redrawn: what a frame costs besides training and drawing.
      const idle = await b.runAsync(playFor, 2000, false);
      const total = PAINTING.reduce((t, n) => t + (r.ops[n] ?? 0), 0);
      console.log(`${name.padEnd(12)} ${String(b.version).padEnd(10)} ${f(r.fps).padStart(5)} ${f(r.appFps).padStart(8)} ${f(total).padStart(19)} ${f(r.callbackMs, 2).padStart(22)} ${f(idle.callbackMs, 2).padStart(9)}   (${PAINTING.map((n) => `${n} ${f(r.ops[n] ?? 0)}`).join(", ")})`);
    } finally {
      await b.quit();
    }
  }
} finally {
  await server.close();
}
