// The computational-graph panel at the edges of definition: a formula that
// is undefined somewhere says why in words, never "NaN".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

test("graph panel: relu(log(x)) at x = −1 is undefined, and the panel says why", async () => {
  const p = await browser.openPlayground();
  await p.page.locator("#graph-mode summary").click();
  const status = p.page.getByTestId("graph-status");
  await p.page.getByRole("textbox", { name: "Formula" }).fill("relu(log(x))");
  await p.page.getByRole("textbox", { name: "Formula" }).dispatchEvent("change");
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

test("graph panel: a formula without variables, log(0), ends in one sentence", async () => {
  const p = await browser.openPlayground();
  await p.page.locator("#graph-mode summary").click();
  const status = p.page.getByTestId("graph-status");
  await p.page.getByRole("textbox", { name: "Formula" }).fill("log(0)");
  await p.page.getByRole("textbox", { name: "Formula" }).dispatchEvent("change");
  // It read "Backward, done. . Undefined at …": an empty list of gradients.
  await waitFor(() => status.innerText(), (t) => t.startsWith("Backward, done."), { what: "the full pass" });
  assert.equal(await status.innerText(), "Backward, done. Undefined at log(0): log of 0 is −∞.");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("graph panel: a variable without a value is asked for in the box's own notation, not JavaScript's", async () => {
  const p = await browser.openPlayground();
  await p.page.locator("#graph-mode summary").click();
  const status = p.page.getByTestId("graph-status");
  await p.page.getByRole("textbox", { name: "Formula" }).fill("x * y");
  await p.page.getByRole("textbox", { name: "Formula" }).dispatchEvent("change");
  // The engine's words, for scripts, were "give it one, like { y: 1 }".
  await waitFor(() => status.innerText(), (t) => t.includes("no value"), { what: "the missing value named" });
  assert.equal(await status.innerText(), "y has no value: add y = 1 (or any number) after “at”");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
