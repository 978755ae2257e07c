// Faults: the wasm or its JS glue failing to load, a browser without
// WebAssembly, scripts turned off, and a bug (the panicForTesting() fault
// drill) — in the full page and in <backprop-playground> elements. Each must
// leave text a reader can act on, never a blank box or a frozen page, so the
// assertions are on the visible text. harness.open() waits for the app to be
// ready, which these pages never are, so most tests navigate by themselves.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, open, shot } from "./harness.mjs";
import { waitFor, animationFrames, acrossFrames } from "./wait.mjs";
import { BlogPost, POST_ELEMENTS } from "./element.mjs";

let server, context;
before(async () => {
  server = await serve();
  context = await launch();
});
after(async () => { await context.close(); await server.close(); });

/**
 * A new tab at `path` after `setup(page)` (routes, init scripts); collects
 * uncaught errors and unhandled rejections. Does not wait for the app.
 */
async function visit(path, setup = async () => {}) {
  const page = await context.newPage();
  const uncaught = [];
  page.on("pageerror", (e) => uncaught.push(e.message));
  await setup(page);
  await page.goto(server.url + path, { waitUntil: "domcontentloaded" });
  return { page, uncaught };
}

/** Serves `file` as a 404 (it is missing on the server). */
const missing = (file) => (page) => page.route(`**/${file}`, (r) => r.fulfill({ status: 404, contentType: "text/plain", body: "not found" }));
/** A browser without WebAssembly, as old ones are (or with it turned off). */
const withoutWasm = (page) => page.addInitScript(() => { delete window.WebAssembly; });

/** The page's #fatal box once it shows, and its text. */
async function fatalText(page) {
  const box = page.locator("#fatal");
  await box.waitFor({ state: "visible", timeout: 15000 });
  return box.textContent();
}

/** Asserts what a reader of the full page sees when it cannot load. */
async function assertPageFailed(page, uncaught, reason, name) {
  const text = await fatalText(page);
  assert.match(text, /^The playground could not load \(/);
  assert.match(text, reason);
  assert.match(text, /Reload the page/);
  assert.equal(await page.getByText("Loading the playground…").isVisible(), false, "the loading line is replaced");
  assert.equal(await page.getByRole("button", { name: /Step one epoch/ }).isVisible(), false, "no dead controls");
  assert.equal(await page.locator("#playground-root").getAttribute("data-ready"), "false");
  assert.deepEqual(uncaught, []);
  await shot(page, name);
  await page.close();
}

test("page: the loading line shows until the app starts, then goes", async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const { page, uncaught } = await visit("", (p) => p.route("**/playground_bg.wasm", async (r) => { await held; await r.continue(); }));
  const loading = page.getByText("Loading the playground…");
  await loading.waitFor({ state: "visible" });
  release();
  await page.waitForSelector('#playground-root[data-ready="true"]', { timeout: 30000 });
  assert.equal(await loading.isVisible(), false);
  assert.equal(await page.locator("#fatal").isVisible(), false);
  assert.deepEqual(uncaught, []);
  await page.close();
});

test("page: the .wasm missing (404) says so instead of a blank page", async () => {
  const { page, uncaught } = await visit("", missing("playground_bg.wasm"));
  await assertPageFailed(page, uncaught, /404/, "fault-page-wasm-404");
});

test("page: a .wasm that does not compile says so", async () => {
  const { page, uncaught } = await visit("", (p) => p.route("**/playground_bg.wasm",
    (r) => r.fulfill({ status: 200, contentType: "application/wasm", body: "this is not WebAssembly" })));
  await assertPageFailed(page, uncaught, /WebAssembly|magic/, "fault-page-wasm-broken");
});

test("page: its JS glue (playground.js) missing says so", async () => {
  const { page, uncaught } = await visit("", missing("playground.js"));
  await assertPageFailed(page, uncaught, /its script did not load/, "fault-page-glue-404");
});

test("page: a browser without WebAssembly says so", async () => {
  const { page, uncaught } = await visit("", withoutWasm);
  await assertPageFailed(page, uncaught, /this browser has no WebAssembly/, "fault-page-no-wasm");
});

test("page: with scripts off, only the noscript message shows", async () => {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await page.goto(server.url);
  // (Playwright's text locators skip <noscript>, so this one is by tag.)
  const note = page.locator("noscript p");
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /^The playground needs JavaScript and WebAssembly/);
  assert.equal(await page.getByText("Loading the playground…").isVisible(), false);
  assert.equal(await page.getByRole("button", { name: /Step one epoch/ }).isVisible(), false, "no dead controls");
  await shot(page, "fault-page-noscript");
  await page.close();
});

/** The text each element of the example post shows once it has given up. */
async function elementTexts(page) {
  await page.waitForFunction((ids) => ids.every((id) => document.getElementById(id)?.textContent.includes("could not load")), POST_ELEMENTS, { timeout: 15000 });
  return Promise.all(POST_ELEMENTS.map((id) => new BlogPost(page).element(id).host.textContent()));
}

async function assertElementsFailed(setup, reason, name) {
  const { page, uncaught } = await visit("examples/blog-post.html", setup);
  for (const text of await elementTexts(page)) {
    assert.match(text, /^This playground could not load \(/);
    assert.match(text, reason);
    assert.match(text, /it needs WebAssembly and its files next to backprop-playground\.js/);
  }
  assert.equal(await page.locator("#or-gate").isVisible(), true);
  assert.deepEqual(uncaught, []);
  await shot(page, name);
  await page.close();
}

test("element: the .wasm missing (404) makes every element say so", async () => {
  await assertElementsFailed(missing("playground_bg.wasm"), /404/, "fault-element-wasm-404");
});

test("element: its JS glue (playground.js) missing makes every element say so", async () => {
  await assertElementsFailed(missing("playground.js"), /playground\.js|import|module/i, "fault-element-glue-404");
});

test("element: a browser without WebAssembly makes every element say so", async () => {
  await assertElementsFailed(withoutWasm, /this browser has no WebAssembly/, "fault-element-no-wasm");
});

test("element: a failed load with no element yet is no unhandled rejection; one added later says why", async () => {
  let wasm404;
  const { page, uncaught } = await visit("bare.html", async (p) => {
    await missing("playground_bg.wasm")(p);
    wasm404 = p.waitForResponse((r) => r.url().endsWith("/playground_bg.wasm") && r.status() === 404);
    // A page that loads the element's script but has no element (yet).
    await p.route("**/bare.html", (r) => r.fulfill({ contentType: "text/html",
      body: '<!doctype html><link rel="icon" href="data:,"><script type="module" src="/backprop-playground.js"></script><p>text</p>' }));
  });
  await page.waitForFunction(() => customElements.get("backprop-playground"));
  // The load fails (the .wasm's 404 is served) with no element to show it;
  // an unhandled rejection would be reported in the frames that follow.
  await wasm404;
  await animationFrames(page, 10);
  // An element added now says why at once — within a few promise jobs, no
  // task or frame in between — so the load had failed before it was added.
  const text = await page.evaluate(async () => {
    const element = document.body.appendChild(document.createElement("backprop-playground"));
    for (let i = 0; i < 20; i++) await null;
    return element.textContent;
  });
  assert.match(text, /could not load \(.*404/);
  assert.deepEqual(uncaught, []);
  await page.close();
});

/** Calls the fault drill; the panic reaches the caller as a trap, which is expected. */
const drill = (page, target) => page.evaluate((id) => {
  const api = id ? document.getElementById(id).playground : window.playground;
  try { api.panicForTesting(); } catch (e) { return String(e); }
  return "no panic";
}, target);

test("panic drill in the page: the message with the panic text, and the animation stops", async () => {
  const { page, problems } = await open(context, server.url);
  await page.evaluate(() => window.playground.play());
  const epoch = () => page.locator("#epoch").textContent();
  const before = await epoch();
  await waitFor(epoch, (t) => t !== before, { what: "training runs" });
  assert.notEqual(await drill(page), "no panic");
  const text = await fatalText(page);
  assert.match(text, /^Something went wrong — reload the page\./);
  assert.match(text, /panicForTesting\(\) was called \(a fault drill\)/);
  // Before the drill the read-out changed from frame to frame; now 30 frames pass without a change.
  const [stopped, later] = await acrossFrames(page, epoch, 30);
  assert.equal(later, stopped, "the epoch read-out stops changing");
  assert.ok(problems.some((p) => p.includes("Something went wrong")), "the panic is in the console for a bug report");
  await shot(page, "fault-page-panic");
  await page.close();
});

test("panic drill in an element: every element on the page shows the message, and stops", async () => {
  const { page } = await visit("examples/blog-post.html");
  const post = new BlogPost(page);
  await post.ready();
  // The post's script trains this one once it is in view.
  const scripted = post.element("scripted");
  await scripted.scrollIntoView();
  const before = await scripted.epochText();
  await waitFor(() => scripted.epochText(), (t) => t !== before, { what: "the scripted element trains" });
  assert.notEqual(await drill(page, "or-gate"), "no panic");
  for (const id of POST_ELEMENTS) {
    const box = post.element(id).fatal;
    await box.waitFor({ state: "visible" });
    const text = await box.textContent();
    assert.match(text, /^Something went wrong — reload the page\./, id);
    assert.match(text, /panicForTesting\(\) was called \(a fault drill\)/, id);
  }
  const [stopped, later] = await acrossFrames(page, () => scripted.epochText(), 30);
  assert.equal(later, stopped, "the scripted element's animation stops");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "fault-element-panic");
  await page.close();
});
