// Browser benchmark of the playground (a script, not a test: it prints, never asserts).
//   node tests/e2e/bench.mjs [seconds per run, default 5]
// Headless Chromium runs with --disable-gpu (software rendering); the numbers
// depend on the machine and on whatever else shares its cores.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve, launch, open } from "./harness.mjs";

const seconds = Number(process.argv[2] ?? 5);
const dist = new URL("../../dist/", import.meta.url).pathname;

const scenarios = [
  { name: "default: circle, hidden [4,2]", config: { dataset: "circle", hidden: [4, 2] } },
  { name: "spiral, hidden [8,8,8,8,8,8], thumbnails", config: { dataset: "spiral", hidden: [8, 8, 8, 8, 8, 8], thumbnails: true } },
];

/** Plays for `ms` at the configured speed; counts animation frames and epochs. */
function playFor(ms) {
  return new Promise((done) => {
    const api = window.playground;
    const before = api.state();
    const frames0 = api.metrics().frames;
    let rafs = 0, counting = true;
    const tick = () => { if (counting) { rafs++; requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    api.play();
    setTimeout(() => {
      counting = false;
      const after = api.state();
      api.pause();
      const s = (performance.now() - t0) / 1000;
      done({
        fps: rafs / s,
        appFps: (api.metrics().frames - frames0) / s,
        epochsPerSecond: (after.epoch - before.epoch) / s,
        stillRunning: after.running,
        diverged: after.diverged,
        epochs: after.epoch - before.epoch,
      });
    }, ms);
  });
}

const server = await serve();
const context = await launch();
const rows = [];
try {
  // Start-up: three loads, each in a fresh tab. An init script notes when
  // #playground gets data-ready="true" (set right after the first frame is drawn).
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const root = document.getElementById("playground");
      if (root?.dataset.ready === "true") { window.__readyAt = performance.now(); observer.disconnect(); }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
  });
  const loads = [];
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    const { page, problems } = await open(context, server.url);
    const wallReady = Date.now() - t0;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const paint = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]));
      return {
        firstFrameMs: playground.metrics().firstFrameMs,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        firstContentfulPaint: paint["first-contentful-paint"],
        readyAttribute: window.__readyAt,
      };
    });
    loads.push({ ...timing, wallReady, problems: problems.length });
    await page.close();
  }

  for (const sc of scenarios) {
    const { page } = await open(context, server.url);
    await page.evaluate((c) => playground.setConfig({ ...c, speed: 1 }), sc.config);
    const s1 = await page.evaluate(playFor, seconds * 1000);
    await page.evaluate(() => { playground.reset(); playground.setConfig({ speed: 25 }); });
    const s25 = await page.evaluate(playFor, seconds * 1000);
    rows.push({ scenario: sc.name, s1, s25 });
    await page.close();
  }

  const f = (v, d = 1) => (v == null ? "–" : v.toFixed(d));
  console.log(`\nBrowser benchmark (${seconds} s per run; headless Chromium, --disable-gpu = software rendering)\n`);
  console.log("Start-up (ms from navigation start)      load 1   load 2   load 3");
  for (const key of ["firstFrameMs", "readyAttribute", "firstContentfulPaint", "domContentLoaded", "load", "wallReady"]) {
    const label = key === "wallReady" ? "data-ready seen by the test (wall)" : key === "firstFrameMs" ? "metrics().firstFrameMs (rAF time)" : key === "readyAttribute" ? "data-ready set (performance.now)" : `performance: ${key}`;
    console.log(`  ${label.padEnd(38)} ${loads.map((l) => f(l[key], 0).padStart(7)).join("  ")}`);
  }
  console.log("\nTraining while playing                         speed 1: fps  app fps  epochs/s | speed 25: fps  epochs/s");
  for (const r of rows) {
    const note = [r.s1, r.s25].some((s) => !s.stillRunning || s.diverged) ? "  (stopped early!)" : "";
    console.log(`  ${r.scenario.padEnd(44)} ${f(r.s1.fps).padStart(7)} ${f(r.s1.appFps).padStart(8)} ${f(r.s1.epochsPerSecond).padStart(9)} | ${f(r.s25.fps).padStart(12)} ${f(r.s25.epochsPerSecond).padStart(9)}${note}`);
  }
  console.log("\nBundle sizes (dist/)                      raw bytes   gzip -9 bytes");
  for (const file of (await readdir(dist)).filter((n) => /\.(wasm|js)$/.test(n)).sort()) {
    const body = await readFile(join(dist, file));
    console.log(`  ${file.padEnd(40)} ${String(body.length).padStart(9)} ${String(gzipSync(body, { level: 9 }).length).padStart(14)}`);
  }
} finally {
  await context.close();
  await server.close();
}
