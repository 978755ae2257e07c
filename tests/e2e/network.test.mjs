// The network controls: layers, units and an activation per layer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { readFile } from "node:fs/promises";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

test("+/− layers and units, and an activation per hidden layer", async () => {
  const p = await browser.openPlayground();
  const config = () => p.summary().then((s) => s.config);
  await p.page.getByRole("button", { name: "Add a hidden layer" }).click();
  await waitFor(config, (c) => c.hidden.length === 3, { what: "three hidden layers" });
  await p.page.getByRole("button", { name: "Add a unit to hidden layer 3" }).click();
  await waitFor(config, (c) => c.hidden[2] === 3, { what: "a unit more" });
  await p.page.getByLabel("Activation of hidden layer 2").selectOption("relu");
  const c = await waitFor(config, (c) => c.hiddenActivations[1] === "relu", { what: "layer 2 is ReLU" });
  assert.deepEqual(c.hiddenActivations, ["tanh", "relu", "tanh"]);
  const params = await p.page.evaluate(() => playground.params());
  assert.deepEqual(params.biases.map((b) => b.length), [4, 2, 3, 1]);
  assert.equal((await p.summary()).epoch, 0, "a new network starts over");
  await p.page.getByLabel("Activation of every hidden layer").selectOption("sigmoid");
  await waitFor(config, (c) => c.activation === "sigmoid" && c.hiddenActivations.length === 0, { what: "all sigmoid" });
  await waitFor(() => p.page.getByLabel("Activation of hidden layer 2").inputValue(), (v) => v === "sigmoid", { what: "the layer menu follows" });
  await shot(p.page, "network-controls");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("the largest network's links are hairlines: a frame of the 8 × 64 network paints at most 30 times", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  await p.page.evaluate(`${await readFile(new URL("paint-probe.js", import.meta.url), "utf8")}\ninstallPaintProbe();`);
  await p.setConfig({ hidden: [64, 64, 64, 64, 64, 64, 64, 64] });
  await p.frames(3);
  // Filled as bands, its 4 600 drawn links took 60 fills a frame (64 to a path).
  const result = await p.page.evaluate(() => new Promise((done) => {
    const ops = window.__paintingOps;
    const before = { frames: playground.metrics().frames, ops: ops(), epoch: playground.state().epoch };
    playground.play();
    let n = 30;
    const tick = () => {
      if (--n > 0) return requestAnimationFrame(tick);
      playground.pause();
      done({ frames: playground.metrics().frames - before.frames, ops: ops() - before.ops });
    };
    requestAnimationFrame(tick);
  }));
  assert.ok(result.frames > 0, JSON.stringify(result));
  assert.ok(result.ops / result.frames <= 30, `${(result.ops / result.frames).toFixed(1)} painting calls per frame`);
  await shot(p.page, "network-8x64");
  await p.page.close();
});
