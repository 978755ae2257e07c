// Browser benchmark of the playground (a script, not a test: it prints, never asserts).
//   node tests/e2e/bench.mjs [seconds per run, default 5]      (serves dist/, or $PLAYGROUND_DIST)
// Start-up: five cold loads, each in a new browser with a fresh profile
// (nothing cached), and when each drew its first frame. Frame rate and
// epochs per second while playing at speed 1, 25 and the fastest the Speed
// menu offers, for the default network, a deep one (2-[8×6]-1), the page's
// most points (10 000, imported as CSV) and its largest network (8 hidden
// layers × 64 units); for the last two, how long a Step click takes to be
// answered while playing; and the bundle sizes. Per frame while playing at
// speed 1: the canvas calls that paint (fill, stroke, fillRect, fillText,
// drawImage, putImageData, counted by wrapping the 2D context's methods —
// here only, see paint-probe.js), the time spent in the page's
// animation-frame callback (training one epoch and drawing) and in it on
// pictures (the grid's forward pass for the heatmap and every unit's
// picture, and their colours: metrics().picturesMs). Last, the figures of
// the page's goals (issues 13 and 16) side by side with what was measured.
// Headless Chromium runs with --disable-gpu (software rendering); the numbers
// depend on the machine and on whatever else shares its cores.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve, launch, open, circleCsv } from "./harness.mjs";

const paintProbe = await readFile(new URL("paint-probe.js", import.meta.url), "utf8");
/** The counted painting calls (path building such as lineTo is not painting). */
const PAINTING = ["fill", "stroke", "fillRect", "fillText", "drawImage", "putImageData"];

const seconds = Number(process.argv[2] ?? 5);
const dist = process.env.PLAYGROUND_DIST ?? new URL("../../dist/", import.meta.url).pathname;

const scenarios = [
  { name: "default: circle, hidden [4,2]", config: { dataset: "circle", hidden: [4, 2] } },
  { name: "spiral, hidden [8,8,8,8,8,8], thumbnails", config: { dataset: "spiral", hidden: [8, 8, 8, 8, 8, 8], thumbnails: true } },
  // The page's limits: its most points (CSV import) and its largest network.
  { name: "10 000 points (CSV), hidden [4,2]", config: { hidden: [4, 2] }, csv: circleCsv(10_000), latency: true },
  { name: "largest net: 8 hidden × 64 units", config: { dataset: "circle", hidden: Array(8).fill(64) }, latency: true },
];

/**
 * Clicks Step `n` times while the page plays, 300 ms apart, and measures in
 * the page how long each click takes to be answered: from the click event's
 * time stamp to the end of its handler (one epoch trained), and to the next
 * frame painted after it (the new epoch on screen).
 */
async function stepLatency(page, n = 10) {
  await page.evaluate(() => {
    window.__latency = [];
    const step = document.getElementById("step");
    // A capture listener on the document runs before the page's own
    // handler: until then the click waited for the main thread (the frame
    // in progress, the browser's painting).
    let began = 0;
    document.addEventListener("click", (e) => { if (e.target === step) began = performance.now(); }, true);
    step.addEventListener("click", (e) => {
      // Listeners run in the order they were added: the page's own Step
      // handler has run when this one does.
      const now = performance.now();
      const entry = { handled: now - e.timeStamp, waited: began - e.timeStamp, handler: now - began };
      window.__latency.push(entry);
      requestAnimationFrame(() => setTimeout(() => { entry.painted = performance.now() - e.timeStamp; }, 0));
    });
    playground.play();
  });
  await new Promise((r) => setTimeout(r, 500));
  const epochs = [];
  for (let i = 0; i < n; i++) {
    const before = await page.evaluate(() => playground.state().epoch);
    await page.click("#step");
    epochs.push((await page.evaluate(() => playground.state().epoch)) - before);
    await new Promise((r) => setTimeout(r, 300));
  }
  const samples = await page.evaluate(() => { playground.pause(); return window.__latency; });
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const handled = samples.map((x) => x.handled), painted = samples.map((x) => x.painted).filter((x) => x != null);
  return {
    clicks: samples.length,
    waitedMedian: median(samples.map((x) => x.waited)), handlerMedian: median(samples.map((x) => x.handler)),
    handledMedian: median(handled), handledMax: Math.max(...handled),
    paintedMedian: median(painted), paintedMax: Math.max(...painted),
  };
}

/** Plays for `ms` at the configured speed; counts animation frames and epochs. */
function playFor(ms) {
  return new Promise((done) => {
    const api = window.playground;
    const before = api.state();
    const frames0 = api.metrics().frames;
    const pictures0 = api.metrics().picturesMs;
    const drawing0 = api.metrics().drawingMs;
    const paint0 = structuredClone(window.__paint);
    let rafs = 0, counting = true;
    const tick = () => { if (counting) { rafs++; requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    api.play();
    setTimeout(() => {
      counting = false;
      const after = api.state();
      const frames = api.metrics().frames - frames0;
      const paint1 = structuredClone(window.__paint);
      api.pause();
      const s = (performance.now() - t0) / 1000;
      const ops = {};
      for (const [name, n] of Object.entries(paint1.ops)) ops[name] = (n - (paint0.ops[name] ?? 0)) / frames;
      done({
        ops,
        callbackMs: (paint1.callbackMs - paint0.callbackMs) / frames,
        picturesMs: (api.metrics().picturesMs - pictures0) / frames,
        drawingMs: (api.metrics().drawingMs - drawing0) / frames,
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
// Notes when #playground-root gets data-ready="true" (set right after the first frame is drawn).
const readyObserver = () => {
  new MutationObserver((_, observer) => {
    const root = document.getElementById("playground-root");
    if (root?.dataset.ready === "true") { window.__readyAt = performance.now(); observer.disconnect(); }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
};
// Start-up: five cold loads, each a new browser on a fresh profile opening the page directly.
const loads = [];
for (let i = 0; i < 5; i++) {
  const cold = await launch();
  try {
    const page = await cold.newPage();
    await page.addInitScript(readyObserver);
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForSelector('#playground-root[data-ready="true"]', { timeout: 30000 });
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
    loads.push({ ...timing, wallReady });
  } finally {
    await cold.close();
  }
}
const context = await launch();
const rows = [];
try {
  await context.addInitScript({ content: `${paintProbe}\ninstallPaintProbe();` });
  const latencies = [];
  for (const sc of scenarios) {
    const { page } = await open(context, server.url);
    if (sc.csv) await page.evaluate((t) => playground.importPointsCsv(t), sc.csv);
    await page.evaluate((c) => playground.setConfig({ ...c, speed: 1 }), sc.config);
    const s1 = await page.evaluate(playFor, seconds * 1000);
    await page.evaluate(() => { playground.reset(); playground.setConfig({ speed: 25 }); });
    const s25 = await page.evaluate(playFor, seconds * 1000);
    const fastest = await page.locator("#speed option").evaluateAll((os) => Math.max(...os.map((o) => Number(o.value))));
    await page.evaluate((v) => { playground.reset(); playground.setConfig({ speed: v }); }, fastest);
    const sMax = await page.evaluate(playFor, seconds * 1000);
    rows.push({ scenario: sc.name, s1, s25, sMax, fastest });
    if (sc.latency) {
      await page.evaluate(() => { playground.reset(); playground.setConfig({ speed: 1 }); });
      latencies.push({ scenario: sc.name, ...(await stepLatency(page)) });
    }
    await page.close();
  }

  const f = (v, d = 1) => (v == null ? "–" : v.toFixed(d));
  console.log(`\nBrowser benchmark (${seconds} s per run; headless Chromium, --disable-gpu = software rendering)\n`);
  const median = (xs) => { const v = xs.filter((x) => x != null).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  console.log("Start-up, cold (ms from navigation start)   load 1   load 2   load 3   load 4   load 5 | median");
  for (const key of ["firstFrameMs", "readyAttribute", "firstContentfulPaint", "domContentLoaded", "load", "wallReady"]) {
    const label = key === "wallReady" ? "data-ready seen by the test (wall)" : key === "firstFrameMs" ? "metrics().firstFrameMs (rAF time)" : key === "readyAttribute" ? "data-ready set (performance.now)" : `performance: ${key}`;
    console.log(`  ${label.padEnd(41)} ${loads.map((l) => f(l[key], 0).padStart(7)).join("  ")} | ${f(median(loads.map((l) => l[key])), 0).padStart(6)}`);
  }
  console.log("\nTraining while playing                         speed 1: fps  app fps  epochs/s | speed 25: fps  epochs/s | fastest: fps  epochs/s");
  for (const r of rows) {
    const note = [r.s1, r.s25, r.sMax].some((s) => !s.stillRunning || s.diverged) ? "  (stopped early!)" : "";
    console.log(`  ${r.scenario.padEnd(44)} ${f(r.s1.fps).padStart(7)} ${f(r.s1.appFps).padStart(8)} ${f(r.s1.epochsPerSecond).padStart(9)} | ${f(r.s25.fps).padStart(12)} ${f(r.s25.epochsPerSecond).padStart(9)} | ${f(r.sMax.fps).padStart(11)} ${f(r.sMax.epochsPerSecond).padStart(9)}${note}`);
  }
  console.log(`  (fastest = ${rows[0]?.fastest} epochs/frame, the top of the Speed menu; Play trains within a per-frame time budget)`);
  console.log("\nPer frame while playing (speed 1)              painting ops  rAF callback ms  drawing ms  pictures ms | per call: " + PAINTING.join(" ") + " | not counted: strokeRect clearRect");
  for (const r of rows) {
    const o = r.s1.ops, total = PAINTING.reduce((t, n) => t + (o[n] ?? 0), 0);
    console.log(`  ${r.scenario.padEnd(44)} ${f(total).padStart(12)} ${f(r.s1.callbackMs, 2).padStart(16)} ${f(r.s1.drawingMs, 2).padStart(11)} ${f(r.s1.picturesMs, 2).padStart(12)} | ${PAINTING.map((n) => f(o[n] ?? 0)).join(" ")} | ${f(o.strokeRect ?? 0)} ${f(o.clearRect ?? 0)}`);
  }
  console.log("  (drawing: the app's draw of a frame, metrics().drawingMs, part of the callback; pictures: the grid's forward pass for the heatmap and every unit's picture, and the heatmap's colours, part of drawing)");
  console.log("\nStep clicked while playing (speed 1)          clicks  handled ms: median  max | of which waited, handler: medians | next frame painted ms: median  max");
  for (const l of latencies) {
    console.log(`  ${l.scenario.padEnd(44)} ${String(l.clicks).padStart(6)} ${f(l.handledMedian).padStart(20)} ${f(l.handledMax).padStart(5)} | ${f(l.waitedMedian).padStart(21)} ${f(l.handlerMedian).padStart(8)} | ${f(l.paintedMedian).padStart(30)} ${f(l.paintedMax).padStart(5)}`);
  }
  console.log("  (waited: from the click to the page's handler starting, the main thread busy with the frame in progress; handler: one epoch trained and measured)");
  console.log("\nBundle sizes (dist/)                      raw bytes   gzip -9 bytes");
  let gzipTotal = 0;
  for (const file of (await readdir(dist)).filter((n) => /\.(wasm|js)$/.test(n)).sort()) {
    const body = await readFile(join(dist, file));
    const gz = gzipSync(body, { level: 9 }).length;
    gzipTotal += gz;
    console.log(`  ${file.padEnd(40)} ${String(body.length).padStart(9)} ${String(gz).padStart(14)}`);
  }
  console.log(`  ${"wasm + JS".padEnd(40)} ${"".padStart(9)} ${String(gzipTotal).padStart(14)}`);

  // The goals of issues 13 and 16, each beside what this run measured.
  const row = (name) => rows.find((r) => r.scenario.startsWith(name));
  const step = latencies.find((l) => l.scenario.startsWith("largest"));
  const byDefault = row("default"), deep = row("spiral"), many = row("10 000"), largest = row("largest");
  const goals = [
    ["painting calls per frame, default net playing", "≤ 30", PAINTING.reduce((t, n) => t + (byDefault.s1.ops[n] ?? 0), 0)],
    ["drawing per frame, default net playing (ms)", "≤ 1.5", byDefault.s1.drawingMs, 2],
    ["pictures per frame, 2-[8×6]-1 (ms: heatmap and every unit's picture)", "≤ 3", deep.s1.picturesMs, 2],
    ["fps, 8 × 64 network on the circle set, playing", "≥ 45", largest.s1.fps],
    ["Step answered while the 8 × 64 network plays (median ms)", "≤ 20", step?.handledMedian],
    ["fps, 10 000 points, default network, playing", "≥ 55", many.s1.fps],
    ["first frame from navigation, cold, median of 5 (ms)", "≤ 300", median(loads.map((l) => l.firstFrameMs)), 0],
    ["download, wasm + JS gzip (bytes)", "≤ 200 000", gzipTotal, 0],
  ];
  console.log("\nGoals                                                                        goal            measured");
  for (const [what, goal, got, digits = 1] of goals) console.log(`  ${what.padEnd(74)} ${goal.padEnd(16)} ${f(got, digits).padStart(8)}`);
} finally {
  await context.close();
  await server.close();
}
