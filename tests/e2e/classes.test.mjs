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
