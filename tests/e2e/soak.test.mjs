// Soak: a long session in the real page must not grow without bound — not
// the wasm memory, not the JS heap, not the loss history.
//
// The page keeps two buffers that fill one entry per animation frame and are
// bounded by thinning: the loss history (≤ 1000 samples, halved when full)
// and the loss landscape's path (≤ 2000 points, halved when full). Until
// both have been filled and thinned, the wasm memory may legitimately grow a
// page or two (wasm memory never shrinks). So the warm-up is counted in
// frames: 2 100 frames at 1 epoch per frame (≈ 35 s at 60 fps), past both
// bounds. Then the fastest speed in the Speed menu trains at least 100 000
// more epochs, during which the wasm memory must not grow by a single byte
// and the JS heap (measured after a forced GC) must stay where it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, open, shot } from "./harness.mjs";
import { Playground, waitFor } from "./playground.mjs";

const WARM_UP_FRAMES = 2100;
const EPOCHS = 100_000;
const HISTORY_BOUND = 1000;

let server, context;
before(async () => {
  server = await serve();
  // Exact, undelayed performance.memory figures.
  context = await launch({ args: ["--enable-precise-memory-info"] });
  // The wasm instance's exports (and so its memory) as Trunk's loader hands
  // them over; read-only, nothing in the page changes.
  await context.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (e) => { window.__wasmMemory = e.detail?.wasm?.memory; }, { once: true });
  });
});
after(async () => {
  await context?.close();
  await server?.close();
});

test("soak: 100 000 epochs at the fastest speed, memory and loss history stay bounded", async () => {
  const { page, problems } = await open(context, server.url);
  const pg = new Playground(page, problems);
  const cdp = await context.newCDPSession(page);
  assert.ok(await page.evaluate(() => window.__wasmMemory instanceof WebAssembly.Memory), "the wasm memory is not reachable");

  const samples = [];
  const t0 = Date.now();
  const sample = async (phase) => {
    await cdp.send("HeapProfiler.collectGarbage");
    const s = await page.evaluate(() => {
      const st = playground.state();
      const history = playground.history();
      return {
        epoch: st.epoch, running: st.running, diverged: st.diverged, trainLoss: st.trainLoss,
        frames: playground.metrics().frames,
        history: history.length, firstEpoch: history[0]?.epoch, lastEpoch: history.at(-1)?.epoch,
        jsHeap: performance.memory.usedJSHeapSize,
        wasm: window.__wasmMemory.buffer.byteLength,
      };
    });
    s.phase = phase;
    s.seconds = (Date.now() - t0) / 1000;
    samples.push(s);
    assert.ok(s.history <= HISTORY_BOUND, `loss history of ${s.history} samples`);
    assert.equal(s.diverged, false);
    return s;
  };

  // Warm-up at 1 epoch per frame, started with the Play button.
  await pg.playButton.click();
  let s = await sample("warm-up");
  while (s.frames < WARM_UP_FRAMES) {
    await new Promise((r) => setTimeout(r, 2000));
    s = await sample("warm-up");
    assert.equal(s.running, true, "stopped playing during the warm-up");
  }

  // The fastest speed the Speed menu offers, chosen there.
  const fastest = await page.locator("#speed option").evaluateAll((os) => Math.max(...os.map((o) => Number(o.value))));
  await page.getByRole("combobox", { name: "Epochs per frame" }).selectOption(String(fastest));
  const warm = await sample("fastest");
  assert.equal((await pg.summary()).config.speed, fastest);
  while (s.epoch < warm.epoch + EPOCHS || samples.length - samples.indexOf(warm) < 12) {
    await new Promise((r) => setTimeout(r, 1000));
    s = await sample("fastest");
    assert.equal(s.running, true, "stopped playing");
  }
  await pg.pauseButton.click();
  await pg.frames(2);
  const end = await sample("paused");
  await shot(page, "soak-end");

  // The figures, for the record.
  const mb = (b) => (b / 2 ** 20).toFixed(3);
  console.log("phase      seconds   frames     epoch  history  JS heap MiB  wasm MiB");
  for (const x of samples) {
    console.log(`${x.phase.padEnd(9)} ${x.seconds.toFixed(1).padStart(8)} ${String(x.frames).padStart(8)} ${String(x.epoch).padStart(9)} ${String(x.history).padStart(8)} ${mb(x.jsHeap).padStart(12)} ${mb(x.wasm).padStart(9)}`);
  }

  // Training went on the whole time, at the fastest speed for ≥ 100 000 epochs.
  assert.ok(end.epoch >= warm.epoch + EPOCHS, `only ${end.epoch - warm.epoch} epochs at full speed`);
  assert.ok(end.epoch >= EPOCHS);
  assert.match(await pg.readout("epoch"), new RegExp(`^Epoch ${end.epoch}$`));
  assert.ok(Number.isFinite(end.trainLoss) && end.trainLoss < samples[0].trainLoss, `loss ${samples[0].trainLoss} → ${end.trainLoss}`);
  // The history stayed bounded and still spans the whole run.
  assert.ok(samples.every((x) => x.history <= HISTORY_BOUND));
  assert.equal(end.firstEpoch, 0, "the history lost its start");
  // (It records the first epoch of each stretch of `stride` epochs, so it
  // may end a stretch short of the counter — never thousands of epochs.)
  assert.ok(end.lastEpoch >= 0.99 * end.epoch, `the history ends at epoch ${end.lastEpoch}, the run at ${end.epoch}`);
  // The wasm memory did not grow at all once warmed up.
  const late = samples.slice(samples.indexOf(warm));
  assert.deepEqual([...new Set(late.map((x) => x.wasm))], [warm.wasm],
    `wasm memory grew after the warm-up: ${late.map((x) => x.wasm).join(", ")}`);
  // The JS heap after GC: the lowest of the last third of the full-speed
  // run no more than 15 % + 256 KiB above the lowest early in the warm-up
  // (frames 100–600, start-up done). It wobbles by ~100 KiB as the history
  // fills and is thinned; a leak of ~300 bytes a frame over the ~2 500
  // frames in between would exceed the margin.
  const early = Math.min(...samples.filter((x) => x.frames >= 100 && x.frames <= 600).map((x) => x.jsHeap));
  const third = Math.max(1, Math.floor(late.length / 3));
  const lateMin = Math.min(...late.slice(-third).map((x) => x.jsHeap));
  console.log(`JS heap after GC: ${mb(early)} MiB early in the warm-up, ${mb(lateMin)} MiB at the end; wasm memory ${mb(warm.wasm)} MiB from the warm-up on`);
  assert.ok(Number.isFinite(early), "no sample early in the warm-up");
  assert.ok(lateMin <= early * 1.15 + 256 * 1024, `JS heap grew: ${early} → ${lateMin} bytes`);
  assert.deepEqual(problems, []);
  await cdp.detach();
  await page.close();
});
