// The loss curve while training: drawn frame after frame (the chart keeps its
// curves between frames and adds each new epoch's segment), it must always
// end at the latest epoch, at that epoch's loss, on the axes its labels
// name — also after the axes grow.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

/** The chart's axis ends, by its stated rule: the smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 × 10ᵏ at least `v`. */
function niceCeil(v) {
  const base = 10 ** Math.floor(Math.log10(v));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((n) => n * base).find((end) => end >= v * (1 - 1e-12));
}

/** Steps one epoch per animation frame until `epoch`, so the chart draws every epoch as it comes. */
function stepEachFrameTo(page, epoch) {
  return page.evaluate((target) => new Promise((done) => {
    const tick = () => {
      if (playground.state().epoch >= target) return requestAnimationFrame(() => requestAnimationFrame(done));
      playground.step();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), epoch);
}

/**
 * Where the training curve (its blue, 0 114 178) ends on the canvas: the
 * rightmost column with a clearly blue pixel, and the middle of the blue
 * pixels `back` columns left of it; plus the canvas's size.
 */
function curveEnd(page, back) {
  return page.evaluate((back) => {
    // Read through a copy made for reading (reading the page's canvas
    // itself twice would have Chromium warn about slow readbacks).
    const c = document.querySelector('[data-testid="loss-canvas"]');
    const copy = Object.assign(document.createElement("canvas"), { width: c.width, height: c.height });
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const blue = (x, y) => { const i = 4 * (y * c.width + x); return data[i + 2] - data[i] > 60; };
    let right = -1;
    for (let x = 0; x < c.width; x++) for (let y = 0; y < c.height; y++) if (blue(x, y)) right = x;
    const rows = [];
    for (let y = 0; y < c.height; y++) if (blue(right - back, y)) rows.push(y);
    return { right, row: rows.reduce((a, b) => a + b, 0) / rows.length, width: c.width, height: c.height };
  }, back);
}

/** The x axis's tick labels. */
const xTicks = (page) => page.locator('[data-testid="loss-axes"] span.x').allTextContents();

test("the loss curve ends at the latest epoch and its loss, frame after frame, also after its axis grows", async () => {
  const p = await browser.openPlayground({ width: 1280, height: 800 });
  for (const [epoch, ticks] of [[30, ["0", "5", "10", "15", "20"]], [45, ["0", "10", "20", "30", "40"]]]) {
    await stepEachFrameTo(p.page, epoch);
    const history = await p.page.evaluate(() => playground.history());
    assert.equal(history.at(-1).epoch, epoch);
    // Epochs 0 … 30 fill an axis ending at 30; at 45 it ends at 50.
    const xMax = niceCeil(epoch);
    assert.equal(xMax, epoch === 30 ? 30 : 50);
    assert.deepEqual(await xTicks(p.page), ticks, `epoch ${epoch}: the axis up to ${xMax}`);
    // The loss axis runs from 0 up to the round end above the highest
    // loss (+2 %), inside a 3-pixel margin top and bottom.
    const back = 2;
    const end = await curveEnd(p.page, back);
    const top = niceCeil(1.02 * Math.max(...history.flatMap((s) => [s.train, s.test ?? 0])));
    const x = (e) => (e / xMax) * end.width;
    const y = (loss) => end.height - 3 - (loss / top) * (end.height - 6);
    const [previous, last] = history.slice(-2);
    assert.ok(Math.abs(end.right - x(epoch)) <= 1.5, `epoch ${epoch}: the curve ends at column ${end.right}, the epoch is at ${x(epoch).toFixed(1)}`);
    // Two columns back from its end the curve is on the last segment, between
    // the last two epochs' losses.
    const along = (end.right - back - x(previous.epoch)) / (x(last.epoch) - x(previous.epoch));
    const expected = y(previous.train) + along * (y(last.train) - y(previous.train));
    assert.ok(Math.abs(end.row - expected) <= 1.5, `epoch ${epoch}: the curve's end at row ${end.row.toFixed(1)}, the loss ${last.train} at ${expected.toFixed(1)}`);
  }
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
