// window.playground is the API, and it appears only once the page is ready:
// a script that waits for it never gets the page's root element (browsers
// name elements by id on window) or a half-started app.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch } from "./harness.mjs";

let server, context;
before(async () => { server = await serve(); context = await launch(); });
after(async () => { await context.close(); await server.close(); });

test("window.playground is absent while the page loads and the ready API after", async () => {
  const page = await context.newPage();
  // Every frame from the very start, note whether the name was seen before ready.
  await page.addInitScript(() => {
    window.__seenEarly = [];
    const tick = () => {
      const ready = document.getElementById("playground-root")?.dataset.ready === "true";
      if (!ready && window.playground !== undefined) window.__seenEarly.push(String(window.playground));
      if (!ready) requestAnimationFrame(tick);
    };
    tick();
  });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route("**/playground_bg.wasm", async (r) => { await held; await r.continue(); });
  await page.goto(server.url);
  await page.getByText("Loading the playground…").waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => document.getElementById("playground-root") !== null), true);
  assert.equal(await page.evaluate(() => typeof window.playground), "undefined", "no element is named playground");
  release();
  await page.waitForFunction(() => typeof window.playground?.state === "function");
  assert.equal(await page.evaluate(() => document.getElementById("playground-root").dataset.ready), "true");
  assert.deepEqual(await page.evaluate(() => window.__seenEarly), []);
  assert.equal(await page.evaluate(() => playground.state().epoch), 0);
  await page.close();
});
