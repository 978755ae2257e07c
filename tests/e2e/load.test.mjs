// The page loads cleanly, every control is named, and it fits a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { shot } from "./harness.mjs";
import { startBrowser } from "./playground.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test("load: ready, no console problems, every control has an accessible name", async () => {
  const pg = await browser.openPlayground();
  await pg.frames(5);
  assert.deepEqual(pg.problems, [], "console errors/warnings");
  const { count, unnamed } = await pg.unnamedControls();
  assert.ok(count >= 20, `expected the page's controls, found ${count}`);
  assert.deepEqual(unnamed, [], "controls without an accessible name");
  await shot(pg.page, "load");
  await pg.page.close();
});

test("a 360-px-wide viewport has no horizontal scrolling and shows the data canvas", async () => {
  const pg = await browser.openPlayground({ width: 360, height: 780 });
  await pg.frames(3);
  const scrollWidth = await pg.page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(scrollWidth <= 361, `page is ${scrollWidth} px wide at 360 px`);
  await pg.dataCanvas.scrollIntoViewIfNeeded();
  const box = await pg.dataCanvas.boundingBox();
  assert.ok(box && box.width > 200 && box.x >= 0 && box.x + box.width <= 361, `data canvas box ${JSON.stringify(box)}`);
  assert.ok(await pg.dataCanvas.isVisible());
  await shot(pg.page, "mobile-360");
  await pg.page.close();
});
