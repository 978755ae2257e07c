// What a learner does with mouse and keyboard: add and erase points, step, play, pause, reset.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot } from "./harness.mjs";
import { startBrowser, waitFor } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const near = (p, q, tol) => Math.abs(p.x - q.x) <= tol.x && Math.abs(p.y - q.y) <= tol.y;

test("clicks add points at the clicked coordinates; shift-click the other class; alt-click erases", async () => {
  const pg = await browser.openPlayground();
  await pg.clearPoints();
  await pg.chooseClass("orange");
  const clicks = [await pg.clickData(0.25, 0.25), await pg.clickData(0.75, 0.4), await pg.clickData(0.5, 0.8)];
  let points = await pg.points();
  assert.equal(points.length, 3, JSON.stringify(points));
  clicks.forEach((c, i) => {
    assert.ok(near(points[i], c, c.pixel), `point ${i} at ${JSON.stringify(points[i])}, clicked ${JSON.stringify(c)}`);
    assert.equal(points[i].label, 0, "orange is class 0");
  });
  const shifted = await pg.clickData(0.2, 0.7, ["Shift"]);
  points = await pg.points();
  assert.equal(points.length, 4);
  assert.ok(near(points[3], shifted, shifted.pixel) && points[3].label === 1, `shift-click gave ${JSON.stringify(points[3])}`);
  await pg.clickData(0.76, 0.41, ["Alt"]); // next to the second point
  points = await pg.points();
  assert.equal(points.length, 3, "alt-click should erase one point");
  assert.ok(!points.some((p) => near(p, clicks[1], clicks[1].pixel)), "the nearest point (the second) is gone");
  await pg.frames(2);
  await shot(pg.page, "clicked-points");
  await pg.page.close();
});

test("cleared and erased points disappear from the data canvas", async () => {
  const pg = await browser.openPlayground();
  assert.ok((await pg.pointPixels()).orange > 500, "the circle data set's points are drawn");
  await pg.clearPoints();
  await pg.frames(3);
  const cleared = await pg.pointPixels();
  await shot(pg.page, "cleared-points");
  assert.deepEqual(cleared, { orange: 0, blue: 0 }, "points still drawn after clearPoints()");
  await pg.clickData(0.5, 0.5);
  await pg.frames(3);
  assert.ok((await pg.pointPixels()).orange > 10, "the clicked point is drawn");
  await pg.clickData(0.5, 0.5, ["Alt"]);
  await pg.frames(3);
  assert.equal((await pg.points()).length, 0);
  assert.deepEqual(await pg.pointPixels(), { orange: 0, blue: 0 }, "erased point still drawn");
  await pg.page.close();
});

test("Step button and ArrowRight each advance one epoch and change the training loss", async () => {
  const pg = await browser.openPlayground();
  const s0 = await pg.summary();
  await pg.stepButton.click();
  const s1 = await pg.summary();
  assert.equal(s1.epoch, s0.epoch + 1);
  assert.notEqual(s1.trainLoss, s0.trainLoss);
  await pg.press("ArrowRight");
  const s2 = await pg.summary();
  assert.equal(s2.epoch, s1.epoch + 1);
  assert.notEqual(s2.trainLoss, s1.trainLoss);
  await pg.frames(2);
  assert.equal(await pg.readout("epoch"), "Epoch 2");
  await shot(pg.page, "step");
  await pg.page.close();
});

test("→ and R still work right after clicking a button (a button is not a text field)", async () => {
  const pg = await browser.openPlayground();
  await pg.stepButton.click(); // leaves focus on the button, as a mouse user would
  assert.equal(await pg.epoch(), 1);
  await pg.page.keyboard.press("ArrowRight");
  assert.equal(await pg.epoch(), 2, "ArrowRight ignored while a button has focus");
  await pg.page.keyboard.press("r");
  assert.equal(await pg.epoch(), 0, "R ignored while a button has focus");
  await pg.page.close();
});

test("Play grows the epoch, Pause stops it, Space toggles, R resets to epoch 0", async () => {
  const pg = await browser.openPlayground();
  await pg.playButton.click();
  await waitFor(() => pg.epoch(), (e) => e >= 5, { what: "epochs while playing" });
  await pg.pauseButton.click();
  const paused = await pg.summary();
  assert.equal(paused.running, false);
  await pg.frames(10);
  assert.equal(await pg.epoch(), paused.epoch, "epoch moved after Pause");
  await pg.press("Space");
  assert.equal((await pg.summary()).running, true, "Space starts");
  await waitFor(() => pg.epoch(), (e) => e >= paused.epoch + 3, { what: "epochs after Space" });
  await pg.press("Space");
  const stopped = await pg.summary();
  assert.equal(stopped.running, false, "Space pauses");
  await pg.frames(5);
  assert.equal(await pg.epoch(), stopped.epoch);
  await pg.press("r");
  assert.equal(await pg.epoch(), 0);
  await pg.frames(2);
  assert.equal(await pg.readout("epoch"), "Epoch 0");
  await shot(pg.page, "play-pause-reset");
  await pg.page.close();
});

test("arrows, Space and Enter on a focused slider, radio or button act on that control only", async () => {
  const pg = await browser.openPlayground();
  const { page } = pg;
  // → on the Noise slider moves the slider one step (0 → 0.05), not training.
  await page.locator("#noise").focus();
  await page.keyboard.press("ArrowRight");
  let s = await pg.summary();
  assert.deepEqual([s.epoch, s.config.noise], [0, 0.05]);
  assert.equal(await page.locator("#noise").inputValue(), "0.05");
  // → on the point tools moves to the next tool (orange → blue).
  await page.getByRole("radio", { name: "add orange" }).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByRole("radio", { name: "add blue" }).isChecked(), true);
  assert.equal(await pg.epoch(), 0);
  // Space on a focused Step button presses it: exactly one epoch, no Play.
  await pg.stepButton.focus();
  await page.keyboard.press("Space");
  s = await pg.summary();
  assert.deepEqual([s.epoch, s.running], [1, false]);
  await pg.frames(5);
  assert.equal(await pg.epoch(), 1, "nothing started playing");
  // A button reached with Tab keeps its arrows: → trains nothing.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "step-batch");
  await page.keyboard.press("ArrowRight");
  assert.equal(await pg.epoch(), 1);
  assert.deepEqual(pg.problems, []);
  await page.close();
});
