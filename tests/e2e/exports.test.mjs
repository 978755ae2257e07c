// Exports that continue the run: JSON with everything training needs, the
// points as CSV, both re-imported through the file picker as a learner would;
// and files of the first format, which still import.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startBrowser } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
let fresh; // another browser profile
before(async () => { [browser, fresh] = await Promise.all([startBrowser(), startBrowser()]); });
after(async () => { await Promise.all([browser.close(), fresh.close()]); });

/** Clicks an export button in the share panel and returns the saved file's path and name. */
async function exportFile(p, name) {
  const panel = p.page.locator("#share-panel");
  if (!(await panel.evaluate((d) => d.open))) await panel.locator("summary").click();
  const [download] = await Promise.all([p.page.waitForEvent("download"), p.page.getByRole("button", { name }).click()]);
  return { path: await download.path(), name: download.suggestedFilename() };
}

/** Imports a file through the share panel's file picker. */
async function importFile(p, file) {
  const before = await p.page.evaluate(() => playground.metrics().frames);
  await p.page.locator("#import-file").setInputFiles({ name: file.name, mimeType: "text/plain", buffer: await readFile(file.path) });
  // The file is read asynchronously; the import shows from the next frames on.
  await p.page.waitForFunction((n) => playground.metrics().frames > n + 2, before);
}

test("an exported run imported elsewhere goes on bit for bit: epoch, history, optimizer, batch position", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.setConfig({ optimizer: "adam", batchSize: 7, learningRate: 0.01, hidden: [5, 3] });
  await p.page.evaluate(() => { playground.addPoint(1.5, -1.5, 1); playground.addPoint(-2, 2.5, 0); });
  await p.stepMany(120);
  await p.page.evaluate(() => playground.stepBatch()); // mid-epoch
  const file = await exportFile(p, "Export the whole state with weights as JSON");
  assert.equal(file.name, "playground.json");
  const q = await fresh.openPlayground({ width: 1280, height: 800 });
  await importFile(q, file);
  const [a, b] = [await p.summary(), await q.summary()];
  assert.equal(b.epoch, 120);
  assert.equal(b.message, null, "nothing was left out");
  assert.deepEqual(b.config, a.config);
  assert.deepEqual(await q.page.evaluate(() => playground.history()), await p.page.evaluate(() => playground.history()));
  assert.deepEqual(await q.points(), await p.points());
  await p.stepMany(10);
  await q.stepMany(10);
  const [after, copy] = [await p.summary(), await q.summary()];
  assert.equal(copy.epoch, 130);
  assert.equal(copy.trainLoss, after.trainLoss, "the same loss to the last bit");
  assert.deepEqual(await q.page.evaluate(() => playground.params()), await p.page.evaluate(() => playground.params()));
  assert.deepEqual(await q.page.evaluate(() => playground.history()), await p.page.evaluate(() => playground.history()));
  await shot(q.page, "export-continued");
  await p.page.close();
  await q.page.close();
});

test("Export points (CSV) writes x,y,label,split and imports back to the same points", async () => {
  const p = await browser.openPlayground();
  await p.page.evaluate(() => {
    playground.clearPoints();
    for (let i = 0; i < 20; i++) playground.addPoint(-5 + i / 2.1, Math.sin(i) * 4, i % 2);
  });
  const file = await exportFile(p, "Export points (CSV)");
  assert.equal(file.name, "points.csv");
  const text = await readFile(file.path, "utf8");
  const lines = text.trim().split("\n");
  assert.equal(lines[0], "x,y,label,split");
  assert.equal(lines.length, 21);
  assert.equal(lines[1], "-5,0,0,train"); // (−5, sin 0 · 4) on the 0.005 grid
  const q = await fresh.openPlayground();
  await importFile(q, file);
  assert.deepEqual(await q.points(), await p.points());
  await p.page.close();
  await q.page.close();
});

test("a file of the first format still imports, and says what it could not restore", async () => {
  const p = await browser.openPlayground();
  const v1 = {
    version: 1,
    config: { dataset: "xor", hidden: [3] },
    points: [{ x: 1, y: 2, label: 1, split: "train" }, { x: -1, y: -2, label: 0, split: "test" }],
    params: { weights: [[[0.5, -0.5], [1, 1], [0.25, 0]], [[1, -1, 0.5]]], biases: [[0, 0, 0], [0.1]] },
  };
  const state = await p.page.evaluate((t) => playground.importState(t), JSON.stringify(v1));
  assert.equal(state.config.dataset, "xor");
  assert.deepEqual(state.points, v1.points);
  assert.deepEqual(await p.page.evaluate(() => playground.params()), v1.params);
  assert.match(state.message, /older version of the playground: its settings, points and weights are back, but not its epoch, loss history or optimizer state/);
  await p.frames(2);
  assert.match(await p.message.innerText(), /older version/);
  await p.page.close();
});

test("an export with a broken run is refused whole, with the reason", async () => {
  const p = await browser.openPlayground();
  await p.stepMany(3);
  const good = JSON.parse(await p.page.evaluate(() => playground.exportState()));
  const before = await p.page.evaluate(() => playground.exportState());
  for (const [edit, words] of [
    [(s) => { s.run.order = s.run.order.slice(1); }, /not an order of the 125 training points/],
    [(s) => { s.run.shuffle.words.pop(); }, /624 words, got 623/],
    [(s) => { s.run.optimizer.first = [1, 2]; }, /needs 0 finite numbers, got 2/],
    [(s) => { s.history.samples[1].epoch = 0; }, /increasing epochs/],
    [(s) => { s.change = { removed: [400] }; }, /removes point 400, but the data set has 250/],
  ]) {
    const broken = structuredClone(good);
    edit(broken);
    const message = await p.page.evaluate((t) => { try { playground.importState(t); return "accepted"; } catch (e) { return e.message; } }, JSON.stringify(broken));
    assert.match(message, words);
  }
  assert.equal(await p.page.evaluate(() => playground.exportState()), before, "nothing changed");
  await p.page.close();
});
