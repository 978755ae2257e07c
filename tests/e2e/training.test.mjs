// Training end to end: XOR is learned, the heatmap shows both classes, divergence is explained.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot } from "./harness.mjs";
import { startBrowser, waitFor } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test("XOR reaches at least 95 % accuracy while playing", async () => {
  const pg = await browser.openPlayground();
  await pg.setConfig({ dataset: "xor", speed: 5 });
  await pg.playButton.click();
  const s = await waitFor(() => pg.summary(), (s) => s.accuracy >= 0.95 || s.diverged,
    { timeout: 30000, what: "XOR accuracy ≥ 0.95" });
  assert.ok(s.accuracy >= 0.95 && !s.diverged, JSON.stringify(s));
  await pg.pauseButton.click();
  await pg.frames(2);
  assert.match(await pg.readout("accuracy"), /^(9[5-9](\.\d{1,2})?|100) %/);
  await shot(pg.page, "xor-trained");
  await pg.page.close();
});

test("after training XOR the heatmap shows both orange and blue", async () => {
  const pg = await browser.openPlayground();
  await pg.setConfig({ dataset: "xor" });
  await pg.stepMany(300);
  await pg.frames(3);
  // The points alone cover < 5 % of the canvas; an untrained net is ~15 % orange, ~3 % blue.
  const hues = await pg.canvasHues();
  assert.ok(hues.orange > 0.2 && hues.blue > 0.2, `share of orange/blue pixels: ${JSON.stringify(hues)}`);
  await shot(pg.page, "heatmap-xor");
  await pg.page.close();
});

test("divergence stops training, is explained in #message without NaN, and Reset clears it", async () => {
  const pg = await browser.openPlayground();
  await pg.setConfig({ dataset: "plane", loss: "mse", learningRate: 10, speed: 5 });
  await pg.playButton.click();
  const s = await waitFor(() => pg.summary(), (s) => s.diverged, { timeout: 15000, what: "divergence" });
  assert.equal(s.running, false);
  await pg.frames(2);
  assert.ok(await pg.message.isVisible(), "#message hidden");
  assert.match(await pg.message.innerText(), /learning rate/i);
  assert.doesNotMatch(await pg.page.locator("body").innerText(), /NaN/);
  await shot(pg.page, "diverged");
  await pg.resetButton.click();
  assert.equal((await pg.summary()).diverged, false);
  await pg.frames(2);
  assert.equal(await pg.message.isVisible(), false, "#message still shown after Reset");
  await pg.page.close();
});

test("a speed no preset has, set by a script, shows in the Speed menu (not a blank one), and goes when a preset is picked", async () => {
  const pg = await browser.openPlayground();
  const menu = pg.page.locator("#speed");
  const shown = () => menu.evaluate((m) => ({ value: m.value, text: m.selectedOptions[0]?.textContent ?? "", options: m.options.length }));
  const presets = (await shown()).options;
  await pg.setConfig({ speed: 10 });
  await pg.frames(2);
  assert.deepEqual(await shown(), { value: "10", text: "10 epoch/frame", options: presets + 1 });
  await menu.selectOption("25");
  await pg.frames(2);
  assert.equal(JSON.parse(await pg.page.evaluate(() => playground.exportState())).config.speed, 25);
  assert.deepEqual(await shown(), { value: "25", text: "25 epoch/frame", options: presets });
  assert.deepEqual(pg.problems, []);
  await pg.page.close();
});
