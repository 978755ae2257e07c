// Hosts: the playground inside a realistic blog post (tests/e2e/fixtures/blog:
// a theme with large type and a 700-px column, a search box, a code block),
// the post at /posts/2026/backprop/ and dist/ copied to /playground/, as a
// static site generator lays it out. An element is a guest there: it never
// touches the post's address or the full page's kept session, and its keys
// act only while the focus is in it, never in a text field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { serve, launch, shot } from "./harness.mjs";
import { waitFor, acrossFrames } from "./wait.mjs";
import { BlogPost } from "./element.mjs";

const repo = new URL("../../", import.meta.url).pathname;
const POST = "posts/2026/backprop/?ref=rss#title";
/** What the full page keeps; a guest must leave it exactly as it was. */
const PAGE_KEY = "backprop-playground/session";

/** The policy of a strict blog host: nothing inline, nothing from elsewhere. */
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let site, strict, context;
before(async () => {
  const dir = await mkdtemp(join(tmpdir(), "bpp-blog-"));
  await cp(join(repo, "tests/e2e/fixtures/blog"), dir, { recursive: true });
  await cp(process.env.PLAYGROUND_DIST ?? join(repo, "dist"), join(dir, "playground"), { recursive: true });
  site = await serve(dir);
  strict = await serve(dir, { "content-security-policy": STRICT });
  context = await launch();
});
after(async () => { await context.close(); await site.close(); await strict.close(); });

/** The post, with a kept full-page session planted first (as a reader who used the full page has). */
async function openPost(server = site) {
  const page = await context.newPage();
  await page.goto(new URL("/fresh-start-of-a-test", server.url).href);
  await page.evaluate((key) => { localStorage.clear(); localStorage.setItem(key, "the reader's own session"); }, PAGE_KEY);
  await page.close();
  return BlogPost.open(context, server.url + POST);
}

/**
 * The post's storage keys, but the iframe's own (the post's iframe is a
 * host of its own, keeping its session under its own key when it likes).
 */
const postKeys = () => Object.keys(localStorage).filter((k) => !k.startsWith("backprop-playground/embed")).sort();

/**
 * Adds a `<backprop-playground>` with these attributes to the post: at its
 * top, scrolled into view (an element out of view draws nothing), or with
 * `{ at: "end" }` below everything, out of view.
 */
const addElement = (page, id, attributes, { at = "top" } = {}) => page.evaluate(([id, attributes, at]) => {
  const el = document.createElement("backprop-playground");
  el.id = id;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  const main = document.querySelector("main");
  if (at === "end") {
    main.append(el);
  } else {
    main.prepend(el);
    el.scrollIntoView();
  }
}, [id, attributes, at]);

/** The address, history length and storage of the post, to compare before and after. */
const hostState = (page) => page.evaluate(() => ({
  href: location.href,
  history: history.length,
  storage: Object.fromEntries(Object.keys(localStorage).filter((k) => !k.startsWith("backprop-playground/embed"))
    .map((k) => [k, localStorage.getItem(k)])),
}));

test("an element never changes the post's address, history or the full page's kept session", async () => {
  const post = await openPost();
  const { page } = post;
  const el = post.element("or-gate");
  const start = await hostState(page);
  assert.equal(start.href, site.url + POST);
  const unchanged = async (what) => {
    // Counted frames: the page's own address is rewritten within 100 ms of a
    // change, so 30 frames would show any write an element made.
    const [, after] = await acrossFrames(page, () => hostState(page), 30);
    assert.deepEqual(after, start, `after ${what}`);
  };
  await page.locator("#or-gate #step").click();
  assert.equal((await el.summary()).epoch, 1);
  await unchanged("Step");
  await page.locator("#or-gate #play").click();
  await waitFor(() => el.summary(), (s) => s.epoch > 3, { what: "it plays" });
  await page.locator("#or-gate #play").click();
  await unchanged("Play and Pause");
  // (The element is 420 px tall and scrolls inside: the canvas into view first.)
  await page.locator("#or-gate #data-canvas").scrollIntoViewIfNeeded();
  const box = await page.locator("#or-gate #data-canvas").boundingBox();
  const before = (await el.call("state")).points.length;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  assert.equal((await el.call("state")).points.length, before + 1, "a click adds a point");
  await unchanged("a click on the data");
  await page.locator("#or-gate #lesson-select").selectOption("neuron");
  assert.equal((await el.summary()).config.lesson, "neuron");
  await unchanged("a lesson change");
  await el.call("startFresh");
  assert.equal((await el.summary()).config.lesson, null);
  await unchanged("Start fresh");
  assert.deepEqual(await post.violations(), []);
  assert.deepEqual(post.problems, []);
  await post.close();
});

test("keys typed into an element's fields are text; shortcuts act only with the focus in the element", async () => {
  const post = await openPost();
  const { page } = post;
  const free = post.element("free");
  const orGate = post.element("or-gate");
  const epochs = async () => [(await free.summary()).epoch, (await orGate.summary()).epoch];
  const rate = page.locator("#free #learning-rate");
  for (const text of ["1.5", "1e-3"]) {
    await rate.fill("");
    await rate.pressSequentially(text);
    assert.equal(await rate.inputValue(), text);
  }
  await page.locator("#free #graph-mode summary").click();
  const formula = page.locator("#free #graph-formula");
  await formula.fill("");
  await formula.pressSequentially("exp(x) + 2*x^2 + 1 r");
  assert.equal(await formula.inputValue(), "exp(x) + 2*x^2 + 1 r");
  // The post's own search box: its keys are the post's, no playground's.
  await page.locator("#search").pressSequentially("r 1 2 e");
  assert.equal(await page.locator("#search").inputValue(), "r 1 2 e");
  assert.deepEqual(await epochs(), [0, 0], "no key trained or reset anything");
  const [seen, now] = await acrossFrames(page, epochs, 10);
  assert.deepEqual(now, seen, "nor started playing");
  // Space and Enter on a focused button press just that button; its arrows are its own.
  await page.locator("#free #step").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  let s = await free.summary();
  assert.deepEqual([s.epoch, s.running], [2, false], "Space and Enter stepped once each, no Play, → nothing");
  // A shortcut with the focus inside this element acts on it alone.
  await orGate.step();
  await page.keyboard.press("r");
  assert.deepEqual(await epochs(), [0, 1]);
  assert.deepEqual(post.problems, []);
  await shot(page, "hosts-blog-typed");
  await post.close();
});

test("an element with persist= keeps its session under its own key; without it, nothing", async () => {
  const post = await openPost();
  const { page } = post;
  const add = (id, persist) => addElement(page, id, { persist, controls: "step" });
  await add("kept", "post-1");
  await post.ready();
  const key = "backprop-playground/element/post-1";
  const kept = () => page.evaluate((k) => localStorage.getItem(k), key);
  const first = await waitFor(kept, (v) => v !== null, { what: "the element's kept session" });
  await post.element("kept").call("setConfig", { learningRate: 0.5 });
  await waitFor(kept, (v) => v !== first, { what: "the change kept" });
  await add("again", "post-1");
  await post.ready();
  assert.equal((await post.element("again").summary()).config.learningRate, 0.5, "the same key continues the session");
  assert.deepEqual(await page.evaluate(postKeys), [key, PAGE_KEY]);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), PAGE_KEY), "the reader's own session");
  // Out of view it draws and trains nothing, but what a script changes is kept at once.
  await addElement(page, "below", { persist: "post-2", controls: "step" }, { at: "end" });
  await post.ready();
  const below = post.element("below");
  assert.ok(await page.evaluate(() => document.getElementById("below").getBoundingClientRect().top > innerHeight), "it is out of view");
  const keptBelow = () => page.evaluate(() => localStorage.getItem("backprop-playground/element/post-2"));
  const keptAtStart = await keptBelow();
  assert.notEqual(keptAtStart, null, "kept from the start");
  await below.call("setConfig", { learningRate: 0.25 });
  assert.notEqual(await keptBelow(), keptAtStart, "the change is kept while out of view");
  assert.ok((await below.frames()) <= 1, "and it drew nothing past its first frame");
  await post.close();
});

test("an element with persist= and a lesson or data set continues the kept session over its attributes", async () => {
  const post = await openPost();
  const { page } = post;
  // Applying lesson= or dataset= used to keep their fresh session first,
  // overwriting the reader's before it was read.
  for (const [name, attributes] of [["lesson", { lesson: "or-gate" }], ["dataset", { dataset: "xor", network: "4" }]]) {
    const add = (id) => addElement(page, id, { ...attributes, persist: `with-${name}`, controls: "step" });
    await add(`${name}-1`);
    await post.ready();
    const first = post.element(`${name}-1`);
    await first.call("setConfig", { learningRate: 0.5 });
    await first.call("addPoint", 1, 1, 1);
    const points = await page.evaluate((id) => document.getElementById(id).playground.state().points, `${name}-1`);
    await page.evaluate((id) => document.getElementById(id).remove(), `${name}-1`);
    await add(`${name}-2`);
    await post.ready();
    const again = post.element(`${name}-2`);
    assert.equal((await again.summary()).config.learningRate, 0.5, `${name}: the kept learning rate`);
    assert.deepEqual(await page.evaluate((id) => document.getElementById(id).playground.state().points, `${name}-2`), points, `${name}: the kept points`);
  }
  assert.deepEqual(post.problems, []);
  await post.close();
});

test("an ?embed=1 iframe starts as its snippet says, keeps a session only under its persist= name, and keeps embed=1", async () => {
  const root = await serve();
  const page = await context.newPage();
  const snippet = "?embed=1&controls=step,reset,lesson&lesson=or-gate";
  const open = async (query) => {
    await page.goto(root.url + query);
    await page.waitForFunction(() => typeof window.playground?.state === "function");
  };
  const rate = () => page.evaluate(() => playground.state().config.learningRate);
  const keys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k !== "backprop-playground/session").sort());
  try {
    await page.goto(root.url + "fresh-start-of-a-test");
    await page.evaluate((key) => { localStorage.clear(); localStorage.setItem(key, "the reader's own session"); }, PAGE_KEY);
    await open(snippet);
    assert.equal(await page.evaluate(() => playground.state().message), null, "the full page's session was not read");
    const start = await rate();
    await page.evaluate(() => playground.setConfig({ learningRate: 0.5 }));
    const url = await waitFor(() => page.url(), (u) => u.includes("#state="), { what: "its own address" });
    assert.match(url, /\?embed=1&controls=step,reset,lesson&lesson=or-gate#state=/);
    await page.evaluate(() => playground.lesson("neuron"));
    await waitFor(() => page.url(), (u) => /\?embed=1&controls=step,reset,lesson&lesson=neuron/.test(u), { what: "embed=1 kept across a lesson change" });
    assert.deepEqual(await keys(), [], "without persist= nothing is kept");
    // The same snippet again (another post, another iframe): the snippet's start, not the other one's changes.
    await open(snippet);
    assert.equal(await rate(), start);
    // With persist=, under its own name, and the next visit continues it.
    await open(snippet + "&persist=post-1");
    await page.evaluate(() => playground.setConfig({ learningRate: 0.5 }));
    await waitFor(keys, (k) => k.includes("backprop-playground/embed/post-1"), { what: "the iframe's kept session" });
    await open(snippet + "&persist=post-1");
    assert.equal(await rate(), 0.5);
    assert.deepEqual(await keys(), ["backprop-playground/embed/post-1"]);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), PAGE_KEY), "the reader's own session");
  } finally {
    await page.close();
    await root.close();
  }
});

test("Copy link in an element or an iframe gives the full page with that playground's state, not the post's address", async () => {
  const post = await openPost();
  const { page } = post;
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.url).origin });
  await addElement(page, "shared", { dataset: "xor", controls: "share" });
  await post.ready();
  await post.element("shared").call("setConfig", { learningRate: 0.5 });
  const before = await hostState(page);
  await page.locator("#shared #share-panel summary").click();
  await page.locator("#shared #copy-link").click();
  await waitFor(() => page.locator("#shared #copy-link").innerText(), (t) => t === "Copied", { what: "Copied" });
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, new RegExp(`^${site.url}playground/#state=[A-Za-z0-9_-]+$`), link);
  assert.deepEqual(await hostState(page), before, "the post's address is untouched");
  // The link opens the full page with the element's session.
  const full = await context.newPage();
  await full.goto(link);
  await full.waitForFunction(() => typeof window.playground?.state === "function");
  const { config } = await full.evaluate(() => playground.state());
  assert.deepEqual([config.dataset, config.learningRate], ["xor", 0.5]);
  // An iframe's link is the full page too, without its embed query.
  await full.goto(site.url + "playground/?embed=1&controls=share,step&lesson=or-gate");
  await full.waitForFunction(() => typeof window.playground?.state === "function");
  await full.evaluate(() => playground.setConfig({ learningRate: 0.25 }));
  await full.locator("#share-panel summary").click();
  await full.locator("#copy-link").click();
  await waitFor(() => full.locator("#copy-link").innerText(), (t) => t === "Copied", { what: "Copied" });
  const frameLink = await full.evaluate(() => navigator.clipboard.readText());
  assert.match(frameLink, new RegExp(`^${site.url}playground/#state=[A-Za-z0-9_-]+$`), frameLink);
  await full.goto(frameLink);
  await full.waitForFunction(() => typeof window.playground?.state === "function");
  const opened = await full.evaluate(() => playground.state().config);
  assert.deepEqual([opened.lesson, opened.learningRate], ["or-gate", 0.25]);
  assert.equal(await full.locator("#playground-root.embedded").count(), 0, "the full page, not the embed");
  await full.close();
  await post.close();
});

test("under the strict CSP at /playground/, the post's elements and iframe are styled and train, with no violations", async () => {
  const post = await openPost(strict);
  const { page } = post;
  const el = post.element("or-gate");
  // Styled: the playground's own stylesheet reached the shadow root (its
  // panels are laid out as a grid, not stacked as unstyled blocks).
  assert.equal(await page.locator("#or-gate #playground-root").evaluate((m) => getComputedStyle(m).display), "grid");
  await page.locator("#or-gate #step").click();
  assert.equal((await el.summary()).epoch, 1);
  const frame = page.frameLocator("#frame");
  await frame.locator('#playground-root[data-ready="true"]').waitFor({ state: "attached" });
  await frame.getByRole("button", { name: /Step one epoch/ }).click();
  await waitFor(() => frame.locator("#epoch").textContent(), (t) => t === "Epoch 1", { what: "the iframe steps" });
  assert.deepEqual(await post.violations(), []);
  assert.deepEqual(post.problems, []);
  await shot(page, "hosts-blog-strict-csp");
  await post.close();
});

test("the full page under the strict CSP at a sub-path loads and trains; a missing wasm is named there too", async () => {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  await page.goto(strict.url + "playground/");
  await page.waitForFunction(() => typeof window.playground?.state === "function");
  await page.evaluate(() => playground.step());
  assert.equal(await page.evaluate(() => playground.state().epoch), 1);
  assert.deepEqual(problems, []);
  await page.route("**/playground/playground_bg.wasm", (r) => r.fulfill({ status: 404, body: "not found" }));
  await page.goto(strict.url + "playground/?x=1");
  const fatal = page.locator("#fatal");
  await fatal.waitFor({ state: "visible" });
  assert.match(await fatal.textContent(), /^The playground could not load \(.*404/);
  await page.close();
});

for (const width of [1280, 360]) {
  test(`at a ${width}-px window the elements stay inside the 700-px column, height="420" is 420 px, the theme's type stays out`, async () => {
    const post = await openPost();
    const { page } = post;
    await page.setViewportSize({ width, height: 900 });
    await post.ready();
    const boxes = await page.evaluate(() => {
      const column = document.querySelector("main.column");
      const c = column.getBoundingClientRect();
      const pad = parseFloat(getComputedStyle(column).paddingLeft);
      return [...document.querySelectorAll("backprop-playground")].map((el) => {
        const r = el.getBoundingClientRect();
        const inner = el.shadowRoot.querySelector("main");
        return {
          id: el.id, left: r.left - (c.left + pad), right: c.right - pad - r.right, height: r.height,
          // Content wider than the element would be cut off by the theme's overflow: hidden.
          spill: inner.scrollWidth - inner.clientWidth,
          font: getComputedStyle(inner).fontSize,
          line: getComputedStyle(inner).lineHeight,
          label: getComputedStyle(el.shadowRoot.querySelector("label")).fontSize,
        };
      });
    });
    for (const b of boxes) {
      assert.ok(b.left >= -0.5 && b.right >= -0.5, `${b.id} inside the column: ${JSON.stringify(b)}`);
      assert.ok(b.spill <= 1, `${b.id}'s content fits its width: ${JSON.stringify(b)}`);
      assert.deepEqual([b.font, b.line, b.label], ["16px", "normal", "14.4px"], `${b.id}: its own type, not the theme's 18 px / 1.8`);
    }
    const orGate = boxes.find((b) => b.id === "or-gate");
    assert.ok(Math.abs(orGate.height - 420) <= 2, `height="420": ${orGate.height}`);
    await shot(page, `hosts-blog-${width}`);
    await post.close();
  });
}

test("bad height and controls attributes are named on the element's message line", async () => {
  const post = await openPost();
  const { page } = post;
  for (const [id, height] of [["px", "420px"], ["vh", "50vh"], ["huge", "1e9"]]) {
    await addElement(page, id, { height, controls: "step,junk,<b>" });
    await post.ready();
    const { message } = await post.element(id).summary();
    assert.ok(message.includes(`height "${height}" should be a number of CSS pixels`), message);
    assert.match(message, /like height="420"/);
    assert.match(message, /no control named "junk", "<b>"/);
    assert.equal(await page.evaluate((id) => document.getElementById(id).shadowRoot.querySelectorAll("main b").length, id), 0);
  }
  await post.close();
});

test("views= and controls= choose what an element shows; an unknown view is named", async () => {
  const post = await openPost();
  const { page } = post;
  const shown = (id, selector) => page.locator(`#${id} ${selector}`).isVisible();
  // Added in view, and waited for until its first frame is drawn: panels
  // left empty are hidden as the controls are first shown, which comes
  // after the element's API object exists (what post.ready() waits for).
  const add = async (id, attributes) => {
    await addElement(page, id, attributes);
    await page.locator(`#${id} main[data-ready="true"]`).waitFor({ state: "attached" });
  };
  // The default: the data, the network and the loss curve, and two buttons.
  await add("plain", { controls: "step,reset" });
  await post.ready();
  for (const [selector, visible] of [["#data-canvas", true], ["#network-canvas", true], ["#loss-canvas", true],
    ["#step", true], ["#reset", true], ["#play", false], ["#inspector", false], ["#tool-erase", false], ["#phase-next", false],
    ["#data-title", false]]) {
    assert.equal(await shown("plain", selector), visible, `plain ${selector}`);
  }
  await add("chosen", { controls: "tools,phases", views: "data,inspector,nonsense" });
  await post.ready();
  for (const [selector, visible] of [["#data-canvas", true], ["#network-canvas", false], ["#loss-canvas", false],
    ["#inspector", true], ["#tool-erase", true], ["#phase-next", true]]) {
    assert.equal(await shown("chosen", selector), visible, `chosen ${selector}`);
  }
  assert.match((await post.element("chosen").summary()).message, /views: no view named "nonsense"/);
  // A panel with nothing shown is no empty box; one whose views are all hidden has no heading.
  await add("lean", { controls: "step,features", views: "data" });
  await post.ready();
  for (const [selector, visible] of [["#data-canvas", true], ["#output-title", true], ["#features", true],
    ["#network-title", false], ["#data-title", false], ["#loss-canvas", false]]) {
    assert.equal(await shown("lean", selector), visible, `lean ${selector}`);
  }
  await add("network-only", { controls: "step", views: "network" });
  await post.ready();
  for (const [selector, visible] of [["#network-canvas", true], ["#network-title", true],
    ["#output-title", false], ["#train-loss", false], ["#data-title", false]]) {
    assert.equal(await shown("network-only", selector), visible, `network-only ${selector}`);
  }
  await post.close();
});

test("100 elements mounted and removed leave the animation callbacks and wasm memory where one puts them", async () => {
  const page = await context.newPage();
  // Counts every requestAnimationFrame call the page makes.
  await page.addInitScript(() => {
    window.__rafCalls = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__rafCalls++; return raf(cb); };
  });
  await page.goto(site.url + POST);
  await page.waitForFunction(() => [...document.querySelectorAll("backprop-playground")].every((el) => el.playground));
  /** Mounts `n` elements one after another, each removed once it is ready; returns the wasm memory in bytes. */
  const churn = (n) => page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) {
      const el = document.createElement("backprop-playground");
      el.setAttribute("dataset", "spiral");
      el.setAttribute("network", "8,8");
      document.querySelector("main").prepend(el);
      await new Promise((r) => (el.playground ? r() : el.addEventListener("ready", r, { once: true })));
      // A frame or two drawn (and the heatmaps allocated) before it goes.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      el.remove();
    }
    const wasm = await (await import("/playground/playground.js")).default();
    return wasm.memory.buffer.byteLength;
  }, n);
  const one = await churn(1);
  const fifty = await churn(49);
  const hundred = await churn(50);
  /** rAF calls per frame over 30 frames, not counting the counter's own. */
  const perFrame = await page.evaluate(() => new Promise((done) => {
    const start = window.__rafCalls;
    let frames = 30;
    const tick = () => (--frames <= 0 ? done((window.__rafCalls - start - 30) / 30) : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }));
  // The post's two elements each ask for every frame; the removed ones none.
  assert.ok(perFrame <= 2.1, `animation callbacks per frame with 2 elements left: ${perFrame}`);
  // A removed element gives back everything it held (its listeners, API and
  // frame loop held it only weakly), so memory stays where the first ones
  // put it: the last 50 add nothing (it grows in 64 KiB pages: at most one),
  // and the first 50 at most the allocator's few pages of high water. (Before,
  // each removed element kept ~133 KB: 6.5 MB per 50.)
  console.log(`wasm memory after 1 element: ${one} bytes, after 50: ${fifty}, after 100: ${hundred}; ${perFrame} callbacks per frame`);
  assert.ok(hundred - fifty <= 65536, `wasm memory after 50: ${fifty} bytes, after 100: ${hundred}`);
  assert.ok(fifty - one <= 4 * 65536, `wasm memory after 1: ${one} bytes, after 50: ${fifty}`);
  await page.close();
});
