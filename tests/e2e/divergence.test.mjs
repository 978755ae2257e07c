// Divergence and recovery, for every optimizer × every loss the page offers ×
// learning rates 10, 100 and 1000, all in one tab, set through the page's own
// controls (menus and the learning rate's free-entry field).
//
// What really happens (and so what is asserted):
// - Regression (the "plane" data set: linear output, MSE or ½MSE): SGD and
//   momentum overshoot by a growing factor each step and overflow within a
//   few epochs: the page stops, flags divergence and explains it.
// - Adam never diverges at these rates: its step η·m̂/(√v̂ + ε) moves each
//   parameter by at most a few η whatever the gradient, so the loss stays a
//   finite number (it may be large) however long it plays.
// - Classification ("circle": sigmoid output) never diverges with any
//   optimizer: the output's gradient is bounded (|ŷ − y| ≤ 1 times bounded
//   tanh activations), so the weights grow at most linearly and no number
//   overflows. MSE stays ≤ 1 and ½MSE ≤ ½ (ŷ and y are both in [0, 1]);
//   cross-entropy grows with the weights but stays finite.
// In every case no "NaN"/"Infinity" reaches the page's text or state(), and
// Reset recovers: epoch 0, a finite loss, training at a sane rate lowers the
// loss, and the run after Reset is bit for bit the run of a freshly built
// network with the same settings (no stale momentum velocity or Adam moments).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot } from "./harness.mjs";
import { startBrowser, waitFor } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const OPTIMIZERS = ["sgd", "momentum", "adam"];
const RATES = [10, 100, 1000];
/** Epochs a combination that does not diverge is played for (those that do, do within ten). */
const PLAYED = 1000;

/** Every non-finite number in a value (paths to NaN, ±Infinity), walked in the page. */
function nonFinite(pg) {
  return pg.page.evaluate(() => {
    const bad = [];
    const walk = (v, path) => {
      if (typeof v === "number" && !Number.isFinite(v)) bad.push(`${path} = ${v}`);
      else if (v && typeof v === "object") for (const [k, w] of Object.entries(v)) walk(w, `${path}.${k}`);
    };
    walk(playground.state(), "state()");
    walk(playground.history(), "history()");
    return bad;
  });
}

/** What a reader sees: no NaN, Infinity or Rust's "inf" anywhere in the page's text. */
async function assertNoNonsense(pg, what) {
  const text = await pg.page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /NaN|Infinity|\binf\b/, `${what}: visible text`);
  assert.deepEqual(await nonFinite(pg), [], `${what}: state()`);
}

/** Sets a learning rate by typing it into the free-entry field, as a learner would. */
async function typeRate(pg, rate) {
  // The controls follow the settings on the next frame (which rewrites this
  // field): let that happen before typing.
  await pg.frames(2);
  const field = pg.page.getByRole("combobox", { name: "Learning rate", exact: true });
  await field.fill(String(rate));
  await field.press("Tab");
  await waitFor(() => pg.summary(), (s) => s.config.learningRate === rate, { what: `learning rate ${rate}` });
}

/** Trains `epochs` epochs through the API and returns the training loss after each. */
function lossesOver(pg, epochs) {
  return pg.page.evaluate((n) => Array.from({ length: n }, () => playground.step().trainLoss), epochs);
}

/**
 * Lowers the rate to 0.03, presses Reset and checks the recovery: epoch 0,
 * no flag, no message, a finite loss, a loss that falls — and the same run,
 * bit for bit, as a network built afresh (changing the seed and back builds
 * a new trainer from the settings alone).
 */
async function assertRecovers(pg, what) {
  await typeRate(pg, 0.03);
  await pg.resetButton.click();
  const s = await pg.summary();
  assert.equal(s.epoch, 0, `${what}: epoch after Reset`);
  assert.equal(s.diverged, false, `${what}: still flagged after Reset`);
  assert.ok(Number.isFinite(s.trainLoss), `${what}: loss after Reset ${s.trainLoss}`);
  await pg.frames(2);
  assert.equal(await pg.message.isVisible(), false, `${what}: message still shown after Reset`);
  await assertNoNonsense(pg, `${what}, after Reset`);
  const afterReset = await lossesOver(pg, 30);
  assert.ok(afterReset.every(Number.isFinite), `${what}: ${afterReset}`);
  assert.ok(afterReset.at(-1) < s.trainLoss, `${what}: the loss did not fall after Reset: ${s.trainLoss} → ${afterReset.at(-1)}`);
  const seed = s.config.seed;
  await pg.setConfig({ seed: seed + 1 });
  await pg.setConfig({ seed });
  const fresh = await pg.summary();
  assert.equal(fresh.trainLoss, s.trainLoss, `${what}: a fresh network starts elsewhere`);
  assert.deepEqual(await lossesOver(pg, 30), afterReset, `${what}: the run after Reset differs from a fresh network's`);
}

/** Chooses the data set, loss and optimizer in their menus; Reset; the given rate typed in. */
async function configure(pg, { dataset, loss, optimizer, rate }) {
  const before = (await pg.summary()).config;
  if (before.dataset !== dataset) await pg.page.locator("#dataset").selectOption(dataset);
  await pg.page.locator("#loss").selectOption(loss);
  await pg.page.locator("#optimizer").selectOption(optimizer);
  await waitFor(() => pg.summary(), (s) => s.config.dataset === dataset && s.config.loss === loss && s.config.optimizer === optimizer,
    { what: `${dataset}/${loss}/${optimizer}` });
  await typeRate(pg, rate);
  await pg.resetButton.click();
}

/** Plays (the Play button) until the page flags divergence or `epochs` have passed, then pauses. */
async function playUntil(pg, epochs) {
  // Watched from inside the page, frame by frame, so the run stops right there.
  const stopped = pg.page.evaluate((n) => new Promise((done) => {
    const tick = () => {
      const s = playground.state();
      if (s.diverged || s.epoch >= n) {
        playground.pause();
        done();
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), epochs);
  await pg.playButton.click();
  await stopped;
  await pg.frames(2);
  return pg.summary();
}

test("every optimizer × loss × learning rate 10/100/1000: flagged and explained, or finite; Reset recovers exactly", async () => {
  const pg = await browser.openPlayground();
  const fastest = await pg.page.locator("#speed option").evaluateAll((os) => Math.max(...os.map((o) => Number(o.value))));
  await pg.page.getByRole("combobox", { name: "Epochs per frame" }).selectOption(String(fastest));
  // The loss menu offers cross-entropy for classes only; regression gets MSE and ½MSE.
  const combos = [];
  for (const loss of ["bce", "mse", "half_mse"]) combos.push({ dataset: "circle", loss, task: "classification" });
  for (const loss of ["mse", "half_mse"]) combos.push({ dataset: "plane", loss, task: "regression" });
  const table = [];
  let shotTaken = false;
  for (const { dataset, loss, task } of combos) {
    for (const optimizer of OPTIMIZERS) {
      for (const rate of RATES) {
        const what = `${dataset} ${loss} ${optimizer} lr ${rate}`;
        await configure(pg, { dataset, loss, optimizer, rate });
        const start = await pg.summary();
        assert.equal(start.config.loss, loss, what);
        assert.equal(start.epoch, 0, what);
        const s = await playUntil(pg, PLAYED);
        table.push({ what, diverged: s.diverged, epoch: s.epoch, trainLoss: s.trainLoss });
        await assertNoNonsense(pg, what);
        if (task === "regression" && optimizer !== "adam") {
          // Overflow within a few dozen epochs, stopped, and explained in words.
          assert.ok(s.diverged, `${what}: not flagged (epoch ${s.epoch}, loss ${s.trainLoss})`);
          assert.ok(s.epoch < 50, `${what}: diverged only at epoch ${s.epoch}`);
          assert.equal(s.running, false, what);
          assert.ok(await pg.message.isVisible(), `${what}: no message`);
          const message = await pg.message.innerText();
          assert.match(message, new RegExp(`diverged at epoch ${s.epoch}`), what);
          assert.match(message, new RegExp(`learning rate ${rate} is too large`), what);
          assert.match(message, /overshoots the minimum/, what);
          assert.match(message, /Lower the learning rate and press Reset/, what);
          assert.equal(s.message, message, `${what}: state().message`);
          // The loss is a number or, if even the last finite weights overflow
          // the mean over all points, absent; the read-out says "> 10³⁰" past
          // any meaningful size (model/number.rs).
          assert.ok(s.trainLoss === null || Number.isFinite(s.trainLoss), `${what}: ${s.trainLoss}`);
          assert.match(await pg.readout("train-loss"), /^(\d[\d.]*( × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|> 10³⁰|overflow)$/, what);
          // Play refuses to start again until Reset.
          await pg.playButton.click();
          await pg.frames(3);
          const again = await pg.summary();
          assert.equal(again.running, false, `${what}: Play restarted a diverged run`);
          assert.equal(again.epoch, s.epoch, `${what}: trained on after divergence`);
          if (!shotTaken) { await shot(pg.page, "divergence-explained"); shotTaken = true; }
        } else {
          assert.equal(s.diverged, false, `${what}: flagged at epoch ${s.epoch}`);
          assert.ok(s.epoch >= PLAYED, `${what}: stopped at ${s.epoch}`);
          assert.ok(Number.isFinite(s.trainLoss) && Number.isFinite(s.testLoss), `${what}: ${s.trainLoss}, ${s.testLoss}`);
          if (task === "classification" && loss === "mse") assert.ok(s.trainLoss <= 1, `${what}: ${s.trainLoss}`);
          if (task === "classification" && loss === "half_mse") assert.ok(s.trainLoss <= 0.5, `${what}: ${s.trainLoss}`);
          assert.equal(await pg.message.isVisible(), false, `${what}: a message without divergence`);
          assert.match(await pg.readout("train-loss"), /^-?\d/, `${what}: the loss read-out`);
        }
        await assertRecovers(pg, what);
      }
    }
  }
  console.log("combination                     diverged  epoch  training loss");
  for (const r of table) console.log(`  ${r.what.padEnd(30)} ${String(r.diverged).padEnd(8)} ${String(r.epoch).padStart(6)}  ${r.trainLoss}`);
  assert.deepEqual(pg.problems, []);
  await pg.page.close();
});

test("a weight being inspected while training diverges shows no NaN either", async () => {
  const pg = await browser.openPlayground();
  await pg.setConfig({ dataset: "plane", loss: "mse", optimizer: "momentum", speed: 25 });
  await typeRate(pg, 1000);
  // The inspector writes ∂L/∂w with live numbers for the selected weight
  // (chosen after the rate: changing a setting closes the inspector).
  await pg.inspector.select(1, 0, 0);
  await pg.frames(2);
  assert.ok(await pg.inspector.body.isVisible(), "the inspector is open");
  await pg.playButton.click();
  const s = await waitFor(() => pg.summary(), (s) => s.diverged, { timeout: 15000, what: "divergence" });
  await pg.frames(3);
  assert.equal(s.running, false);
  await assertNoNonsense(pg, "inspector after divergence");
  await shot(pg.page, "divergence-inspector");
  await assertRecovers(pg, "inspector");
  assert.deepEqual(pg.problems, []);
  await pg.page.close();
});
