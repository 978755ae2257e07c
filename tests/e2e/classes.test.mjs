// Three or four classes on a built-in data set: choosing them in the menu
// generates that many classes (rings, quadrants, blobs, arms, moons), and
// two brings the original points back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

/** The distinct labels of the points, sorted. */
async function labels(p) {
  return [...new Set((await p.points()).map((pt) => pt.label))].sort((a, b) => a - b);
}

test("3 and 4 classes give labels 0 … k − 1 on every shape; 2 restores the original points", async () => {
  const p = await browser.openPlayground();
  const classes = p.page.getByLabel("Number of classes");
  for (const dataset of ["circle", "xor", "gaussians", "spiral", "moons"]) {
    await p.page.getByLabel("Data set").selectOption(dataset);
    await waitFor(() => p.summary(), (s) => s.config.dataset === dataset, { what: dataset });
    const original = await p.points();
    for (const [k, expected] of [["3", [0, 1, 2]], ["4", [0, 1, 2, 3]], ["2", [0, 1]]]) {
      await classes.selectOption(k);
      await waitFor(() => labels(p), (l) => l.length === expected.length, { what: `${dataset}: ${k} classes` });
      assert.deepEqual(await labels(p), expected, `${dataset}, ${k} classes`);
      if (k === "4") {
        await p.frames(2);
        await shot(p.page, `classes-4-${dataset}`);
      }
    }
    assert.deepEqual(await p.points(), original, `${dataset}: the two-class points come back`);
  }
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("with 3 classes each output unit's picture is in its class's colour", async () => {
  const p = await browser.openPlayground();
  await p.page.getByLabel("Data set").selectOption("gaussians");
  await p.page.getByLabel("Number of classes").selectOption("3");
  await waitFor(() => labels(p), (l) => l.length === 3, { what: "3 classes" });
  await p.stepMany(100);
  await p.frames(3);
  const outputLayer = (await p.params()).biases.length - 1;
  const centres = [];
  for (let unit = 0; unit < 3; unit++) centres.push(await p.inspector.position(outputLayer, unit));
  // The mean colour of a 7 × 7 patch at each unit's centre, on the canvas's
  // pixels (read once).
  const colours = await p.inspector.canvas.evaluate((c, points) => {
    const r = c.getBoundingClientRect();
    const all = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return points.map(({ x, y }) => {
      const cx = Math.round((x - r.left) * (c.width / r.width));
      const cy = Math.round((y - r.top) * (c.height / r.height));
      const mean = [0, 0, 0];
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          const i = 4 * ((cy + dy) * c.width + cx + dx);
          for (let k = 0; k < 3; k++) mean[k] += all[i + k] / 49;
        }
      }
      return mean.map(Math.round);
    });
  }, centres);
  // Class 0 orange (230, 159, 0), 1 blue (0, 114, 178), 2 green (0, 158, 115),
  // each mixed from paper white (246, 246, 246) by its probability: the way
  // a patch departs from white points at its own class's hue, not another's.
  const hues = [[230, 159, 0], [0, 114, 178], [0, 158, 115]];
  const away = (c) => c.map((v) => 246 - v);
  const cosine = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
  colours.forEach((colour, unit) => {
    const d = away(colour);
    const nearest = hues.map((h) => cosine(d, away(h))).reduce((best, c, k, all) => (c > all[best] ? k : best), 0);
    assert.ok(Math.hypot(...d) > 10, `unit ${unit} is not plain white: ${colours.join(" | ")}`);
    assert.equal(nearest, unit, `unit ${unit}'s picture leans to class ${nearest}'s hue: ${colours.join(" | ")}`);
  });
  await shot(p.page, "classes-3-thumbnails");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
