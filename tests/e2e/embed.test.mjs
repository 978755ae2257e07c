// Embedding: the custom element in a static blog post under a strict CSP,
// several per page, paused out of view; hostile attributes; the iframe mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, shot } from "./harness.mjs";
import { waitFor } from "./playground.mjs";

const CSP = "script-src 'self' 'wasm-unsafe-eval'";
let server, context;
before(async () => {
  server = await serve(undefined, { "content-security-policy": CSP });
  context = await launch();
});
after(async () => { await context.close(); await server.close(); });

async function openPost() {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url + "examples/blog-post.html");
  await page.waitForFunction(() => [...document.querySelectorAll("backprop-playground")].every((el) => el.playground));
  return { page, problems };
}

const stateOf = (page, id) => page.evaluate((id) => { const s = document.getElementById(id).playground.state(); delete s.points; return s; }, id);
const framesOf = (page, id) => page.evaluate((id) => document.getElementById(id).playground.metrics().frames, id);

test("the blog post shows working playgrounds under its CSP, with no violations", async () => {
  const { page, problems } = await openPost();
  assert.equal(await page.locator("backprop-playground").count(), 4);
  assert.equal((await stateOf(page, "or-gate")).config.lesson, "or-gate");
  assert.equal((await stateOf(page, "alice")).config.lesson, "alice-gradient");
  // Each element is its own playground: stepping one leaves the others alone.
  await page.evaluate(() => document.getElementById("or-gate").playground.step());
  assert.equal((await stateOf(page, "or-gate")).epoch, 1);
  assert.equal((await stateOf(page, "alice")).epoch, 0);
  // Its controls are only those its attribute names.
  const visible = (id, control) => page.evaluate(([id, c]) => {
    const el = document.getElementById(id).shadowRoot.querySelector(`[data-control="${c}"]`);
    return !!el && !el.hidden;
  }, [id, control]);
  assert.equal(await visible("or-gate", "learning-rate"), true);
  assert.equal(await visible("or-gate", "activation"), false);
  assert.equal(await visible("or-gate", "lesson"), false);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await shot(page, "blog-post-top");
  await page.close();
});

test("a playground out of view does not animate; scrolled to, it runs and stops at stop-at", async () => {
  const { page } = await openPost();
  await page.waitForTimeout(1200);
  assert.ok((await framesOf(page, "far")) <= 1, "no frames off-screen");
  assert.equal((await stateOf(page, "far")).epoch, 0, "autoplay waits until it is seen");
  await page.evaluate(() => document.getElementById("far").scrollIntoView());
  await waitFor(() => stateOf(page, "far"), (s) => s.epoch > 0, { what: "it trains when visible" });
  const seenFrames = await framesOf(page, "or-gate");
  await page.waitForTimeout(500);
  assert.equal(await framesOf(page, "or-gate"), seenFrames, "the first one, now out of view, stopped");
  const end = await waitFor(() => stateOf(page, "far"), (s) => !s.running, { timeout: 20000, what: "stop-at 500" });
  assert.ok(end.epoch <= 500 && (end.epoch === 500 || end.diverged), JSON.stringify(end));
  await shot(page, "blog-post-far");
  await page.close();
});

test("the post's own script drives a playground through element.playground", async () => {
  const { page } = await openPost();
  await page.evaluate(() => document.getElementById("scripted").scrollIntoView());
  const s = await waitFor(() => stateOf(page, "scripted"), (s) => s.epoch > 20, { what: "the scripted one trains" });
  assert.deepEqual([s.config.dataset, s.config.hidden, s.config.learningRate], ["xor", [8], 0.1]);
  await page.close();
});

test("hostile attributes are text, not markup: a message, nothing injected or run", async () => {
  const { page } = await openPost();
  const payload = "<img src=x onerror=window.__xss=1>";
  await page.evaluate((p) => {
    const el = document.createElement("backprop-playground");
    el.id = "hostile";
    for (const a of ["lesson", "dataset", "seed", "network", "controls", "stop-at", "height", "theme"]) el.setAttribute(a, p);
    document.querySelector("article").prepend(el);
  }, payload);
  await page.waitForFunction(() => document.getElementById("hostile").playground);
  const message = await page.evaluate(() => document.getElementById("hostile").playground.state().message);
  assert.match(message, /there is no lesson "<img src=x onerror=window.__xss=1>"/);
  assert.match(message, /dataset .* is not one of the data sets/);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.evaluate(() => document.getElementById("hostile").shadowRoot.querySelectorAll("main img").length), 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.close();
});

test("iframe mode: ?embed=1&controls= shows the page with just those controls", async () => {
  // The page itself, served as a site serves it (the CSP above is the blog's).
  const site = await serve();
  const page = await context.newPage();
  try {
    await page.goto(site.url + "?embed=1&controls=step,reset&lesson=or-gate");
    await page.waitForSelector('#playground-root[data-ready="true"]', { state: "attached" });
    await page.waitForFunction(() => document.querySelector("#playground-root").classList.contains("embedded"));
    assert.equal(await page.getByRole("button", { name: /Step one epoch/ }).isVisible(), true);
    assert.equal(await page.getByLabel("Lesson", { exact: true }).isVisible(), false);
    assert.equal(await page.getByLabel("Activation of every hidden layer").isVisible(), false);
    assert.equal(await page.locator("h1").isVisible(), false);
    await shot(page, "iframe-mode");
  } finally {
    await page.close();
    await site.close();
  }
});
