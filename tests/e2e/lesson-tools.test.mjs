// What a lesson offers besides its text: the point tools that fit its data
// (an (x, y) point for a curve, classes for classes), names on the points it
// talks about, and a quiet way out.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

const pointTool = (p) => p.page.getByRole("radio", { name: "add an (x, y) point" });
const orange = (p) => p.page.getByRole("radio", { name: "add orange (1)" });
const blue = (p) => p.page.getByRole("radio", { name: "add blue (2)" });

for (const id of ["dosage", "intercept", "linear-regression", "learning-rate"]) {
  test(`regression lesson ${id}: "click to add an (x, y) point", and no class tools`, async () => {
    const p = await browser.openLesson(id);
    assert.match(await p.page.locator("#lesson-text").innerText(), /Click to add an \(x, y\) point/);
    assert.equal(await pointTool(p).isVisible(), true);
    assert.equal(await pointTool(p).isChecked(), true);
    assert.equal(await orange(p).isVisible(), false);
    assert.equal(await blue(p).isVisible(), false);
    // A click adds the (x, y) under the pointer: x across, the value up.
    const before = (await p.points()).length;
    const at = await p.clickData(0.3, 0.4);
    const points = await waitFor(() => p.points(), (pts) => pts.length === before + 1, { what: "the clicked point" });
    const added = points.at(-1);
    assert.ok(Math.abs(added.x - at.x) <= at.pixel.x && Math.abs(added.label - at.y) <= at.pixel.y,
      `clicked (${at.x}, ${at.y}), added (${added.x}, ${added.label})`);
    if (id === "linear-regression") await shot(p.page, "lesson-regression-tools");
    assert.deepEqual(p.problems, []);
    await p.page.close();
  });
}

test("a classification lesson keeps its class tools and no (x, y) tool", async () => {
  const p = await browser.openLesson("or-gate");
  assert.equal(await orange(p).isVisible(), true);
  assert.equal(await blue(p).isVisible(), true);
  assert.equal(await pointTool(p).isVisible(), false);
  await p.page.close();
});

test("leaving a lesson is a small link-style button, smaller than Play", async () => {
  const p = await browser.openLesson("or-gate");
  const leave = p.page.getByRole("button", { name: /Leave the lesson/ });
  const [own, play, panel] = await Promise.all([leave.boundingBox(), p.playButton.boundingBox(), p.page.locator("#lesson-panel").boundingBox()]);
  assert.ok(own.height < play.height && own.width * own.height < play.width * play.height,
    `leave ${own.width}×${own.height} vs Play ${play.width}×${play.height}`);
  assert.ok(own.width < panel.width / 2, `not full width: ${own.width} of ${panel.width}`);
  const look = await leave.evaluate((b) => { const s = getComputedStyle(b); return { bg: s.backgroundColor, line: s.textDecorationLine, border: s.borderTopWidth }; });
  assert.deepEqual(look, { bg: "rgba(0, 0, 0, 0)", line: "underline", border: "0px" });
  await shot(p.page, "lesson-leave-link");
  await leave.click();
  await waitFor(() => p.summary(), (s) => s.config.lesson === null, { what: "free play" });
  await p.page.close();
});

test("the gender lesson writes Emily and Frank beside their points", async () => {
  const p = await browser.openLesson("gender");
  await p.frames(3);
  // Emily and Frank are the lesson's two test points (in that order).
  const tests = (await p.points()).filter((pt) => pt.split === "test");
  assert.equal(tests.length, 2);
  // Their names are dark text to the right of each point: count near-black
  // pixels in a 60 × 20 box starting 8 px right of the point (the points
  // are orange or blue, the heatmap light; nothing else there is dark).
  const dark = await p.dataCanvas.evaluate((c, points) => {
    const d = playground.state().domain;
    const all = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return points.map(({ x, y }) => {
      const px = Math.round(((x - d.xMin) / (d.xMax - d.xMin)) * c.width);
      const py = Math.round(((d.yMax - y) / (d.yMax - d.yMin)) * c.height);
      let n = 0;
      for (let yy = py - 10; yy < py + 10; yy++) {
        for (let xx = px + 8; xx < px + 68; xx++) {
          const i = 4 * (yy * c.width + xx);
          if (all[i] < 90 && all[i + 1] < 90 && all[i + 2] < 90) n++;
        }
      }
      return n;
    });
  }, tests);
  assert.ok(dark.every((n) => n > 30), `dark text pixels beside Emily and Frank: ${dark}`);
  await shot(p.page, "lesson-gender-names");
  await p.page.close();
});
