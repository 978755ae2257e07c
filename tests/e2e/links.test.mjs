// Links that carry clicked points: short, exact, forwarded as they are, and
// never losing a point on a reload; a link that differs from the kept session.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";

let sender;
let receiver; // another browser profile: no kept session, no shared storage
before(async () => { [sender, receiver] = await Promise.all([startBrowser(), startBrowser()]); });
after(async () => { await Promise.all([sender.close(), receiver.close()]); });

/** The address bar, once it holds a state other than `previous`. */
function newState(p, previous = "") {
  return waitFor(() => p.page.url(), (u) => u.includes("#state=") && u !== previous, { what: "a #state= in the address bar" });
}

/** The part of a link after the origin ("/#state=…"), to open on another server. */
const tail = (url) => url.slice(new URL(url).origin.length + 1);

/**
 * How many added points a link's state says it holds, read by this test's
 * own reading of the format (README, "Saving and sharing"): byte 2, the head's
 * length and the head, the runs of removed points, then the count added.
 */
function addedIn(url) {
  const hash = new URL(url).hash;
  if (!hash.startsWith("#state=")) return -1;
  const bytes = Buffer.from(hash.slice(7), "base64url");
  let at = 1;
  const varint = () => { let v = 0, shift = 0, b; do { b = bytes[at++]; v += (b & 127) * 2 ** shift; shift += 7; } while (b >= 128); return v; };
  const head = varint();
  at += head;
  for (let runs = varint(); runs > 0; runs--) { varint(); varint(); }
  return varint();
}

/** Opens `address` (a path and fragment) in `p`'s tab as a new page load. */
async function reopen(p, address) {
  const origin = new URL(p.page.url()).origin;
  await p.page.goto("about:blank");
  await p.page.goto(`${origin}/${address}`);
  await p.page.waitForSelector('#playground-root[data-ready="true"]');
}

/**
 * Opens `link` in the receiver's fresh profile and checks what it shows
 * against the sender's page: the same points bit for bit, the same starting
 * weights, the same loss after 10 Steps, and the link still in its address bar.
 */
async function opensTheSame(p, link) {
  const q = await receiver.openPlayground(undefined, tail(link));
  assert.deepEqual(await q.points(), await p.points(), "the same points, bit for bit");
  assert.deepEqual(await q.page.evaluate(() => playground.params()), await p.page.evaluate(() => playground.params()));
  await q.frames(3);
  assert.equal(tail(q.page.url()), tail(link), "the receiver's address bar still holds the link");
  await p.stepMany(10);
  await q.stepMany(10);
  assert.equal((await q.summary()).trainLoss, (await p.summary()).trainLoss, "the same run");
  return q;
}

test("one clicked point on the default set: a link under 300 characters that opens the same run elsewhere", async (t) => {
  const p = await sender.openPlayground({ width: 1280, height: 800 });
  assert.equal(new URL(p.page.url()).hash, "", "the defaults need no state");
  await p.clickData(0.7, 0.3);
  const link = await newState(p);
  assert.ok(link.length < 300, `${link.length} characters: ${link}`);
  t.diagnostic(`1 clicked point: the address is ${link.length} characters`);
  assert.equal((await p.points()).length, 251);
  const q = await opensTheSame(p, link);
  await shot(q.page, "link-one-point-receiver");
  // Forwarded on: a third profile (the sender's, storage cleared) gets the same.
  const r = await sender.openPlayground(undefined, tail(q.page.url()));
  assert.deepEqual(await r.points(), await q.points());
  for (const x of [p, q, r]) await x.page.close();
});

test("50 clicked points: a link under 1 000 characters", async (t) => {
  const p = await sender.openPlayground({ width: 1280, height: 800 });
  for (let i = 0; i < 50; i++) await p.clickData(0.05 + 0.9 * ((i * 37) % 50) / 50, 0.05 + 0.9 * ((i * 11) % 50) / 50, i % 3 ? [] : ["Shift"]);
  assert.equal((await p.points()).length, 300);
  const link = await waitFor(() => p.page.url(), (u) => addedIn(u) === 50, { what: "all 50 clicks in the link" });
  assert.ok(link.length < 1000, `${link.length} characters`);
  t.diagnostic(`50 clicked points: the address is ${link.length} characters`);
  await shot(p.page, "link-fifty-points-sender");
  const q = await opensTheSame(p, link);
  await p.page.close();
  await q.page.close();
});

test("1 000 points added by script: a link under 8 000 characters", async (t) => {
  const p = await sender.openPlayground();
  await p.page.evaluate(() => {
    let s = 12345;
    const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 1000; i++) playground.addPoint(12 * r() - 6, 12 * r() - 6, i % 2);
  });
  const link = await newState(p);
  assert.ok(link.length < 8000, `${link.length} characters`);
  t.diagnostic(`1 000 points: the address is ${link.length} characters`);
  assert.equal((await p.points()).length, 1250);
  const q = await opensTheSame(p, link);
  await p.page.close();
  await q.page.close();
});

test("a stale link and a reload: every clicked point stays", async () => {
  const p = await sender.openPlayground();
  await p.setConfig({ learningRate: 0.1 });
  const short = await newState(p);
  await p.page.evaluate(() => { for (let i = 0; i < 50; i++) playground.addPoint(-5 + i / 5, 5 - i / 7, i % 2); });
  await newState(p, short);
  await p.page.reload();
  await p.page.waitForSelector('#playground-root[data-ready="true"]');
  assert.equal((await p.points()).length, 300);
  assert.equal((await p.summary()).config.learningRate, 0.1);
  // Past what fits in a link: the plain address, said once, and a reload
  // takes the kept session (no stale state wins over it).
  await p.page.evaluate(() => { for (let i = 0; i < 3000; i++) playground.addPoint(-6 + (i % 60) / 5, -6 + Math.floor(i / 60) / 4.2, i % 2); });
  const plain = await waitFor(() => p.page.url(), (u) => !u.includes("#"), { what: "the plain address" });
  assert.match(await p.message.innerText(), /too many points to fit in a link/);
  await p.page.reload();
  await p.page.waitForSelector('#playground-root[data-ready="true"]');
  assert.equal(p.page.url(), plain);
  assert.equal((await p.points()).length, 3300);
  await p.page.close();
});

test("a link that differs from the kept session shows the link and offers the kept one back", async () => {
  const p = await sender.openPlayground();
  await p.page.evaluate(() => { playground.clearPoints(); playground.addPoint(1, 1, 1); playground.addPoint(-1, -1, 0); });
  await newState(p);
  const kept = await p.page.evaluate(() => localStorage.getItem("backprop-playground/session"));
  const mine = await p.points();
  // Someone else's link, opened in the same browser.
  const q = await receiver.openPlayground();
  await q.page.evaluate(() => playground.setConfig({ dataset: "xor" }));
  const theirs = await newState(q);
  await reopen(p, tail(theirs));
  assert.equal((await p.summary()).config.dataset, "xor");
  const offer = p.page.getByRole("button", { name: "Restore your previous session" });
  assert.ok(await offer.isVisible());
  await p.frames(5);
  assert.equal(await p.page.evaluate(() => localStorage.getItem("backprop-playground/session")), kept, "not overwritten yet");
  await shot(p.page, "link-restore-offer");
  await offer.click();
  await p.frames(2);
  assert.deepEqual(await p.points(), mine);
  assert.equal((await p.summary()).config.dataset, "circle");
  assert.ok(!(await offer.isVisible()));
  await p.page.close();
  await q.page.close();
});

test("Copy link copies the address and says Copied", async () => {
  const p = await sender.openPlayground();
  await p.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(p.page.url()).origin });
  await p.page.evaluate(() => playground.addPoint(2, 2, 1));
  await p.page.locator("#share-panel summary").click();
  await p.page.getByRole("button", { name: "Copy link" }).click();
  // Found by id from here on: its name is now "Copied".
  await waitFor(() => p.page.locator("#copy-link").innerText(), (t) => t === "Copied", { what: "Copied" });
  const copied = await p.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, p.page.url());
  assert.match(copied, /#state=/);
  await p.page.close();
});

test("a bad link changes nothing: the kept session stays and is shown", async () => {
  const p = await sender.openPlayground();
  await p.page.evaluate(() => playground.addPoint(3, 3, 1));
  await newState(p);
  const kept = await p.page.evaluate(() => localStorage.getItem("backprop-playground/session"));
  for (const [state, words] of [
    ["AgA", /cut short/],
    ["AgAAAQk", /unknown mode 9/],
    [Buffer.from([2, 0, 0, 0, 0]).toString("base64url"), /1 bytes too many/],
    [Buffer.from([2, 3, ...Buffer.from("{x}"), 0, 0]).toString("base64url"), /not valid JSON/],
  ]) {
    await reopen(p, "#state=" + state);
    const message = await p.message.innerText();
    assert.match(message, /The link could not be read/);
    assert.match(message, words, message);
    assert.equal((await p.points()).length, 251, "the kept session, with its clicked point");
    await p.frames(3);
    assert.equal(await p.page.evaluate(() => localStorage.getItem("backprop-playground/session")), kept);
  }
  await p.page.close();
});

test("a session kept by the first version (JSON) is restored, and then kept in the new form", async () => {
  const p = await sender.openPlayground();
  const v1 = { version: 1, config: { dataset: "xor", learningRate: 0.1 }, points: [{ x: 1.25, y: -2, label: 1, split: "train" }, { x: -3, y: 0.5, label: 0, split: "test" }] };
  await p.page.evaluate((t) => localStorage.setItem("backprop-playground/session", t), JSON.stringify(v1));
  await reopen(p, "");
  const s = await p.state();
  assert.deepEqual([s.config.dataset, s.config.learningRate], ["xor", 0.1]);
  assert.deepEqual(s.points, v1.points);
  const link = await newState(p);
  assert.equal(await p.page.evaluate(() => localStorage.getItem("backprop-playground/session")), new URL(link).hash.slice(7));
  await p.page.close();
});
