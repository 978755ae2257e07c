// The engine's JavaScript API, exercised against pkg/ exactly as a blog author
// or tinkerer would use it. Run by scripts/test after scripts/build-pkg.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import engine from "./load-engine.mjs";

const { Network, Trainer, generateDataset } = engine;

const sigmoidNet = (layers, loss = "mse") => new Network({ layers, activation: "sigmoid", loss });

test("seed 001: a neuron with w=[0,1], b=4 outputs 0.9990889488055994 for x=[2,3]", () => {
  const neuron = sigmoidNet([2, 1]);
  neuron.setParams({ weights: [[[0, 1]]], biases: [[4]] });
  assert.deepEqual(neuron.forward([[2, 3]]), [[0.9990889488055994]]);
});

test("seed 001: the 2-2-1 network outputs 0.7216325609518421", () => {
  const net = sigmoidNet([2, 2, 1]);
  net.setParams({ weights: [[[0, 1], [0, 1]], [[0, 1]]], biases: [[0, 0], [0]] });
  assert.deepEqual(net.forward([[2, 3]]), [[0.7216325609518421]]);
});

test("Alice's ∂L/∂w₁ is the product of the chain the inspector shows", () => {
  const net = sigmoidNet([2, 2, 1]);
  net.setParams({ weights: [[[1, 1], [1, 1]], [[1, 1]]], biases: [[0, 0], [0]] });
  const t = net.inspect([-2, -1], [1]);
  assert.equal(t.layers.length, 2);
  assert.equal(t.output[0].toFixed(3), "0.524");
  const [hidden, out] = t.layers;
  const dLdy = out.dA[0];
  const dydh1 = 1 * out.a[0] * (1 - out.a[0]);
  const dh1dw1 = -2 * hidden.a[0] * (1 - hidden.a[0]);
  const grads = net.gradients([[-2, -1]], [[1]]);
  assert.ok(Math.abs(grads.weights[0][0][0] - dLdy * dydh1 * dh1dw1) < 1e-15);
  assert.equal(grads.weights[0][0][0].toFixed(5), "0.02147");
  assert.deepEqual(t.gradients, grads);
  // dZ = dA · f′(z) for every hidden unit, with σ′(z) = a(1 − a)
  hidden.dZ.forEach((dz, j) => assert.equal(dz, hidden.dA[j] * (hidden.a[j] * (1 - hidden.a[j]))));
});

test("seed 002: one OR-gate step moves the bias from 0 to -0.125", () => {
  const neuron = sigmoidNet([2, 1], "half_mse");
  neuron.setParams({ weights: [[[0.1, 0.6]]], biases: [[0]] });
  assert.equal(neuron.step([[0, 0]], [[0]], 1), 0.125);
  assert.equal(neuron.params().biases[0][0], -0.125);
  assert.equal(neuron.forward([[0, 0]])[0][0].toFixed(3), "0.469");
  // The full batch of four: cost 0.089, then 0.084 after one step.
  const or = generateDataset({ kind: "or_gate" });
  neuron.setParams({ weights: [[[0.1, 0.6]]], biases: [[0]] });
  assert.equal(neuron.loss(or.inputs, or.targets).toFixed(3), "0.089");
  neuron.step(or.inputs, or.targets, 1);
  assert.equal(neuron.loss(or.inputs, or.targets).toFixed(3), "0.084");
  const g = neuron.gradients(or.inputs, or.targets);
  assert.deepEqual([...g.weights[0][0], g.biases[0][0]].map((v) => v.toFixed(3)), ["-0.044", "-0.035", "-0.031"]);
});

test("params() is weights[l][j][i] (from unit i of layer l to unit j of layer l+1) and round-trips", () => {
  const net = new Network({ layers: [3, 2, 1], seed: 5 });
  const p = net.params();
  assert.equal(p.weights.length, 2);
  assert.equal(p.weights[0].length, 2); // 2 units in layer 1 …
  assert.equal(p.weights[0][0].length, 3); // … each with 3 incoming weights
  assert.deepEqual(p.biases.map((b) => b.length), [2, 1]);
  const copy = new Network({ layers: [3, 2, 1], seed: 6 });
  copy.setParams(p);
  assert.deepEqual(copy.params(), p);
  assert.deepEqual(copy.forward([[1, 2, 3]]), net.forward([[1, 2, 3]]));
});

test("a Trainer learns XOR with Adam, and its network() is an independent copy", () => {
  const data = generateDataset({ kind: "xor", points: 200, seed: 1, testFraction: 0.2 });
  assert.equal(data.inputs.length, 200);
  assert.equal(data.test.filter(Boolean).length, 40);
  const train = (rows) => rows.filter((_, i) => !data.test[i]);
  const trainer = new Trainer({
    network: { layers: [2, 8, 1], activation: "tanh", loss: "bce" },
    optimizer: { kind: "adam", learningRate: 0.03, batchSize: 10 },
    seed: 2,
  });
  trainer.setData(train(data.inputs), train(data.targets));
  const first = trainer.trainEpochs(1);
  const last = trainer.trainEpochs(150);
  assert.ok(last < first / 4, `loss ${first} → ${last}`);
  assert.deepEqual(trainer.status(), { epoch: 151, loss: last, diverged: false, position: 0 });
  const model = trainer.network();
  const predictions = model.forward(data.inputs);
  const correct = predictions.filter((p, i) => (p[0] > 0.5) === (data.targets[i][0] === 1)).length;
  assert.ok(correct / data.inputs.length >= 0.95, `accuracy ${correct / data.inputs.length}`);
  trainer.trainEpochs(5);
  assert.deepEqual(model.forward(data.inputs), predictions, "the copy must not change with training");
});

test("changing the learning rate or batch size does not restart training", () => {
  const data = generateDataset({ kind: "circle", points: 100, seed: 3 });
  const trainer = new Trainer({ network: { layers: [2, 4, 1] }, optimizer: { learningRate: 0.1, batchSize: 10 } });
  trainer.setData(data.inputs, data.targets);
  trainer.trainEpochs(3);
  const before = trainer.params();
  trainer.setOptimizer({ learningRate: 0.01, batchSize: "all" });
  assert.deepEqual(trainer.params(), before);
  assert.equal(trainer.status().epoch, 3);
  assert.equal(trainer.config().optimizer.learningRate, 0.01);
  assert.equal(trainer.config().optimizer.batchSize, "all");
  trainer.trainEpochs(1);
  assert.equal(trainer.status().epoch, 4);
});

test("trainBatch steps one batch at a time; a last partial batch ends the epoch", () => {
  const data = generateDataset({ kind: "gaussians", points: 10, seed: 4 });
  const trainer = new Trainer({ network: { layers: [2, 1], loss: "bce" }, optimizer: { batchSize: 4, learningRate: 0.1 } });
  trainer.setData(data.inputs, data.targets);
  const positions = [1, 2, 3].map(() => (trainer.trainBatch(), trainer.status()));
  assert.deepEqual(positions.map((s) => [s.epoch, s.position]), [[0, 4], [0, 8], [1, 0]]);
});

test("a learning rate far too large diverges; the last finite weights are kept; reset recovers", () => {
  const data = generateDataset({ kind: "weight_height", seed: 42 });
  const trainer = new Trainer({
    network: { layers: [1, 1], activation: "linear", loss: "mse" },
    optimizer: { learningRate: 0.01, batchSize: "all" },
    seed: 1,
  });
  const initial = trainer.params();
  trainer.setData(data.inputs, data.targets);
  trainer.trainEpochs(1000);
  const status = trainer.status();
  assert.equal(status.diverged, true);
  assert.ok(status.epoch < 1000);
  const kept = trainer.params();
  assert.ok([...kept.weights.flat(2), ...kept.biases.flat()].every(Number.isFinite));
  trainer.trainEpochs(10);
  assert.deepEqual(trainer.params(), kept, "a diverged trainer must not move");
  trainer.reset();
  assert.deepEqual(trainer.status(), { epoch: 0, loss: null, diverged: false, position: 0 });
  assert.deepEqual(trainer.params(), initial);
});

test("every bad input throws an Error naming the problem, and the next call still works", () => {
  const net = new Network({ layers: [2, 3, 1], loss: "bce" });
  const cases = [
    [() => net.forward([[1, 2, 3]]), /inputs\[0\] has 3 numbers, but 2 are needed/],
    [() => net.forward([[1, 2], [3]]), /inputs\[1\] has 1 numbers/],
    [() => net.forward([[1, NaN]]), /inputs\[0\] contains NaN/],
    [() => net.forward([[Infinity, 1]]), /contains inf/],
    [() => net.forward([]), /inputs is empty/],
    [() => net.forward("abc"), /invalid inputs/],
    [() => net.forward(undefined), /inputs is missing/],
    [() => net.loss([[0, 0]], [[0.5]]), /needs labels 0 or 1, but sample 0 has label 0.5/],
    [() => net.loss([[0, 0]], [[1], [0]]), /1 inputs but 2 targets/],
    [() => net.step([[0, 0]], [[1]], -1), /learning rate .* got -1/],
    [() => net.step([[0, 0]], [[1]], NaN), /learning rate .* got NaN/],
    [() => net.setParams({ weights: [], biases: [] }), /params need weights and biases for 2 layers/],
    [() => net.setParams({ ...net.params(), extra: 1 }), /unknown field `extra`/],
    [() => new Network({ layers: [2, 0, 1] }), /layer 1 has 0 units/],
    [() => new Network({ layers: [2, 300, 1] }), /layer 1 has 300 units/],
    [() => new Network({ layers: Array(20).fill(2) }), /at most 16 layers/],
    [() => new Network({ layers: [2] }), /at least an input and an output/],
    [() => new Network({ layers: [2, 1], activation: "swish" }), /unknown variant `swish`/],
    [() => new Network({ layers: [2, 1], lossFunction: "mse" }), /unknown field `lossFunction`/],
    [() => new Network({ layers: [2, 2, 1], activations: ["softmax", "sigmoid"] }), /softmax can only be the output/],
    [() => new Network({ layers: [2, 1], loss: "softmax_ce" }), /a softmax over one output unit is always 1/],
    [() => new Network({ layers: [2, 1], loss: "bce", outputActivation: "tanh" }), /needs a "sigmoid" output/],
    [() => new Network({ layers: [2, 1], regularization: { kind: "l2", rate: -1 } }), /rate .* got -1/],
    [() => new Network({ layers: [2.5, 1] }), /invalid network config/],
    [() => new Network({ layers: [2, 1], seed: -1 }), /invalid network config/],
    [() => new Trainer({ network: { layers: [2, 1] }, optimizer: { learningRate: 1e9 } }), /got 1000000000/],
    [() => new Trainer({ network: { layers: [2, 1] }, optimizer: { batchSize: 0 } }), /batchSize must be at least 1/],
    [() => new Trainer({ network: { layers: [2, 1] }, optimizer: { kind: "rmsprop" } }), /unknown variant `rmsprop`/],
    [() => generateDataset({ kind: "spiral", points: 100001 }), /points must be from 1 to 100000, got 100001/],
    [() => generateDataset({ kind: "spiral", noise: 7 }), /noise must be from 0 to 1, got 7/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(call));
    assert.equal(net.forward([[1, 2]]).length, 1, "the module must keep working after an error");
  }
  const trainer = new Trainer({ network: { layers: [2, 1] } });
  assert.throws(() => trainer.trainEpochs(1), /no training data/);
  assert.throws(() => trainer.trainEpochs(0), /epochs must be a whole number from 1/);
  assert.throws(() => trainer.trainEpochs(1.5), /got 1.5/);
  const tooMany = Array.from({ length: 100001 }, () => [0, 0]);
  assert.throws(() => trainer.setData(tooMany, tooMany.map(() => [0])), /at most 100000 are allowed/);
});

test("same config and seed give bit-identical results natively and in wasm", () => {
  const file = new URL("../../target/fingerprint.json", import.meta.url);
  assert.ok(existsSync(file), "run `cargo run -p backprop --example fingerprint > target/fingerprint.json` first (scripts/test does)");
  const cases = JSON.parse(readFileSync(file, "utf8"));
  assert.ok(cases.length >= 5);
  const bits = (x) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getBigUint64(0).toString(16).padStart(16, "0");
  };
  for (const c of cases) {
    const data = generateDataset(c.dataset);
    const train = (rows) => rows.filter((_, i) => !data.test[i]);
    const trainer = new Trainer(c.trainer);
    trainer.setData(train(data.inputs), train(data.targets));
    const loss = trainer.trainEpochs(c.epochs);
    const p = trainer.params();
    const flat = p.weights.flatMap((layer, l) => [...layer.flat(), ...p.biases[l]]);
    assert.deepEqual(flat.map(bits), c.paramBits, `${c.dataset.kind}: parameters differ from native`);
    assert.equal(bits(loss), c.lossBits);
  }
});

test("Expression: seed 001's J = cos(sin(x²) + 3x²), forward and backward", () => {
  const { Expression } = engine;
  const e = new Expression("cos(sin(x^2) + 3*x^2)");
  assert.deepEqual(e.variables(), ["x"]);
  for (const x of [-1.3, 0.4, 2]) {
    const d = Math.sin(x * x) + 3 * x * x;
    assert.ok(Math.abs(e.evaluate({ x }) - Math.cos(d)) < 1e-14);
    const exact = -Math.sin(d) * (Math.cos(x * x) * 2 * x + 6 * x);
    assert.ok(Math.abs(e.gradient({ x }).x - exact) < 1e-12 * Math.max(1, Math.abs(exact)));
  }
  const nodes = e.nodes({ x: 1 });
  assert.equal(nodes.at(-1).grad, 1);
  assert.ok(nodes.every((n) => typeof n.label === "string" && Number.isFinite(n.value)));
  assert.throws(() => new Expression("sin(x"), /never closed/);
  assert.throws(() => new Expression("(".repeat(4000) + "x" + ")".repeat(4000)), /nested more than 200/);
  assert.throws(() => new Expression(42), /must be a string/);
  assert.throws(() => e.evaluate({}), /variable x has no value/);
  assert.equal(e.evaluate({ x: 0 }), 1, "still usable after errors");
});

test("hostile values get an Error, never a crash: cyclic or deeply nested objects, deep formulas", () => {
  const cyclic = { layers: [2, 1] };
  cyclic.self = cyclic;
  let deep = [[0, 0]];
  for (let i = 0; i < 100000; i++) deep = [deep];
  const net = new Network({ layers: [2, 1] });
  const cases = [
    // Reading these recursively would overflow wasm's stack, which kills the module.
    [() => new Network(cyclic), /^invalid network config: it is nested more than 32 levels deep \(or contains itself\)$/],
    [() => net.forward(deep), /nested more than 32 levels/],
    [() => net.setParams({ weights: deep, biases: [] }), /nested more than 32 levels/],
    // Formulas are parsed recursively too; each way of nesting is bounded.
    [() => new engine.Expression("(".repeat(4900) + "x" + ")".repeat(4900)), /nested more than 200/],
    [() => new engine.Expression("-".repeat(5000) + "x"), /nested more than 200/],
    [() => new engine.Expression("x" + "^x".repeat(4000)), /nested more than 200|characters long/],
    [() => new engine.Expression("sin(".repeat(1500) + "x" + ")".repeat(1500)), /nested more than 200/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(call).slice(0, 80));
    assert.equal(net.forward([[1, 2]]).length, 1, "the module keeps working");
  }
  // Just inside the limits, everything works.
  const e = new engine.Expression("(".repeat(199) + "x" + ")".repeat(199));
  assert.equal(e.evaluate({ x: 3 }), 3);
  assert.equal(new engine.Expression("-".repeat(199) + "x").evaluate({ x: 2 }), -2);
});

test("a typed array or a bare number where an object or rows belong is named, with what to give instead", () => {
  const net = new Network({ layers: [2, 1] });
  const x = new engine.Expression("x + 1");
  const cases = [
    [() => net.forward([new Float64Array([1, 2])]), /^invalid inputs: a Float64Array is not read; give plain arrays of numbers/],
    [() => net.forward(new Float32Array([1, 2])), /a Float32Array is not read/],
    [() => x.evaluate(3), /^variables must be an object of numbers like \{ x: 1\.5 \}$/],
    [() => x.evaluate([1]), /^variables must be an object of numbers/],
    [() => x.gradient({ x: "1" }), /^variables must be an object of numbers like \{ x: 1\.5 \}: invalid type: string "1", expected f64$/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(call));
  }
  assert.deepEqual(net.forward([Array.from(new Float64Array([0, 0]))]).length, 1);
});

test("generateDataset's test flags split the rows, as the README's example does", () => {
  const data = generateDataset({ kind: "xor", points: 200, seed: 1, testFraction: 0.2 });
  assert.equal(data.inputs.length, 200);
  assert.equal(data.test.length, 200);
  assert.equal(data.test.filter(Boolean).length, 40);
  const train = (rows) => rows.filter((_, i) => !data.test[i]);
  const test = (rows) => rows.filter((_, i) => data.test[i]);
  const trainer = new Trainer({
    network: { layers: [2, 8, 1], activation: "tanh", loss: "bce" },
    optimizer: { kind: "adam", learningRate: 0.03, batchSize: 10 },
    seed: 2,
  });
  trainer.setData(train(data.inputs), train(data.targets));
  assert.ok(trainer.trainEpochs(100) < 0.1);
  assert.ok(trainer.loss(test(data.inputs), test(data.targets)) < 0.5);
});
