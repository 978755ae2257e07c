// Embedding: the custom element in a static blog post under a strict CSP,
// several per page, paused out of view; hostile attributes; the iframe mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, shot } from "./harness.mjs";
import { waitFor, animationFrames, acrossFrames } from "./wait.mjs";
import { BlogPost } from "./element.mjs";

const CSP = "script-src 'self' 'wasm-unsafe-eval'";
let server, context;
before(async () => {
  server = await serve(undefined, { "content-security-policy": CSP });
  context = await launch();
});
after(async () => { await context.close(); await server.close(); });

const openPost = () => BlogPost.open(context, server.url + "examples/blog-post.html");

test("the blog post shows working playgrounds under its CSP, with no violations", async () => {
  const post = await openPost();
  const [orGate, alice] = [post.element("or-gate"), post.element("alice")];
  assert.equal(await post.page.locator("backprop-playground").count(), 4);
  assert.equal((await orGate.summary()).config.lesson, "or-gate");
  assert.equal((await alice.summary()).config.lesson, "alice-gradient");
  // Each element is its own playground: stepping one leaves the others alone.
  await orGate.step();
  assert.equal((await orGate.summary()).epoch, 1);
  assert.equal((await alice.summary()).epoch, 0);
  // Its controls are only those its attribute names.
  assert.equal(await orGate.controlShown("learning-rate"), true);
  assert.equal(await orGate.controlShown("activation"), false);
  assert.equal(await orGate.controlShown("lesson"), false);
  assert.deepEqual(await post.violations(), []);
  assert.deepEqual(post.problems, []);
  await shot(post.page, "blog-post-top");
  await post.close();
});

test("a playground out of view does not animate; scrolled to, it runs and stops at stop-at", async () => {
  const post = await openPost();
  const [top, far] = [post.element("or-gate"), post.element("far")];
  // 60 frames in which the element in view draws every time and the one far
  // below (autoplay) draws none past its first.
  const [topBefore, farBefore] = [await top.frames(), await far.frames()];
  await animationFrames(post.page, 60);
  assert.ok((await top.frames()) - topBefore >= 59, "the element in view draws every frame");
  assert.equal(await far.frames(), farBefore, "no frames off-screen");
  assert.ok(farBefore <= 1, "no frames off-screen but the first");
  assert.equal((await far.summary()).epoch, 0, "autoplay waits until it is seen");
  await far.scrollIntoView();
  await waitFor(() => far.summary(), (s) => s.epoch > 0, { what: "it trains when visible" });
  const [seen, now] = await acrossFrames(post.page, () => top.frames(), 30);
  assert.equal(now, seen, "the first one, now out of view, stopped");
  const end = await waitFor(() => far.summary(), (s) => !s.running, { timeout: 20000, what: "stop-at 500" });
  assert.ok(end.epoch <= 500 && (end.epoch === 500 || end.diverged), JSON.stringify(end));
  await shot(post.page, "blog-post-far");
  await post.close();
});

test("the post's own script drives a playground through element.playground", async () => {
  const post = await openPost();
  const scripted = post.element("scripted");
  await scripted.scrollIntoView();
  const s = await waitFor(() => scripted.summary(), (s) => s.epoch > 20, { what: "the scripted one trains" });
  assert.deepEqual([s.config.dataset, s.config.hidden, s.config.learningRate], ["xor", [8], 0.1]);
  await post.close();
});

test("hostile attributes are text, not markup: a message, nothing injected or run", async () => {
  const post = await openPost();
  const { page } = post;
  const payload = "<img src=x onerror=window.__xss=1>";
  await page.evaluate((p) => {
    const el = document.createElement("backprop-playground");
    el.id = "hostile";
    for (const a of ["lesson", "dataset", "seed", "network", "controls", "stop-at", "height", "theme"]) el.setAttribute(a, p);
    document.querySelector("article").prepend(el);
  }, payload);
  await post.ready();
  const { message } = await post.element("hostile").summary();
  assert.match(message, /there is no lesson "<img src=x onerror=window.__xss=1>"/);
  assert.match(message, /dataset .* is not one of the data sets/);
  assert.match(message, /theme "<img src=x onerror=window.__xss=1>" is not "dark"/, "a theme other than dark is named, not ignored");
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.evaluate(() => document.getElementById("hostile").shadowRoot.querySelectorAll("main img").length), 0);
  assert.deepEqual(await post.violations(), []);
  await post.close();
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
