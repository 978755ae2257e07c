// Big inputs: the most points the page holds, ten times more than that, and
// the largest network its controls build. Behaviour only — the frame rates
// and the Step latency are measured by tests/e2e/bench.mjs, not asserted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot, circleCsv } from "./harness.mjs";
import { startBrowser, waitFor } from "./playground.mjs";

/** The page's limits (crates/playground/src/model/{points,settings}.rs). */
const MAX_POINTS = 10_000;
const MAX_LAYERS = 8;
const MAX_UNITS = 64;

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test("10 000 points, the page's most, are taken, trained on and drawn; one more is refused", async () => {
  const pg = await browser.openPlayground();
  await pg.page.evaluate((csv) => playground.importPointsCsv(csv), circleCsv(MAX_POINTS));
  const s0 = await pg.summary();
  const points = await pg.points();
  assert.equal(points.length, MAX_POINTS);
  assert.ok(points.every((p) => p.split === "train"), "imported points are training points");
  assert.equal(s0.epoch, 0);
  assert.deepEqual(s0.config.hidden, [4, 2], "the default network");

  // Training advances while playing (each epoch is 1 000 batches of 10).
  await pg.playButton.click();
  const s1 = await waitFor(() => pg.summary(), (s) => s.epoch >= 3, { timeout: 60000, what: "three epochs on 10 000 points" });
  assert.equal(s1.running, true);
  assert.equal(s1.diverged, false);
  await pg.pauseButton.click();
  await pg.frames(2);
  const s2 = await pg.summary();
  assert.ok(Number.isFinite(s2.trainLoss) && s2.trainLoss < s0.trainLoss, `loss ${s0.trainLoss} → ${s2.trainLoss}`);
  assert.match(await pg.readout("epoch"), new RegExp(`^Epoch ${s2.epoch}$`));

  // The picture: points of both classes in their own colours, over a heatmap.
  const drawn = await pg.pointPixels();
  assert.ok(drawn.orange > 2000 && drawn.blue > 2000, `point pixels ${JSON.stringify(drawn)}`);
  const hues = await pg.canvasHues();
  assert.ok(hues.orange > 0.1 && hues.blue > 0.1, `canvas hues ${JSON.stringify(hues)}`);
  await shot(pg.page, "scale-10000-points");

  // The 10 001st point: refused through the API and by a click, with a message.
  const refused = await pg.page.evaluate(() => { try { playground.addPoint(0, 0, 1); return null; } catch (e) { return e.message; } });
  assert.match(refused ?? "", /at most 10000 points/);
  await pg.clickData(0.5, 0.5);
  await pg.frames(2);
  assert.ok(await pg.message.isVisible());
  assert.match(await pg.message.innerText(), /at most 10000 points/);
  assert.equal((await pg.points()).length, MAX_POINTS, "a point was added past the limit");
  // (Chromium's advice on the test's own pixel read-backs is not the page's problem.)
  assert.deepEqual(pg.problems.filter((p) => !/willReadFrequently/.test(p)), []);
  await pg.page.close();
});

test("100 000 points are refused with a message, from a file and from a script, and nothing is lost", async () => {
  const pg = await browser.openPlayground();
  // A session with something to lose: its own settings, a clicked point, some training.
  await pg.setConfig({ learningRate: 0.1, hidden: [5, 3], noise: 0.2 });
  await pg.clickData(0.3, 0.3);
  await pg.stepMany(5);
  const before = await pg.state();
  assert.equal(before.points.length, 251);
  const unchanged = async (how) => {
    const now = await pg.state();
    assert.deepEqual(now.points, before.points, `${how}: the points changed`);
    assert.deepEqual(now.config, before.config, `${how}: the settings changed`);
    assert.equal(now.epoch, before.epoch, `${how}: the training changed`);
    assert.equal(now.trainLoss, before.trainLoss, `${how}: the weights changed`);
  };
  const csv = circleCsv(100_000);
  assert.ok(csv.length < 5e6, "under the 5 MB file limit, so it is read and parsed");

  // From a file, through the import control: the refusal is shown in words.
  await pg.page.getByLabel("Import a JSON state or a CSV of points").setInputFiles({
    name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(csv),
  });
  // (The message line may first say that the clicked point makes the link too long.)
  const shown = await waitFor(() => pg.message.innerText(), (t) => /points\.csv/.test(t),
    { timeout: 20000, what: "the import's message" });
  assert.ok(await pg.message.isVisible());
  assert.match(shown, /points\.csv/, shown);
  assert.match(shown, /more points than the page holds \(at most 10000\); nothing was changed/, shown);
  await unchanged("CSV file");
  await shot(pg.page, "scale-100000-points-refused");

  // From a script: the same refusal, thrown.
  const thrown = await pg.page.evaluate((t) => { try { playground.importPointsCsv(t); return null; } catch (e) { return e.message; } }, csv);
  assert.match(thrown ?? "accepted", /more points than the page holds \(at most 10000\)/);
  await unchanged("importPointsCsv");

  // A saved state carrying 100 000 points: refused whole, in the same words.
  const state = JSON.parse(await pg.page.evaluate(() => playground.exportState()));
  state.change = { added: Array.from({ length: 100_000 }, (_, i) => ({ x: (i % 100) / 10 - 5, y: Math.floor(i / 100) / 100 - 5, label: i % 2, split: "train" })) };
  const thrownState = await pg.page.evaluate((t) => { try { playground.importState(t); return null; } catch (e) { return e.message; } }, JSON.stringify(state));
  assert.match(thrownState ?? "accepted", /state\.json could not be used: more points than the page holds \(at most 10000\)/);
  await unchanged("importState");

  // And the session still trains.
  await pg.stepMany(1);
  assert.equal((await pg.summary()).epoch, before.epoch + 1);
  assert.deepEqual(pg.problems, []);
  await pg.page.close();
});

test(`the largest network (${MAX_LAYERS} hidden layers × ${MAX_UNITS} units) builds, trains, and Step adds exactly one epoch`, async () => {
  const pg = await browser.openPlayground();
  const config = () => pg.summary().then((s) => s.config);
  // Layers with the + button, up to its limit (one click past it does nothing).
  const addLayer = pg.page.getByRole("button", { name: "Add a hidden layer" });
  for (let i = 2; i <= MAX_LAYERS; i++) await addLayer.click();
  await waitFor(config, (c) => c.hidden.length === MAX_LAYERS, { what: `${MAX_LAYERS} layers` });
  // 64 units each (typing them is 500 clicks; the API sets the same setting).
  await pg.setConfig({ hidden: Array(MAX_LAYERS).fill(MAX_UNITS) });
  await pg.frames(2);
  await addLayer.click();
  await pg.page.getByRole("button", { name: `Add a unit to hidden layer ${MAX_LAYERS}` }).click();
  await pg.frames(2);
  assert.deepEqual((await config()).hidden, Array(MAX_LAYERS).fill(MAX_UNITS), "grew past the limits");
  for (const hidden of [Array(MAX_LAYERS + 1).fill(2), [MAX_UNITS + 1]]) {
    const e = await pg.page.evaluate((h) => { try { playground.setConfig({ hidden: h }); return null; } catch (e) { return e.message; } }, hidden);
    assert.match(e ?? "accepted", /at most 8 hidden layers|1 to 64 units/);
  }
  const params = await pg.page.evaluate(() => playground.params());
  assert.deepEqual(params.biases.map((b) => b.length), [...Array(MAX_LAYERS).fill(MAX_UNITS), 1]);
  const s0 = await pg.summary();
  assert.ok(Number.isFinite(s0.trainLoss));

  // It trains while playing…
  await pg.playButton.click();
  const s1 = await waitFor(() => pg.summary(), (s) => s.epoch >= 5, { timeout: 60000, what: "five epochs" });
  assert.equal(s1.diverged, false);
  // …Step is answered while playing…
  await pg.stepButton.click();
  await pg.pauseButton.click();
  await pg.frames(2);
  // …and, paused, Step adds exactly one epoch (the button, then the → key).
  const s2 = await pg.summary();
  await pg.stepButton.click();
  await pg.frames(1);
  const s3 = await pg.summary();
  assert.equal(s3.epoch, s2.epoch + 1);
  assert.notEqual(s3.trainLoss, s2.trainLoss);
  await pg.press("ArrowRight");
  await pg.frames(2);
  assert.equal((await pg.summary()).epoch, s2.epoch + 2);
  assert.match(await pg.readout("epoch"), new RegExp(`^Epoch ${s2.epoch + 2}$`));
  assert.ok(Number.isFinite((await pg.summary()).trainLoss));
  await shot(pg.page, "scale-8x64-network");
  assert.deepEqual(pg.problems, []);
  await pg.page.close();
});
