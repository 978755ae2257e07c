// The computational-graph panel at the edges of definition: a formula that
// is undefined somewhere says why in words, never "NaN".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

/** Opens the graph panel and types `formula` into it; returns the panel's status line. */
async function showFormula(p, formula) {
  await p.page.locator("#graph-mode summary").click();
  const box = p.page.getByRole("textbox", { name: "Formula" });
  await box.fill(formula);
  await box.dispatchEvent("change");
  return p.page.getByTestId("graph-status");
}

test("graph panel: relu(log(x)) at x = −1 is undefined, and the panel says why", async () => {
  const p = await browser.openPlayground();
  const status = await showFormula(p, "relu(log(x))");
  await p.page.getByRole("textbox", { name: "Variable values, like x = 1.5" }).fill("x = -1");
  await p.page.getByRole("textbox", { name: "Variable values, like x = 1.5" }).dispatchEvent("change");
  await waitFor(() => status.innerText(), (t) => /Undefined at log\(x\): log of a negative number\./.test(t), { what: "the reason after the full pass" });
  assert.doesNotMatch(await status.innerText(), /NaN/);
  await p.page.getByRole("button", { name: "Start of the graph steps" }).click();
  await p.page.getByRole("button", { name: "Next graph step" }).click();
  await p.page.getByRole("button", { name: "Next graph step" }).click();
  assert.equal(await status.innerText(), "Forward, log(x): value undefined here: log of a negative number");
  await p.page.getByRole("button", { name: "Next graph step" }).click();
  assert.equal(await status.innerText(), "Forward, relu(log(x)): value undefined, carried from an undefined node");
  await shot(p.page, "graph-undefined");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

// Each formula's status line after its full pass, and what it once read.
for (const [formula, says, was] of [
  ["log(0)", "Backward, done. Undefined at log(0): log of 0 is −∞.", "Backward, done. . Undefined at … (an empty list of gradients)"],
  ["x * y", "y has no value: add y = 1 (or any number) after “at”", "give it one, like { y: 1 } (the engine's words, for scripts)"],
]) {
  test(`graph panel: ${formula} is said in one plain sentence`, async () => {
    const p = await browser.openPlayground();
    const status = await showFormula(p, formula);
    await waitFor(() => status.innerText(), (t) => t === says, { what: `${JSON.stringify(says)}, once ${was}` });
    assert.deepEqual(p.problems, []);
    await p.page.close();
  });
}
