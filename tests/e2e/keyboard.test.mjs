// The playground without a mouse: the data canvas and the network diagram
// take the focus (Tab), their arrows move a cursor, Enter acts at it; and the
// chain the inspector writes is drawn on the diagram in its key colours.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot } from "./harness.mjs";
import { startBrowser, waitFor } from "./playground.mjs";
import { readNumber } from "./number-text.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// The inspector's key colours (web/style.css .k-output, .k-path, .k-link).
const OUTPUT = [213, 94, 0], PATH = [204, 121, 167], LINK = [0, 158, 115];
const INK = [29, 35, 48];
const close = (rgb, key, tol = 24) => rgb.every((v, i) => Math.abs(v - key[i]) <= tol);

/** Presses Tab until the element with `id` has the focus (the keyboard's way there). */
async function tabTo(page, id) {
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.id) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

/** The colour of canvas `testid`'s backing pixel under viewport point (x, y), or at a backing offset from it. */
function pixelAt(page, testid, { x, y }, [dx, dy] = [0, 0]) {
  return page.getByTestId(testid).evaluate((c, [x, y, dx, dy]) => {
    const r = c.getBoundingClientRect();
    const scale = c.width / c.clientWidth;
    const px = Math.round((x - r.left - c.clientLeft) * scale + dx), py = Math.round((y - r.top - c.clientTop) * scale + dy);
    // Copied onto a page-white pixel of its own (the canvas shows on white;
    // reading many times from the page's own canvas would slow it down).
    const one = document.createElement("canvas");
    one.width = one.height = 1;
    const ctx = one.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, 1, 1);
    ctx.drawImage(c, px, py, 1, 1, 0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, [x, y, dx, dy]);
}

/** Viewport point of data coordinates (x, y) on the data canvas. */
function dataToViewport(page, x, y) {
  return page.getByTestId("data-canvas").evaluate((c, [x, y]) => {
    const r = c.getBoundingClientRect();
    const d = playground.state().domain;
    return {
      x: r.left + c.clientLeft + ((x - d.xMin) / (d.xMax - d.xMin)) * c.clientWidth,
      y: r.top + c.clientTop + ((d.yMax - y) / (d.yMax - d.yMin)) * c.clientHeight,
    };
  }, [x, y]);
}

test("1280×800: every Tab stop from the top is a visible control with a visible focus", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { page } = pg;
  const stops = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (el === document.body) return null;
      const r = el.getBoundingClientRect(), style = getComputedStyle(el);
      return {
        what: `${el.tagName.toLowerCase()}#${el.id} ${el.getAttribute("aria-label") ?? el.textContent.trim().slice(0, 30)}`,
        // Seen: a box a finger could press, drawn, and a focus ring.
        seen: r.width >= 8 && r.height >= 8 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
      };
    });
    if (!stop || stops.some((s) => s.what === stop.what)) break;
    stops.push(stop);
  }
  assert.ok(stops.length > 40, `${stops.length} stops`);
  // The folded layout's "Settings" switch was one: 1 px, transparent, on a page where nothing folds.
  assert.deepEqual(stops.filter((s) => !s.seen || !s.ring).map((s) => s.what), []);
  await pg.page.close();
});

test("keyboard only on the data canvas: arrows move a cursor, Enter and Space add there, Delete and Backspace erase", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { page } = pg;
  const start = await pg.points();
  // The cursor starts at the domain's centre, (0, 0) on the [−6, 6]² canvas;
  // a step is 12/20 = 0.6, Shift five of them. Its ring (radius 9 canvas
  // pixels, dark) shows only while the canvas has the focus.
  const ring = async (x, y) => pixelAt(page, "data-canvas", await dataToViewport(page, x, y), [9, 0]);
  assert.equal(close(await ring(0, 0), INK), false, "no cursor before the canvas has the focus");
  await tabTo(page, "data-canvas");
  await waitFor(() => ring(0, 0), (rgb) => close(rgb, INK), { what: "the cursor at the centre" });
  for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp"]) await page.keyboard.press(key);
  await page.keyboard.press("Enter");
  let points = await pg.points();
  assert.equal(points.length, start.length + 1);
  assert.deepEqual(points.at(-1), { ...points.at(-1), x: 1.8, y: 1.2, label: 0 }, "an orange point at (1.8, 1.2)");
  await waitFor(() => ring(1.8, 1.2), (rgb) => close(rgb, INK), { what: "the cursor drawn at (1.8, 1.2)" });
  // Shift+← five steps to x = −1.2; 2 chooses blue; Space adds.
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("2");
  await page.keyboard.press("Space");
  points = await pg.points();
  assert.equal(points.length, start.length + 2);
  assert.deepEqual(points.at(-1), { ...points.at(-1), x: -1.2, y: 1.2, label: 1 }, "a blue point at (−1.2, 1.2)");
  // Delete erases the point at the cursor (the blue one), Backspace after
  // five steps back the orange one: the data set is as it was.
  await page.keyboard.press("Delete");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Backspace");
  assert.deepEqual(await pg.points(), start);
  // None of these keys trained: arrows and Space belong to the canvas.
  const s = await pg.summary();
  assert.deepEqual([s.epoch, s.running], [0, false]);
  await shot(page, "keyboard-data-cursor");
  // Leaving the canvas hides the cursor.
  await page.keyboard.press("Tab");
  await waitFor(() => ring(1.8, 1.2), (rgb) => !close(rgb, INK), { what: "no cursor after Tab away" });
  assert.deepEqual(pg.problems, []);
  await page.close();
});

test("keyboard on a regression lesson's data: Enter adds the (x, y) under the cursor", async () => {
  const pg = await browser.openLesson("linear-regression");
  const { page } = pg;
  const before = (await pg.points()).length;
  const d = (await pg.summary()).domain;
  await tabTo(page, "data-canvas");
  // Two steps right and one up from the centre: a step is 1/20 of each side.
  for (const key of ["ArrowRight", "ArrowRight", "ArrowUp"]) await page.keyboard.press(key);
  await page.keyboard.press("Enter");
  const points = await pg.points();
  assert.equal(points.length, before + 1);
  const added = points.at(-1);
  const want = { x: (d.xMin + d.xMax) / 2 + (2 * (d.xMax - d.xMin)) / 20, y: (d.yMin + d.yMax) / 2 + (d.yMax - d.yMin) / 20 };
  // Within the grid points are snapped to (1/2000 of each side).
  assert.ok(Math.abs(added.x - want.x) <= (d.xMax - d.xMin) / 2000 && Math.abs(added.y - want.y) <= (d.yMax - d.yMin) / 2000,
    `added ${JSON.stringify(added)}, cursor at ${JSON.stringify(want)}`);
  assert.deepEqual(pg.problems, []);
  await page.close();
});

test("a data canvas clicked with the mouse leaves → and Space to training, and shows no cursor", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { page } = pg;
  const before = (await pg.points()).length;
  await pg.clickData(0.25, 0.25);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "data-canvas");
  assert.equal((await pg.points()).length, before + 1);
  await page.keyboard.press("ArrowRight");
  assert.equal(await pg.epoch(), 1, "→ steps, as after clicking a button");
  await pg.frames(2);
  const centre = await dataToViewport(page, 0, 0);
  assert.equal(close(await pixelAt(page, "data-canvas", centre, [9, 0]), INK), false, "no cursor");
  await page.keyboard.press("Space");
  assert.equal((await pg.summary()).running, true, "Space plays");
  await page.keyboard.press("Space");
  assert.equal((await pg.points()).length, before + 1, "no point added by the keys");
  await page.close();
});

test("keyboard only on the diagram: arrows to a link, its value shows, Enter opens the inspector on it, Escape closes", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { page, inspector } = pg;
  // The default network: inputs x₁ x₂, hidden layers of 4 and 2 units, one output.
  await tabTo(page, "network-canvas");
  await waitFor(() => inspector.tip.innerText(), (t) => t.startsWith("bias of unit 1 of hidden layer 1"), { what: "the focus on the first unit" });
  // → to the link out of it (to unit 1 of layer 2), ↓ to the next link into that unit.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const weight = (await pg.params()).weights[1][0][1];
  const tip = await inspector.tip.innerText();
  assert.match(tip, /^weight from unit 2 of hidden layer 1 to unit 1 of hidden layer 2\nw = /);
  assert.equal(readNumber(tip.split("\n")[1].slice(4)), Number(weight.toPrecision(6)), "the tip shows w to 6 digits");
  await page.keyboard.press("Enter");
  await inspector.waitForChain(/^∂L\/∂w = ∂L\/∂ŷ · ∂ŷ\/∂h₂₁ · ∂h₂₁\/∂w/, "the chain of that weight");
  const target = await page.locator("#inspector-target").innerText();
  assert.match(target, /^Weight w from unit 2 of hidden layer 1 to unit 1 of hidden layer 2 = /);
  assert.equal(readNumber(target.split(" = ")[1]), Number(weight.toPrecision(4)), "the inspector names the weight's value");
  assert.deepEqual((await inspector.rows()).map((r) => r[0]), ["∂L/∂ŷ", "∂ŷ/∂h₂₁", "∂h₂₁/∂w", "∂L/∂w"]);
  const product = (await inspector.factors()).reduce((a, b) => a * b, 1);
  assert.ok(Math.abs(product - await inspector.gradient()) < 1e-15);
  // Arrows stayed in the diagram: nothing trained.
  assert.equal(await pg.epoch(), 0);
  await shot(page, "keyboard-diagram-inspector");
  await page.keyboard.press("Escape");
  await waitFor(() => inspector.body.isVisible(), (v) => !v, { what: "the inspector closed" });
  assert.deepEqual(pg.problems, []);
  await page.close();
});

test("the selected chain is drawn on the diagram in the inspector's key colours, live while training", async () => {
  const pg = await browser.openPlayground({ width: 1280, height: 800 });
  const { page, inspector } = pg;
  // The weight from x₁ to hidden unit 2 of layer 1: its path runs on from
  // that unit (layer 1's links out of unit 2) to the output.
  // Where they are drawn now (the inspector, when open, moves the diagram).
  let selected, onPath, output;
  const find = async () => {
    [selected, onPath, output] = [await inspector.position(0, 1, 0), await inspector.position(1, 0, 1), await inspector.position(2, 0)];
  };
  const diagram = (at, offset) => pixelAt(page, "network-canvas", at, offset);
  /** The output's ring: a pixel of the key colour on a line left of its centre. */
  const outputRing = async (key) => {
    for (let dx = 10; dx <= 40; dx++) if (close(await diagram(output, [-dx, 0]), key)) return true;
    return false;
  };
  await find();
  assert.equal(close(await diagram(selected), LINK), false, "no key colours before a selection");
  assert.equal(close(await diagram(onPath), PATH), false);
  assert.equal(await outputRing(OUTPUT), false);
  await inspector.click(0, 1, 0);
  await inspector.waitForChain(/^∂L\/∂w = ∂L\/∂ŷ · ∂ŷ\/∂h₁₂ · ∂h₁₂\/∂w/, "the chain");
  await find();
  assert.deepEqual(await diagram(selected), LINK, "the selected link in the link's key colour");
  assert.ok(close(await diagram(onPath), PATH, 30), `a link on the path in the path's key colour: ${await diagram(onPath)}`);
  assert.equal(await outputRing(OUTPUT), true, "the output ringed in the output's key colour");
  // While training the weights (and the links' widths) move; the chain stays drawn.
  await pg.playButton.click();
  await waitFor(() => pg.epoch(), (e) => e >= 20, { what: "20 epochs of play" });
  await find(); // (the click may have scrolled the page)
  assert.deepEqual(await diagram(selected), LINK);
  assert.equal(await outputRing(OUTPUT), true);
  await pg.pauseButton.click();
  await shot(page, "diagram-chain");
  await page.keyboard.press("Escape");
  await find();
  assert.equal(close(await diagram(selected), LINK), false, "the key colours go with the selection");
  assert.equal(await outputRing(OUTPUT), false);
  assert.deepEqual(pg.problems, []);
  await page.close();
});

test("→ on a focused slider moves the slider, not training", async () => {
  const pg = await browser.openPlayground();
  const { page } = pg;
  await page.locator("#noise").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const s = await pg.summary();
  assert.deepEqual([s.epoch, s.config.noise], [0, 0.1]);
  await page.close();
});
