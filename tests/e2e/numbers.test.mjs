// Every number a learner reads is written one way (model/number.rs): at most
// a few significant digits, a true minus sign, powers of ten as × 10ⁿ — never
// a long run of digits, an `e` exponent or a hyphen for a minus, not even
// after training has diverged, in the inspector, the graph panel or a lesson.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

/** What the page shows as text right now (hidden elements excluded). */
const visibleText = (page) => page.evaluate(() => document.body.innerText);

/** Fails on a long tail of digits, an `e` exponent or a hyphen-minus before a number. */
function assertReadable(text, where) {
  const long = text.match(/\d*\.\d{8,}/);
  assert.equal(long, null, `${where}: a run of digits "${long?.[0]}"`);
  const exponent = text.match(/\d(\.\d+)?e[+\-−]?\d+/i);
  assert.equal(exponent, null, `${where}: an e exponent "${exponent?.[0]}"`);
  const hyphen = text.match(/(^|[\s(=:[,×·+])-\d[\d.]*/m);
  assert.equal(hyphen, null, `${where}: a hyphen for a minus "${hyphen?.[0]}"`);
}

test("free play: read-outs, the hover tip, the inspector and the phases", async () => {
  const p = await browser.openPlayground();
  await p.stepMany(20);
  await p.frames(2);
  assertReadable(await visibleText(p.page), "after 20 epochs");
  // The tip: six significant digits at most, e.g. "w = −0.729047".
  const tip = await p.inspector.hover(0, 0, 0);
  assert.match(tip, /\nw = −?\d+(\.\d{1,6})?( × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?\n/, tip);
  assertReadable(await visibleText(p.page), "with the hover tip");
  await p.inspector.select(0, 0, 0);
  await p.inspector.waitForChain(/^∂L\/∂w/, "the weight's chain");
  await p.frames(2);
  assertReadable(await visibleText(p.page), "with the inspector open");
  for (const phase of ["forward", "loss", "backward", "update"]) {
    await p.phases.next();
    await waitFor(() => p.phases.current(), (c) => c === phase, { what: phase });
    await p.frames(2);
    assertReadable(await visibleText(p.page), `phase ${phase}`);
  }
  await shot(p.page, "numbers-free-play");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("graph panel: ∂J/∂x to four significant digits", async () => {
  const p = await browser.openPlayground();
  await p.page.locator("#graph-mode summary").click();
  const formula = p.page.getByRole("textbox", { name: "Formula" });
  const values = p.page.getByRole("textbox", { name: "Variable values, like x = 1.5" });
  await formula.fill("sin(x^2)*3");
  await formula.dispatchEvent("change");
  await values.fill("x = 1.2345678");
  await values.dispatchEvent("change");
  const status = p.page.getByTestId("graph-status");
  // d/dx 3·sin(x²) = 6x·cos(x²) = 0.345346… at x = 1.2345678 (by hand:
  // x² = 1.52415765…, cos(x²) = 0.0466218…).
  await waitFor(() => status.innerText(), (t) => /∂J\/∂x = 0\.3453(\D|$)/.test(t), { what: "the gradient to 4 digits" });
  assertReadable(await visibleText(p.page), "graph panel");
  await shot(p.page, "numbers-graph");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("a diverged run (learning rate 50) says > 10³⁰ or overflow, never 7.720e305", async () => {
  const p = await browser.openPlayground();
  await p.setConfig({ dataset: "plane", learningRate: 50, optimizer: "sgd" });
  await p.playButton.click();
  await waitFor(() => p.summary(), (s) => s.diverged, { what: "divergence" });
  await p.frames(2);
  assertReadable(await visibleText(p.page), "diverged");
  assert.match(await p.readout("train-loss"), /^(\d[\d.]*( × 10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|> 10³⁰|overflow)$/);
  const tip = await p.inspector.hover(0, 0, 0);
  assertReadable(tip, "the tip after divergence");
  await p.inspector.select(0, 0, 0);
  await p.frames(2);
  assertReadable(await visibleText(p.page), "inspector after divergence");
  await shot(p.page, "numbers-diverged");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

for (const id of ["neuron", "feedforward", "alice-gradient", "or-gate", "gender", "dosage", "intercept",
  "linear-regression", "logistic-regression", "learning-rate"]) {
  test(`lesson ${id}: its read-out and inspector are readable before and after training`, async () => {
    const p = await browser.openLesson(id);
    await p.frames(2);
    assertReadable(await visibleText(p.page), `${id} at the start`);
    await p.stepMany(id === "learning-rate" ? 40 : 5);
    await p.frames(2);
    assertReadable(await visibleText(p.page), `${id} after training`);
    assert.deepEqual(p.problems, []);
    await p.page.close();
  });
}

test("a learning rate typed as 1e400, Infinity or NaN is refused in the words typed, never \"got inf\"", async () => {
  const p = await browser.openPlayground();
  const field = p.page.getByRole("combobox", { name: "Learning rate", exact: true });
  for (const [typed, says] of [["1e400", "out of range"], ["Infinity", "out of range"], ["NaN", "not a number"]]) {
    await field.fill(typed);
    await field.press("Enter");
    // It passed the parse and met the range check, which said "got inf" / "got NaN".
    await waitFor(() => p.message.innerText(), (t) => t.includes(typed), { what: `a message about ${typed}` });
    assert.equal(await p.message.innerText(), `learning rate: "${typed}" is ${says}`);
    assert.equal((await p.summary()).config.learningRate, 0.03, "the rate in force is kept");
    // The box keeps what was typed, marked as refused (for a screen reader too).
    await waitFor(() => field.getAttribute("aria-invalid"), (v) => v === "true", { what: `${typed} marked invalid` });
    assert.equal(await field.inputValue(), typed);
  }
  // The message floats over the lesson menu; a click reaches the menu through it.
  assert.equal(await p.message.isVisible(), true);
  await p.page.locator("#lesson-select").click({ timeout: 3000 });
  await p.page.keyboard.press("Escape");
  await field.fill("0.1");
  await field.press("Enter");
  await waitFor(() => p.summary(), (s) => s.config.learningRate === 0.1, { what: "the rate 0.1 in force" });
  await waitFor(() => field.getAttribute("aria-invalid"), (v) => v === null, { what: "the mark gone once a value is taken" });
  assert.equal(await p.message.isVisible(), false);
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("a refused negative learning rate is named with a true minus sign, as every number on the page", async () => {
  const p = await browser.openPlayground();
  const field = p.page.getByRole("combobox", { name: "Learning rate", exact: true });
  await field.fill("-5");
  await field.press("Enter");
  // The engine's message says "got -5" (for a script); the page's line reads −5.
  await waitFor(() => p.message.innerText(), (t) => t.includes("5"), { what: "a message about -5" });
  const text = await p.message.innerText();
  assert.match(text, /got \u22125$/, text);
  assert.doesNotMatch(text, /-\d/, text);
  assert.equal((await p.summary()).config.learningRate, 0.03, "the rate in force is kept");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("the regularization rate and a weight's edit box quote what was typed: \"1e400\", \"abc\"", async () => {
  const p = await browser.openPlayground();
  const { page } = p;
  // Both were number boxes, which hand the page "" for text they cannot
  // read: the message said `"" is not a number` beside a box showing 1e400.
  await page.selectOption("#regularization", "l2");
  const rate = page.getByRole("textbox", { name: "Regularization rate" });
  for (const [typed, says] of [["1e400", "out of range"], ["abc", "not a number"]]) {
    await rate.fill(typed);
    await rate.press("Enter");
    await waitFor(() => p.message.innerText(), (t) => t.includes(typed), { what: `a message about ${typed}` });
    assert.equal(await p.message.innerText(), `regularization rate: "${typed}" is ${says}`);
  }
  assert.deepEqual((await p.summary()).config.regularization, { kind: "l2", rate: 0.001 });
  await p.inspector.click(1, 0, 1);
  const weight = (await p.params()).weights[1][0][1];
  await page.getByRole("button", { name: /^Edit this value/ }).click();
  const editor = page.locator("#weight-editor");
  for (const [typed, says] of [["1e400", "out of range"], ["abc", "not a number"]]) {
    await editor.fill(typed);
    await editor.press("Enter");
    await waitFor(() => p.message.innerText(), (t) => t.includes(typed), { what: `a message about ${typed}` });
    assert.equal(await p.message.innerText(), `new value: "${typed}" is ${says}`);
  }
  assert.equal((await p.params()).weights[1][0][1], weight, "the weight is kept");
  assert.deepEqual(p.problems, []);
  await page.close();
});
