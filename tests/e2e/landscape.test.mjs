// The loss landscape's descent path is recorded whenever training runs —
// with the panel closed too — one point per epoch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";
import { readNumber } from "./number-text.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

test("30 epochs with the landscape closed leave a 31-point path (the start and each epoch)", async () => {
  const p = await browser.openPlayground();
  // Seed 000's line: intercept and slope, full batch (one step per epoch).
  await p.setConfig({ dataset: "weight_height", dataSeed: 42, points: 50, noise: 0.5, testFraction: 0, hidden: [], activation: "linear", loss: "mse", learningRate: 0.0001, batchSize: "all", shuffle: false });
  await p.page.evaluate(() => playground.setParams({ weights: [[[0.01]]], biases: [[0.01]] }));
  await p.frames(2);
  assert.equal(await p.page.locator("#landscape-mode").getAttribute("open"), null, "the panel is closed");
  // All 30 in one go, between two frames: a path drawn per frame would have 2 points.
  await p.stepMany(30);
  await p.frames(2);
  await p.page.locator("#landscape-mode summary").click();
  const status = p.page.getByTestId("landscape-status");
  const text = await waitFor(() => status.innerText(), (t) => /^31 path points; now at /.test(t), { what: "31 points" });
  // The last point is where the weights are now: intercept (across), slope (up).
  const [intercept, slope] = text.match(/now at (.+?), (.+?)\. /).slice(1).map(readNumber);
  const params = await p.params();
  assert.ok(Math.abs(intercept - params.biases[0][0]) <= 5e-4 * Math.abs(params.biases[0][0]), `${intercept} vs ${params.biases[0][0]}`);
  assert.ok(Math.abs(slope - params.weights[0][0][0]) <= 5e-4 * Math.abs(params.weights[0][0][0]), `${slope} vs ${params.weights[0][0][0]}`);
  await shot(p.page, "landscape-path-closed");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
