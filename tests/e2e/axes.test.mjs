// Axes and keys: the data canvas's ticks and colour bar, the loss chart's
// ticks, axis names and key, the diagram's headings — HTML around the
// canvases that overlaps nothing, names every tick once in one notation,
// and costs nothing per frame.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { shot } from "./harness.mjs";
import { startBrowser } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const paintProbe = await readFile(new URL("paint-probe.js", import.meta.url), "utf8");

/** The labels of a holder (by test id): class, text and box of each, and the box of the canvas before it. */
function labels(page, testId) {
  return page.evaluate((testId) => {
    const holder = document.querySelector(`[data-testid="${testId}"]`);
    const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    const canvas = holder.previousElementSibling;
    const cs = getComputedStyle(canvas);
    const b = box(canvas);
    // The drawn area: inside the canvas's border.
    const area = {
      left: b.left + parseFloat(cs.borderLeftWidth), right: b.right - parseFloat(cs.borderRightWidth),
      top: b.top + parseFloat(cs.borderTopWidth), bottom: b.bottom - parseFloat(cs.borderBottomWidth),
    };
    return {
      canvas: area,
      labels: [...holder.children].map((e) => ({ cls: e.className, text: e.textContent, ...box(e), background: getComputedStyle(e).backgroundImage })),
    };
  }, testId);
}

/** The labels of a class ("k" includes "k top" and "k bottom": the colour bar's marks). */
const of = (all, cls) => all.filter((l) => l.cls === cls || (cls === "k" && l.cls.startsWith("k ")));
const texts = (all, cls) => of(all, cls).map((l) => l.text);
const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
/** Every pair of boxes that overlaps, by text. */
function overlaps(boxes) {
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) found.push(`${boxes[i].text} × ${boxes[j].text}`);
  }
  return found;
}
/** A label's number (true minus sign). */
const value = (text) => Number(text.replace("−", "-"));

test("data canvas: ticks on both axes outside the plot, each value once in one notation, and the heatmap's colour bar", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.stepMany(30);
  await p.frames(3);
  const { canvas, labels: all } = await labels(p.page, "data-axes");
  // The domain is −6 … 6 in steps of 2; the far ends are left to the axes'
  // names (x₁ at the right, x₂ at the top) and −6 to the x axis at the corner.
  assert.deepEqual(texts(all, "x"), ["−6", "−4", "−2", "0", "2", "4"]);
  assert.deepEqual(texts(all, "y"), ["−4", "−2", "0", "2", "4"]);
  assert.deepEqual([texts(all, "tx"), texts(all, "ty")], [["x₁"], ["x₂"]]);
  // Each tick stands at its value: x ticks centred under it, y ticks level with it.
  const width = canvas.right - canvas.left, height = canvas.bottom - canvas.top;
  for (const l of of(all, "x")) {
    const x = canvas.left + ((value(l.text) + 6) / 12) * width;
    assert.ok(Math.abs((l.left + l.right) / 2 - x) < 1.5, `x tick ${l.text} at ${(l.left + l.right) / 2}, value at ${x}`);
    assert.ok(l.top >= canvas.bottom, `x tick ${l.text} is under the plot`);
  }
  for (const l of of(all, "y")) {
    const y = canvas.bottom - ((value(l.text) + 6) / 12) * height;
    assert.ok(Math.abs((l.top + l.bottom) / 2 - y) < 1.5, `y tick ${l.text} at ${(l.top + l.bottom) / 2}, value at ${y}`);
    assert.ok(l.right <= canvas.left, `y tick ${l.text} is left of the plot`);
  }
  // The colour bar right of the plot: the probability of blue, from the
  // heatmap's orange (paper white 3/4 of the way to #e69f00: 234, 181, 62)
  // through white to its blue (62, 147, 195).
  const [bar] = of(all, "bar p");
  assert.ok(bar && bar.left >= canvas.right, "the colour bar is right of the plot");
  assert.match(bar.background, /rgb\(234, 181, 62\).*rgb\(246, 246, 246\).*rgb\(62, 147, 195\)/);
  assert.deepEqual(texts(all, "k"), ["0", "0.5", "1"]);
  assert.deepEqual(texts(all, "cap"), ["P(blue)"]);
  // Nothing overlaps anything, and no text sits on the plot.
  const text = all.filter((l) => l.text);
  assert.deepEqual(overlaps(text), []);
  assert.deepEqual(text.filter((l) => overlap(l, canvas)).map((l) => l.text), []);
  await shot(p.page, "axes-data-and-loss");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("data canvas: the colour bar follows the task — a segment per class, the regression value, none in 1-D", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.page.getByLabel("Number of classes").selectOption("3");
  await p.frames(3);
  let { labels: all } = await labels(p.page, "data-axes");
  assert.equal(of(all, "bar c3").length, 1);
  assert.deepEqual([texts(all, "k"), texts(all, "cap")], [["1", "2", "3"], ["class"]]);
  await p.page.getByLabel("Discretize output").check();
  await p.frames(3);
  ({ labels: all } = await labels(p.page, "data-axes"));
  // Discretized: each class's full colour, (62, 180, 148) for green.
  assert.match(of(all, "bar c3d")[0]?.background ?? "", /rgb\(62, 180, 148\)/);
  await shot(p.page, "axes-three-classes");
  await p.setConfig({ dataset: "plane", classes: 2, discretize: false });
  await p.frames(3);
  ({ labels: all } = await labels(p.page, "data-axes"));
  assert.deepEqual([texts(all, "k"), texts(all, "cap")], [["−1", "0", "1"], ["ŷ"]]);
  await p.page.close();

  const line = await browser.openLesson("linear-regression");
  await line.frames(3);
  ({ labels: all } = await labels(line.page, "data-axes"));
  assert.deepEqual([texts(all, "tx"), texts(all, "ty"), of(all, "cap").length], [["x"], ["y"], 0]);
  const xs = texts(all, "x").map(value), ys = texts(all, "y").map(value);
  assert.ok(xs.length >= 3 && ys.length >= 3, `ticks on both axes: ${xs} / ${ys}`);
  for (const ticks of [xs, ys]) assert.deepEqual([...ticks].sort((a, b) => a - b), ticks, "in order, each once");
  await shot(line.page, "axes-line");
  await line.page.close();
});

test("loss chart: the key above the plot, the axis names clear of every tick label, a light grid", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.stepMany(30);
  await p.frames(3);
  const { canvas, labels: all } = await labels(p.page, "loss-axes");
  assert.deepEqual(texts(all, "x"), ["0", "5", "10", "15", "20"], "epochs 0 … 30 in fives; 25 and 30 left to the axis's name");
  assert.deepEqual(texts(all, "tx"), ["epoch"]);
  assert.deepEqual(texts(all, "ty"), ["loss"]);
  // The losses so far are all below 0.8 × 1/1.02 (the first epoch's is about
  // 0.70), so the axis runs to 0.8 with a grid line every 0.2; the labels
  // name every line up to three quarters of the way up, 0.6 included (it
  // was lost to 3 × 0.2 = 0.6000000000000001 sitting past 3/4).
  assert.deepEqual(texts(all, "y"), ["0", "0.2", "0.4", "0.6"]);
  assert.deepEqual(overlaps(all), []);
  const key = await p.page.locator('[data-testid="loss-key"] span').evaluateAll((spans) => spans.map((s) => {
    const r = s.getBoundingClientRect();
    return { text: s.textContent, bottom: r.bottom };
  }));
  assert.deepEqual(key.map((k) => k.text), ["training", "test"]);
  for (const k of key) assert.ok(k.bottom <= canvas.top, `the key's "${k.text}" is above the plot`);
  // The grid line at epoch 10 (a third of the way across the 30 epochs' axis),
  // low in the chart where no curve runs: a light grey, neither white nor ink.
  const grid = await p.page.evaluate(() => {
    const c = document.querySelector('[data-testid="loss-canvas"]');
    const column = Math.round((10 / 30) * c.width);
    const [r, g, b] = c.getContext("2d").getImageData(column, c.height - 12, 1, 1).data;
    return [r, g, b];
  });
  assert.ok(grid.every((v) => v >= 230 && v < 250), `grid pixel ${grid}`);
  await p.page.close();
});

test("the learning-rate lesson's loss axis names each tick once, in one notation", async () => {
  const p = await browser.openLesson("learning-rate");
  await p.stepMany(3);
  await p.frames(3);
  const { labels: all } = await labels(p.page, "loss-axes");
  const y = texts(all, "y");
  assert.ok(y.length >= 3, `loss ticks: ${y}`);
  assert.equal(new Set(y).size, y.length, `distinct: ${y}`);
  assert.ok(y.every((t) => /^−?[\d.]+$/.test(t)) || y.every((t) => /×|^0$/.test(t)), `one notation: ${y}`);
  // Plain numbers here, each the value of its grid line: an even step.
  const steps = y.map(value).slice(1).map((v, i) => v - value(y[i]));
  assert.ok(steps.every((s) => Math.abs(s - steps[0]) < 1e-9 * Math.abs(steps[0])), `even steps: ${y}`);
  await shot(p.page, "axes-learning-rate");
  await p.page.close();
});

test("the diagram's headings and feature names are text over the canvas, beside their columns", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.frames(3);
  const heads = await p.page.locator(".diagram-wrap .labels span").evaluateAll((spans) => spans.map((s) => ({ cls: s.className, text: s.textContent })));
  assert.deepEqual(texts(heads, "head"), ["inputs", "4 units", "2 units", "output"]);
  assert.deepEqual(texts(heads, "side"), ["x₁", "x₂"]);
  await p.page.close();
});

test("axes cost nothing per frame: no label or key is rewritten while training, and a frame paints at most 30 times", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.page.evaluate(`${paintProbe}\ninstallPaintProbe();`);
  await p.stepMany(40);
  await p.frames(3);
  const result = await p.page.evaluate(() => new Promise((done) => {
    let mutations = 0;
    const observer = new MutationObserver((records) => { mutations += records.length; });
    // The loss chart's key too: its items stay the same elements (a key
    // remade every frame would lose a reader's text selection in it).
    for (const holder of document.querySelectorAll('[data-testid="data-axes"], .diagram-wrap .labels, [data-testid="loss-key"]')) {
      observer.observe(holder, { childList: true, subtree: true, characterData: true, attributes: true });
    }
    const ops = window.__paintingOps;
    const before = { frames: playground.metrics().frames, ops: ops(), epoch: playground.state().epoch };
    playground.play();
    let n = 60;
    const tick = () => {
      if (--n > 0) return requestAnimationFrame(tick);
      playground.pause();
      observer.disconnect();
      done({ mutations, frames: playground.metrics().frames - before.frames, ops: ops() - before.ops, epochs: playground.state().epoch - before.epoch });
    };
    requestAnimationFrame(tick);
  }));
  assert.ok(result.epochs > 0 && result.frames > 0, JSON.stringify(result));
  assert.equal(result.mutations, 0, "the data axes, the diagram's headings and the loss chart's key stay as they are");
  assert.ok(result.ops / result.frames <= 30, `${(result.ops / result.frames).toFixed(1)} painting calls per frame`);
  await p.page.close();
});

test("loss landscape: ticks of both weights outside the map and its colour key, low loss blue to high orange", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.stepMany(20);
  await p.page.locator("#landscape-mode summary").click();
  await p.page.getByTestId("landscape-canvas").scrollIntoViewIfNeeded();
  await p.frames(3);
  const { canvas, labels: all } = await labels(p.page, "landscape-axes");
  for (const axis of ["x", "y"]) {
    const ticks = texts(all, axis).map(value);
    assert.ok(ticks.length >= 3, `${axis} ticks: ${ticks}`);
    assert.deepEqual([...new Set(ticks)].sort((a, b) => a - b), ticks, `${axis} ticks in order, each once`);
  }
  const [bar] = of(all, "bar l");
  assert.ok(bar && bar.left >= canvas.right, "the colour key is right of the map");
  assert.match(bar.background, /rgb\(62, 147, 195\).*rgb\(246, 246, 246\).*rgb\(234, 181, 62\)/, "blue (low) at the bottom, orange (high) on top");
  const marks = texts(all, "k").map(value);
  assert.equal(marks.length, 3);
  assert.ok(marks[0] < marks[1] && marks[1] < marks[2], `the key's losses rise: ${marks}`);
  assert.deepEqual(texts(all, "cap"), ["loss"]);
  const text = all.filter((l) => l.text);
  assert.deepEqual(overlaps(text), []);
  assert.deepEqual(text.filter((l) => overlap(l, canvas)).map((l) => l.text), []);
  await shot(p.page, "axes-landscape");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
