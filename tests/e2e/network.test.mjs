// The network controls: layers, units and an activation per layer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
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
