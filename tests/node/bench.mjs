// Training throughput of the wasm package under node: the same two cases, the
// same settings and the same output format as crates/backprop/benches/epochs.rs
// (see that file for the cases and the FLOP count). A benchmark, not a test: it
// prints figures and never asserts.
//
//   node tests/node/bench.mjs            (needs pkg/: scripts/build-pkg)
//   BENCH_SECONDS=0.5 node tests/node/bench.mjs
//   BENCH_PKG=/tmp/base/pkg node tests/node/bench.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// BENCH_PKG=dir: another build of the package (e.g. the baseline commit's,
// to compare side by side in one run).
const pkg = process.env.BENCH_PKG
  ? new URL(`file://${process.env.BENCH_PKG.replace(/\/?$/, "/")}`)
  : new URL("../../pkg/", import.meta.url);
const wasmPath = fileURLToPath(new URL("backprop_bg.wasm", pkg));
const { initSync, Trainer, generateDataset } = await import(new URL("backprop.js", pkg).href);
initSync({ module: readFileSync(wasmPath) });

const POINTS = 250;
const BATCH = 10;
const LEARNING_RATE = 0.03;
const SEED = 1;

function benchSeconds() {
  const raw = process.env.BENCH_SECONDS;
  if (raw === undefined) return 2;
  const v = Number(raw);
  if (Number.isFinite(v) && v > 0) return v;
  console.error(`BENCH_SECONDS=${JSON.stringify(raw)} is not a positive number; using 2`);
  return 2;
}

// Floating-point operations in one epoch (the count defined in epochs.rs).
function flopsPerEpoch(layers, points, batch) {
  let perSample = 0;
  let params = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const [nIn, nOut] = [layers[l], layers[l + 1]];
    perSample += 2 * nIn * nOut + nOut; // forward
    perSample += 2 * nIn * nOut + nOut; // backward: dW, db
    if (l > 0) perSample += 2 * nIn * nOut; // backward: da_prev
    params += nIn * nOut + nOut;
  }
  return points * perSample + Math.ceil(points / batch) * 2 * params;
}

function trainerFor({ layers, kind }) {
  const trainer = new Trainer({
    network: { layers, activation: "tanh", loss: "half_mse", seed: SEED },
    optimizer: { learningRate: LEARNING_RATE, batchSize: BATCH, shuffle: false },
  });
  const { inputs, targets } = generateDataset({ kind, points: POINTS, seed: SEED });
  trainer.setData(inputs, targets);
  return trainer;
}

function run(c, seconds) {
  const trainer = trainerFor(c);
  const now = () => performance.now() / 1000;

  // Warm up (JIT tier-up of the wasm, caches) for a tenth of the budget, and
  // size the chunks so each takes about 20 ms.
  let start = now();
  let warm = 0;
  while (now() - start < seconds / 10 || warm === 0) {
    trainer.trainEpochs(10);
    warm += 10;
  }
  const perEpoch = (now() - start) / warm;
  const chunk = Math.min(100_000, Math.max(1, Math.floor(0.02 / perEpoch)));

  let epochs = 0;
  let loss;
  let elapsed;
  start = now();
  for (;;) {
    loss = trainer.trainEpochs(chunk);
    epochs += chunk;
    elapsed = now() - start;
    if (elapsed >= seconds) break;
  }

  const eps = epochs / elapsed;
  const gflops = (flopsPerEpoch(c.layers, POINTS, BATCH) * eps) / 1e9;
  console.log(
    `wasm-node case=${c.name} net=${c.layers.join("-")} data=${c.kind}/${POINTS}  ` +
      `epochs/s=${eps.toFixed(1)}  us/epoch=${(1e6 / eps).toFixed(3)}  GFLOP/s=${gflops.toFixed(4)}  ` +
      `loss=${(loss ?? NaN).toFixed(6)}  epochs=${epochs}  secs=${elapsed.toFixed(2)}`,
  );
  if (trainer.status().diverged) {
    console.log(`  warning: case ${c.name} diverged, so the figures above are meaningless`);
  }
  trainer.free();
}

const seconds = benchSeconds();
const cases = [
  { name: "a", layers: [2, 4, 2, 1], kind: "circle" },
  { name: "b", layers: [2, 8, 8, 8, 8, 8, 8, 1], kind: "spiral" },
  { name: "c", layers: [2, 64, 64, 64, 64, 64, 64, 64, 64, 1], kind: "circle" },
];
console.log(
  `# tanh, half_mse, SGD lr ${LEARNING_RATE}, batch ${BATCH}, no shuffle, ${POINTS} points, 0/1 targets; >= ${seconds} s per case (node ${process.version})`,
);
for (const c of cases) {
  console.log(`#   case ${c.name}: ${flopsPerEpoch(c.layers, POINTS, BATCH)} FLOP/epoch`);
}
for (const c of cases) run(c, seconds);
