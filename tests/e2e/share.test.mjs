// Links, the kept session, export and import — and hostile input in all of them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

const seven = [[0.123456789, 2], [-3.3, 1.7], [4, -4.4], [-1, -1], [2.5, 2.5], [-4.9, 3.1], [1, -2.2]];

test("a link with 7 clicked points reproduces them and the same loss after 50 epochs", async () => {
  const p = await browser.openPlayground();
  // One change (the address is rewritten at most every 100 ms, so a
  // second change right after the first would reach it a little later).
  await p.page.evaluate((pts) => {
    playground.clearPoints();
    pts.forEach(([x, y], i) => playground.addPoint(x, y, i % 2));
  }, seven);
  const link = await waitFor(() => p.page.url(), (u) => u.includes("#state="), { what: "the link" });
  assert.match(link, /#state=[A-Za-z0-9_-]+$/);
  await p.stepMany(50);
  const original = await p.summary();
  const points = await p.points();
  const q = await browser.openPlayground(undefined, link.slice(link.indexOf("#")));
  assert.deepEqual(await q.points(), points);
  await q.stepMany(50);
  assert.equal((await q.summary()).trainLoss, original.trainLoss, "the same run, bit for bit");
  await shot(q.page, "shared-link");
  await p.page.close();
  await q.page.close();
});

test("reload keeps the session; Start fresh forgets it", async () => {
  const p = await browser.openPlayground();
  await p.setConfig({ dataset: "spiral", hidden: [6, 6], learningRate: 0.1 });
  await p.page.evaluate(() => playground.addPoint(1.5, 1.5, 1));
  await p.frames(2);
  await p.page.goto(p.page.url().split("#")[0].split("?")[0]); // a bare address: only storage remembers
  await p.page.waitForSelector('#playground-root[data-ready="true"]');
  const c = (await p.summary()).config;
  assert.deepEqual([c.dataset, c.hidden, c.learningRate], ["spiral", [6, 6], 0.1]);
  assert.ok((await p.points()).some((pt) => pt.x === 1.5 && pt.y === 1.5));
  await p.page.locator("#share-panel summary").click();
  await p.page.getByRole("button", { name: /Start fresh/ }).click();
  await waitFor(() => p.summary(), (s) => s.config.dataset === "circle", { what: "defaults" });
  await p.page.reload();
  await p.page.waitForSelector('#playground-root[data-ready="true"]');
  assert.equal((await p.summary()).config.dataset, "circle");
  await p.page.close();
});

test("export → import gives back the identical state, weights included", async () => {
  const p = await browser.openPlayground();
  await p.setConfig({ dataset: "moons", hidden: [5] });
  await p.stepMany(20);
  const exported = await p.page.evaluate(() => playground.exportState());
  const q = await browser.openPlayground();
  await q.page.evaluate((json) => playground.importState(json), exported);
  assert.equal(await q.page.evaluate(() => playground.exportState()), exported);
  assert.deepEqual(await q.page.evaluate(() => playground.params()), await p.page.evaluate(() => playground.params()));
  await q.page.evaluate(() => playground.importPointsCsv("x,y,label\n1,2,1\n-1,-2,0\n"));
  assert.deepEqual((await q.points()).map((pt) => [pt.x, pt.y, pt.label]), [[1, 2, 1], [-1, -2, 0]]);
  const bad = await q.page.evaluate(() => { try { playground.importPointsCsv("1,2,3\n4,<img src=x>,0"); } catch (e) { return e.message; } });
  assert.match(bad, /line 2: "<img src=x>" is not a number/);
  await p.page.close();
  await q.page.close();
});

test("malformed links show a specific message and fall back to the defaults", async () => {
  for (const [fragment, words] of [
    ["#state=@@@", /does not belong at position 1/],
    ["#state=e30", /missing field|unknown|invalid/], // base64url of "{}"
    ["#state=" + Buffer.from('{"version":1,"config":{"learningRate":-5}}').toString("base64url"), /learning rate/],
    ["#state=" + Buffer.from('{"version":9,"config":{}}').toString("base64url"), /version 9/],
  ]) {
    const p = await browser.openPlayground(undefined, "?" + fragment);
    const message = await p.page.locator("#message").innerText();
    assert.match(message, /The link could not be read/);
    assert.match(message, words, message);
    assert.equal((await p.summary()).config.dataset, "circle");
    await p.page.close();
  }
});

test("XSS payloads in every URL parameter execute nothing and inject nothing", async () => {
  const payloads = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "\"><svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
  ];
  for (const payload of payloads) {
    const states = [
      { version: 1, config: { dataset: payload } },
      { version: 1, config: { lesson: payload } },
      { version: 1, config: {}, points: [{ x: 0, y: 0, label: 0, split: payload }] },
    ];
    const addresses = [
      `?lesson=${encodeURIComponent(payload)}`,
      ...states.map((s) => `?#state=${Buffer.from(JSON.stringify(s)).toString("base64url")}`),
    ];
    for (const address of addresses) {
      const p = await browser.openPlayground(undefined, address);
      let dialog = false;
      p.page.on("dialog", async (d) => { dialog = true; await d.dismiss(); });
      await p.frames(2);
      assert.equal(await p.page.evaluate(() => window.__xss), undefined, address);
      assert.equal(await p.page.locator("main img, main svg, main script").count(), 0, address);
      assert.equal(dialog, false);
      assert.ok(await p.page.locator("#message").isVisible(), `a message for ${address}`);
      await p.page.close();
    }
  }
});

test("payloads in the embed and controls parameters, and a malformed kept session, are handled", async () => {
  const payload = encodeURIComponent("<img src=x onerror=window.__xss=1>");
  const p = await browser.openPlayground(undefined, `?embed=1&controls=${payload}`);
  await p.frames(2);
  assert.equal(await p.page.evaluate(() => window.__xss), undefined);
  assert.equal(await p.page.locator("main img").count(), 0);
  // A kept session that is not ours: a message, the defaults, and it is forgotten.
  await p.page.evaluate(() => localStorage.setItem("backprop-playground/session", '{"version":1,"config":{"hidden":[0]}}'));
  await p.page.goto(p.page.url().split("?")[0]);
  await p.page.waitForSelector('#playground-root[data-ready="true"]');
  assert.match(await p.page.locator("#message").innerText(), /saved session could not be restored .*1 to 64 units/);
  assert.equal((await p.summary()).config.dataset, "circle");
  assert.deepEqual((await p.summary()).config.hidden, [4, 2]);
  await p.page.close();
});

test("an imported file that is not a state says so and changes nothing", async () => {
  const p = await browser.openPlayground();
  const before = await p.page.evaluate(() => playground.exportState());
  for (const [text, words] of [["not json", /not valid JSON/], ['{"version":1,"config":{"speed":0}}', /speed/], ['{"version":1,"config":{},"extra":1}', /unknown field `extra`/]]) {
    const message = await p.page.evaluate((t) => { try { playground.importState(t); return "accepted"; } catch (e) { return e.message; } }, text);
    assert.match(message, words);
  }
  assert.equal(await p.page.evaluate(() => playground.exportState()), before);
  await p.page.close();
});
