// The computational-graph panel: nodes named by the sub-expression they
// compute, a sub-expression used twice as one node whose gradient is the sum
// of its uses, and text a reader can read on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

/** Opens the graph panel with a formula and values; returns the status line. */
async function graph(p, formula, values) {
  await p.page.locator("#graph-mode summary").click();
  const box = p.page.getByRole("textbox", { name: "Formula" });
  await box.fill(formula);
  await box.dispatchEvent("change");
  const vars = p.page.getByRole("textbox", { name: "Variable values, like x = 1.5" });
  await vars.fill(values);
  await vars.dispatchEvent("change");
  return p.page.getByTestId("graph-status");
}

/** Every status line from Start to the end, one Next at a time. */
async function walk(p, status) {
  await p.page.getByRole("button", { name: "Start of the graph steps" }).click();
  const lines = [await status.innerText()];
  for (;;) {
    await p.page.getByRole("button", { name: "Next graph step" }).click();
    const line = await status.innerText();
    if (line === lines.at(-1)) return lines;
    lines.push(line);
  }
}

test("x·x at x = 3: one x node, and ∂J/∂x = 3 + 3 = 6", async () => {
  const p = await browser.openPlayground();
  const status = await graph(p, "x*x", "x = 3");
  assert.deepEqual(await walk(p, status), [
    "Press Next to compute the first node.",
    "Forward, x: value = 3",
    "Forward, x·x: value = 9",
    "Backward, x·x: ∂J/∂(x·x) = 1",
    "Backward, done. ∂J/∂x = 3 + 3 = 6.",
  ]);
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("seed 001: nodes named x², sin(x²), 3·x², …; x² sums the gradients of its two uses", async () => {
  const p = await browser.openPlayground();
  const status = await graph(p, "cos(sin(x^2) + 3*x^2)", "x = 1");
  const lines = await walk(p, status);
  // With d = sin 1 + 3: J = cos d = −0.764921, ∂J/∂d = −sin d = 0.644125;
  // x² sends 3·0.644125 = 1.93237 and cos(1)·0.644125 = 0.348022 back up.
  assert.deepEqual(lines, [
    "Press Next to compute the first node.",
    "Forward, x: value = 1",
    "Forward, 2: value = 2",
    "Forward, x²: value = 1",
    "Forward, sin(x²): value = 0.8415",
    "Forward, 3: value = 3",
    "Forward, 3·x²: value = 3",
    "Forward, sin(x²) + 3·x²: value = 3.841",
    "Forward, cos(sin(x²) + 3·x²): value = −0.7649",
    "Backward, cos(sin(x²) + 3·x²): ∂J/∂(cos(sin(x²) + 3·x²)) = 1",
    "Backward, sin(x²) + 3·x²: ∂J/∂(sin(x²) + 3·x²) = 0.6441",
    "Backward, 3·x²: ∂J/∂(3·x²) = 0.6441",
    "Backward, 3: ∂J/∂3 = 0.6441",
    "Backward, sin(x²): ∂J/∂(sin(x²)) = 0.6441",
    "Backward, x²: ∂J/∂(x²) = 1.932 + 0.348 = 2.28 — it is used 2 times, and what each use sends back adds up",
    "Backward, 2: ∂J/∂2 = 0",
    "Backward, done. ∂J/∂x = 4.561.",
  ]);
  await shot(p.page, "graph-labels");
  await p.page.close();
});

test("on a 390 px phone the graph's text is at least 11 CSS px: drawn 1:1, scrolling sideways", async () => {
  const p = await browser.openPlayground({ width: 390, height: 844 });
  await graph(p, "cos(sin(x^2) + 3*x^2)", "x = 1");
  await p.page.getByRole("button", { name: "All graph steps" }).click();
  const canvas = p.page.getByTestId("graph-canvas");
  await canvas.scrollIntoViewIfNeeded();
  const size = await canvas.evaluate((c) => ({
    css: c.getBoundingClientRect().width,
    backing: c.width,
    ratio: devicePixelRatio,
    scroller: c.parentElement.clientWidth,
  }));
  // The boxes' 13 px text is 13 CSS px when one canvas unit is one CSS pixel
  // (times the pixel ratio) — a canvas shrunk to the phone's width would
  // draw it at a fraction of that.
  assert.ok(Math.abs(size.css * size.ratio - size.backing) <= 1, JSON.stringify(size));
  assert.ok(size.css > size.scroller, `the graph is wider than the phone and scrolls: ${JSON.stringify(size)}`);
  const smallest = await p.page.locator("#graph-mode").evaluate((panel) => {
    let min = Infinity;
    for (const el of panel.querySelectorAll("*")) {
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (text || el.matches("input, output")) min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });
  assert.ok(smallest >= 11, `smallest text in the graph panel: ${smallest} px`);
  await shot(p.page, "graph-phone");
  await p.page.close();
});

test("opening the panel shows the default formula's graph, drawn then (a closed panel costs start-up nothing)", async () => {
  const p = await browser.openPlayground();
  const status = p.page.getByTestId("graph-status");
  // Read from a copy: reading the page's own canvas back more than once
  // makes Chromium warn.
  const inked = () => p.page.getByTestId("graph-canvas").evaluate((c) => {
    const copy = Object.assign(document.createElement("canvas"), { width: c.width, height: c.height });
    copy.getContext("2d").drawImage(c, 0, 0);
    const d = copy.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 200) ink++;
    return ink;
  });
  assert.equal(await status.innerText(), "");
  assert.equal(await inked(), 0, "nothing drawn while closed");
  await p.page.locator("#graph-mode summary").click();
  await p.frames(2);
  assert.equal(await status.innerText(), "Backward, done. ∂J/∂x = 4.561.");
  assert.ok((await inked()) > 100, "the graph's boxes and text are drawn");
  await p.page.getByRole("button", { name: "Start of the graph steps" }).click();
  assert.equal(await status.innerText(), "Press Next to compute the first node.");
  await p.page.getByRole("button", { name: "Next graph step" }).click();
  assert.equal(await status.innerText(), "Forward, x: value = 1");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
