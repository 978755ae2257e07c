// A learner's first minutes, at the sizes they arrive with: what is in view
// at 1280×800 and on a 390×844 phone, a canvas that stays put under the
// pointer, and the inspector as the answer to a click (editing its own gesture).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot } from "./harness.mjs";
import { startBrowser, waitFor } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

/** Whether the element's whole box lies inside the viewport (no scrolling needed). */
function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  });
}

const top = (locator) => locator.evaluate((el) => el.getBoundingClientRect().top);

test("desktop 1280×800: after Step ×5 the canvas, network, loss curve, Play and Step are all in view", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  for (let i = 0; i < 5; i++) await pg.stepButton.click();
  await waitFor(() => pg.epoch(), (e) => e === 5, { what: "epoch 5" });
  for (const [what, locator] of [
    ["data canvas", pg.dataCanvas], ["network", pg.page.getByTestId("network-canvas")],
    ["loss curve", pg.page.getByTestId("loss-canvas")], ["Play", pg.playButton], ["Step", pg.stepButton],
    ["learning rate", pg.page.getByRole("combobox", { name: "Learning rate", exact: true })],
  ]) {
    assert.equal(await inView(locator), true, `${what} is in view`);
  }
  // Play is the primary button: filled, unlike Reset.
  const fill = (l) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await fill(pg.playButton), await fill(pg.resetButton));
  await shot(pg.page, "first-screen-desktop");
  await pg.page.close();
});

test("a message after a click moves nothing: the data canvas keeps its place", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  await pg.clearPoints();
  await pg.frames();
  const before = await top(pg.dataCanvas);
  // Training with no points says so; the message must not push the canvas down.
  await pg.stepButton.click();
  await waitFor(() => pg.message.isVisible(), (v) => v, { what: "a message" });
  assert.equal(await top(pg.dataCanvas), before);
  await pg.clickData(0.3, 0.3);
  await pg.frames();
  assert.equal(await top(pg.dataCanvas), before);
  await pg.page.close();
});

for (const width of [1280, 1024]) {
  test(`${width}×800: pressing Play and Pause moves nothing — not the button, not the canvas`, async () => {
    const pg = await browser.openPlayground({ width, height: 800 });
    const box = (l) => l.evaluate((el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width]; });
    const before = [await box(pg.playButton), await top(pg.dataCanvas)];
    // "❚❚ Pause" is wider than "▶ Play": it wrapped the bar, shifting the page
    // down 38 px at 1280 and the button itself from under the pointer at 1024.
    await pg.playButton.click();
    await waitFor(() => pg.epoch(), (e) => e >= 2, { what: "playing" });
    assert.deepEqual([await box(pg.pauseButton), await top(pg.dataCanvas)], before, "while playing");
    await pg.pauseButton.click();
    assert.deepEqual([await box(pg.playButton), await top(pg.dataCanvas)], before, "paused again");
    await pg.page.close();
  });
}

test("clicking a link opens the inspector beside the diagram, in view; editing is a separate gesture", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { inspector } = pg;
  await inspector.click(1, 0, 1);
  await inspector.waitForChain(/^∂L\/∂w/, "the link's chain");
  const panel = pg.page.locator("#inspector");
  assert.equal(await inView(panel.locator("#chain")), true, "the chain is in view without scrolling");
  const editor = pg.page.locator("#weight-editor");
  assert.equal(await editor.isVisible(), false, "a click explains; it does not open the editor");
  await pg.page.getByRole("button", { name: /^Edit this value/ }).click();
  assert.equal(await editor.isVisible(), true);
  const weight = (await pg.params()).weights[1][0][1];
  assert.equal(Number(await editor.inputValue()), Number(weight.toPrecision(6)), "the box shows 6 significant digits");
  await editor.press("Escape");
  assert.equal(await editor.isVisible(), false);
  // A double-click selects and edits at once; Escape with the focus elsewhere closes the inspector.
  const { x, y } = await inspector.position(1, 0, 1);
  await pg.page.mouse.dblclick(x, y);
  await waitFor(() => editor.isVisible(), (v) => v, { what: "the editor after a double-click" });
  await editor.press("Escape");
  await inspector.click(1, 0, 1);
  await inspector.waitForChain(/^∂L\/∂w/, "the chain again");
  await pg.press("Escape");
  await waitFor(() => panel.isVisible(), (v) => !v, { what: "the inspector closed" });
  await inspector.click(1, 0, 1);
  await shot(pg.page, "inspector-desktop");
  await pg.page.getByRole("button", { name: /^Close the inspector/ }).click();
  await waitFor(() => panel.isVisible(), (v) => !v, { what: "closed by its button" });
  await pg.page.close();
});

test("a weight edited from the inspector stays explained: Enter or Escape in the box closes the box, not the inspector", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { inspector, page } = pg;
  await inspector.click(1, 0, 1);
  await inspector.waitForChain(/^∂L\/∂w/, "the link's chain");
  const editor = page.locator("#weight-editor"), target = page.locator("#inspector-target");
  // Enter applied the value and closed the inspector with the box: the
  // learner lost the explanation of the weight they had just changed.
  await page.getByRole("button", { name: /^Edit this value/ }).click();
  await editor.fill("-2.5");
  await editor.press("Enter");
  await waitFor(() => target.innerText(), (t) => t.endsWith("= −2.5"), { what: "the inspector on the new value" });
  assert.equal(await editor.isVisible(), false);
  assert.equal(await page.locator("#inspector").isVisible(), true);
  assert.equal((await pg.params()).weights[1][0][1], -2.5);
  // Focus is back on "Edit value", not on the page's top (a keyboard user
  // would have had to Tab through the whole page again).
  const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
  assert.equal(await focused(), "inspector-edit");
  await page.keyboard.press("Enter");
  assert.equal(await editor.isVisible(), true, "Enter on Edit value opens the box again");
  await editor.press("Escape");
  assert.equal(await editor.isVisible(), false);
  assert.equal(await page.locator("#inspector").isVisible(), true, "Escape in the box closes the box only");
  assert.equal(await focused(), "inspector-edit");
  assert.deepEqual(pg.problems, []);
  await page.close();
});

test("phone 390×844: the first screen holds the canvas, Play, Step and the point tools; the settings fold away", async () => {
  const pg = await browser.openPlayground({ width: 390, height: 844 });
  for (const [what, locator] of [
    ["data canvas", pg.dataCanvas], ["Play", pg.playButton], ["Step", pg.stepButton],
    ["orange tool", pg.page.getByRole("radio", { name: "add orange (1)" })],
    ["blue tool", pg.page.getByRole("radio", { name: "add blue (2)" })],
    ["erase tool", pg.page.getByRole("radio", { name: "erase (E)" })],
  ]) {
    assert.equal(await inView(locator), true, `${what} is on the first screen`);
  }
  const rate = pg.page.getByRole("combobox", { name: "Learning rate", exact: true });
  assert.equal(await rate.isVisible(), false, "the settings are folded");
  await pg.page.getByText("Settings", { exact: true }).click();
  assert.equal(await rate.isVisible(), true, "and unfold under Settings");
  await shot(pg.page, "first-screen-phone");
  await pg.page.close();
});
