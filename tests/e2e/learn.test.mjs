// Learn mode: each lesson shows its tutorial's number, and the inspector's
// chain of factors multiplies out to the gradient the engine reports.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startBrowser, waitFor } from "./playground.mjs";
import { shot } from "./harness.mjs";
import { readNumber } from "./number-text.mjs";

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser.close(); });

// Each lesson's key number, as the tutorial prints it (see shared/seeds),
// to the page's 4 significant digits.
const lessons = [
  ["neuron", /: 0\.9991$/],
  ["feedforward", /: 0\.7216$/],
  ["alice-gradient", /^∂L\/∂w₁ for this example: 0\.02147$/],
  ["or-gate", /^cost at epoch 0: 0\.0889\d$/],
  ["linear-regression", /^epoch 0: intercept 0\.01, slope 0\.01, cost 21850$/],
  ["logistic-regression", /backprop gives/],
  ["gender", /after 0 epochs — Emily: 0\.\d{1,4} \((F|M)\), Frank/],
  ["dosage", /cost at epoch 0: /],
  ["learning-rate", /^cost at epoch 0: 21850$/],
  ["intercept", /^epoch 0: intercept 0, slope 2\.5, cost /],
];

for (const [id, expected] of lessons) {
  test(`?lesson=${id} opens the lesson and shows its number`, async () => {
    const p = await browser.openLesson(id);
    assert.match(await p.lesson.value(), expected);
    assert.equal((await p.summary()).config.lesson, id);
    assert.deepEqual(p.problems, []);
    await shot(p.page, `lesson-${id}`);
    await p.page.close();
  });
}

test("the OR-gate lesson: one step brings the cost from 0.089 to 0.084", async () => {
  const p = await browser.openLesson("or-gate");
  await p.stepButton.click();
  await p.lesson.waitForValue(/epoch 1: 0\.0840/, "cost 0.084");
  await p.page.close();
});

test("the gender lesson: after 1000 SGD epochs Emily is F and Frank is M", async () => {
  const p = await browser.openLesson("gender");
  await p.stepMany(1000);
  await p.frames(2);
  const text = await p.lesson.value();
  assert.match(text, /Emily: 0\.949\d \(F\), Frank: 0\.0399\d \(M\)/);
  await shot(p.page, "lesson-gender-trained");
  await p.page.close();
});

test("the lesson menu opens a lesson, hides the controls it does not need, and leaves it", async () => {
  const p = await browser.openPlayground();
  await p.lesson.choose("or-gate");
  await p.lesson.waitForValue(/0\.0889/, "lesson value");
  assert.match(p.page.url(), /\?lesson=or-gate$/);
  assert.equal(await p.page.getByLabel("Activation of every hidden layer").isVisible(), false);
  assert.equal(await p.page.getByRole("button", { name: /Step one epoch/ }).isVisible(), true);
  await p.lesson.leave();
  await waitFor(() => p.summary(), (s) => s.config.lesson === null, { what: "free play" });
  assert.equal(await p.page.getByLabel("Activation of every hidden layer").isVisible(), true);
  await p.page.close();
});

test("clicking a weight shows a chain whose product is the engine's gradient", async () => {
  const p = await browser.openLesson("alice-gradient");
  const { inspector } = p;
  // Start on a bias (∂L/∂b), so only the click can bring up a weight's chain.
  await inspector.select(0, 0);
  await inspector.waitForChain(/^∂L\/∂b/, "bias chain");
  // The link from x₁ to hidden unit 1, where the page says it draws it: the
  // mouse there is on that link (the diagram's own hit-testing), and a click selects it.
  assert.match(await inspector.hover(0, 0, 0), /weight from x₁ to unit 1 of hidden layer 1/);
  await inspector.click(0, 0, 0);
  await inspector.waitForChain(/^∂L\/∂w/, "the weight's chain");
  const factors = await inspector.factors();
  const gradient = await inspector.gradient();
  const product = factors.reduce((a, b) => a * b, 1);
  assert.equal(factors.length, 3);
  assert.ok(Math.abs(product - gradient) < 1e-15, `${factors.join(" · ")} = ${product} vs ${gradient}`);
  // The seed's numbers (alice), one factor a row, and their product.
  assert.match(await inspector.chainText(), /^∂L\/∂w = ∂L\/∂ŷ · ∂ŷ\/∂h₁₁ · ∂h₁₁\/∂w\n/);
  assert.deepEqual(await inspector.rows(), [
    ["∂L/∂ŷ", "−0.9526"], ["∂ŷ/∂h₁₁", "0.2494"], ["∂h₁₁/∂w", "−0.09035"], ["∂L/∂w", "0.02147"],
  ]);
  // One column, lined up at the decimal point, as a table of numbers is.
  const points = await inspector.points();
  assert.equal(points.length, 4);
  assert.ok(points.every((x) => Math.abs(x - points[0]) < 0.5), `decimal points at ${points.join(", ")} px`);
  // Alice is the whole batch: its mean gradient is hers, said in the singular.
  assert.match(await p.page.locator("#batch-gradient").innerText(), /^Over the next batch \(1 point\) the mean is ∂L\/∂w = 0\.02147;/);
  await p.page.keyboard.press("Escape");
  await shot(p.page, "inspector-alice");
  await p.page.close();
});

test("the inspector's heading names what was clicked: a unit's bias or a link's weight", async () => {
  const p = await browser.openLesson("alice-gradient");
  const { inspector } = p;
  const title = p.page.locator("#inspector-title");
  await inspector.click(0, 1);
  await inspector.waitForChain(/^∂L\/∂b/, "the clicked unit's bias chain");
  assert.equal(await title.innerText(), "Why does this bias change?");
  await inspector.click(1, 0, 1);
  await inspector.waitForChain(/^∂L\/∂w/, "the clicked link's weight chain");
  assert.equal(await title.innerText(), "Why does this weight change?");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("position(): units and links where the mouse finds them; out-of-range or fractional arguments are an Error", async () => {
  const p = await browser.openLesson("alice-gradient");
  const { inspector } = p;
  assert.match(await inspector.hover(1, 0), /^bias of the output/);
  assert.match(await inspector.hover(0, 1), /^bias of unit 2 of hidden layer 1/);
  assert.match(await inspector.hover(1, 0, 1), /^weight from unit 2 of hidden layer 1 to the output/);
  await inspector.click(0, 1);
  await inspector.waitForChain(/^∂L\/∂b/, "the clicked unit's bias chain");
  const refused = await p.page.evaluate(() => [[2, 0], [0, 2], [0, 0, 2], [1, 0, 2], [-1, 0], [0, 0.5], [0, NaN], ["0", 0], [0]].map((args) => {
    try { return `accepted: ${JSON.stringify(playground.position(...args))}`; } catch (e) { return e instanceof Error ? e.message : `not an Error: ${e}`; }
  }));
  assert.deepEqual(refused.map((m) => m.startsWith("accepted") || m.startsWith("not an Error")), refused.map(() => false), refused.join("\n"));
  assert.match(refused[0], /layer 2 has no unit 0: the network's units per layer, inputs first, are \[2, 2, 1\]/);
  assert.match(refused[2], /layer 0 has no link to unit 0 from unit 2 below/);
  assert.match(refused[4], /layer must be a whole number ≥ 0, got -1/);
  // What was given instead, named without a describer of JS values.
  assert.match(refused[7], /layer must be a number, got "0"$/);
  assert.match(refused[8], /unit must be a number, got undefined$/);
  const { x, y } = await p.page.evaluate(() => playground.position(0, 0, 0));
  assert.ok(Number.isFinite(x) && Number.isFinite(y), "the next call works");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("an unknown or hostile lesson name shows a message, never markup", async () => {
  const p = await browser.openPlayground(undefined, "?lesson=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
  const message = p.page.locator("#message");
  await waitFor(() => message.innerText(), (t) => /there is no lesson/.test(t), { what: "message" });
  assert.equal(await p.page.locator("#message img").count(), 0);
  assert.equal((await p.summary()).config.lesson, null);
  await p.page.close();
});

test("phase stepping walks forward → loss → backward → update, changing weights only at the end", async () => {
  const p = await browser.openLesson("or-gate");
  const { phases } = p;
  const params = async () => JSON.stringify(await p.params());
  const before = await params();
  const seen = [];
  for (const [phase, words] of [["forward", /forward/], ["loss", /L = 0\.125;/], ["backward", /backward/], ["update", /update/]]) {
    await phases.next();
    assert.equal(await phases.current(), phase);
    await phases.waitForStatus(words, phase);
    assert.equal(await params(), before, `nothing applied during ${phase}`);
    seen.push(phase);
    await shot(p.page, `phase-${phase}`);
  }
  await phases.prev();
  assert.equal(await phases.current(), "backward");
  await phases.next();
  await phases.next(); // past the update: applied
  assert.equal(await phases.current(), "none");
  assert.notEqual(await params(), before);
  assert.equal((await p.summary()).epoch, 1, "the OR gate's full batch is one epoch");
  assert.deepEqual(seen, ["forward", "loss", "backward", "update"]);
  await p.page.close();
});

test("computational graph: seed 001's J = cos(sin(x²) + 3x²) forward and backward, and a clear error", async () => {
  const p = await browser.openPlayground();
  await p.page.locator("#graph-mode summary").click();
  const status = p.page.getByTestId("graph-status");
  await p.page.getByRole("button", { name: "Start of the graph steps" }).click();
  await waitFor(() => status.innerText(), (t) => /Press Next/.test(t), { what: "start" });
  await p.page.getByRole("button", { name: "Next graph step" }).click();
  assert.equal(await status.innerText(), "Forward, x: value = 1");
  // 8 nodes, one per sub-expression: x, 2, x², sin(x²), 3, 3·x², their
  // sum, and J. The 8th forward step is J = cos(sin 1 + 3) = −0.76492056…
  for (let i = 1; i < 8; i++) await p.page.getByRole("button", { name: "Next graph step" }).click();
  assert.equal(await status.innerText(), "Forward, cos(sin(x²) + 3·x²): value = −0.7649");
  await p.page.getByRole("button", { name: "Next graph step" }).click();
  assert.equal(await status.innerText(), "Backward, cos(sin(x²) + 3·x²): ∂J/∂(cos(sin(x²) + 3·x²)) = 1");
  await p.page.getByRole("button", { name: "All graph steps" }).click();
  // ∂J/∂x = −sin(sin 1 + 3)·(2 cos 1 + 6) = 4.56079179…
  assert.equal(await status.innerText(), "Backward, done. ∂J/∂x = 4.561.");
  await shot(p.page, "graph-seed-001");
  const formula = p.page.getByRole("textbox", { name: "Formula" });
  await formula.fill("sin(x");
  await formula.dispatchEvent("change");
  await waitFor(() => status.innerText(), (t) => /never closed/.test(t), { what: "error" });
  await p.page.close();
});

test("ghost runs at ×0.1 and ×10 the learning rate are drawn on the loss curve", async () => {
  const p = await browser.openLesson("learning-rate");
  await p.page.evaluate(() => playground.lesson("")); // free play keeps every control
  await p.setConfig({ dataset: "weight_height", dataSeed: 42, points: 50, noise: 0.5, hidden: [], activation: "linear", loss: "mse", learningRate: 0.0001, batchSize: "all", compare: "learning_rate" });
  await p.stepMany(20);
  await p.frames(3);
  assert.equal(await p.page.getByLabel("Compare with other runs from the same start").inputValue(), "learning_rate");
  await shot(p.page, "ghost-runs");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("loss landscape: the intercept/slope map of seed 000 with the descent path drawn on it", async () => {
  const p = await browser.openLesson("linear-regression");
  await p.page.evaluate(() => playground.lesson("")); // free play shows the panel
  await p.setConfig({ dataset: "weight_height", dataSeed: 42, points: 50, noise: 0.5, testFraction: 0, hidden: [], activation: "linear", loss: "mse", learningRate: 0.0001, batchSize: "all", shuffle: false });
  await p.page.evaluate(() => playground.setParams({ weights: [[[0.01]]], biases: [[0.01]] }));
  await p.page.locator("#landscape-mode summary").click();
  // The menus are made in the first frame the panel is open (a race when read at once).
  await p.frames(2);
  assert.equal(await p.page.getByLabel("Parameter across").inputValue(), "1", "intercept (the bias) across");
  assert.equal(await p.page.getByLabel("Parameter up (or none for a curve)").inputValue(), "0", "slope up");
  for (let i = 0; i < 12; i++) { await p.page.evaluate(() => playground.step()); await p.frames(1); }
  const status = p.page.getByTestId("landscape-status");
  await waitFor(() => status.innerText(), (t) => /^13 path points; now at 0\.05203, 2\.505\. /.test(t), { what: "the path after 12 steps" });
  await shot(p.page, "landscape-intercept-slope");
  await p.page.getByLabel("Parameter up (or none for a curve)").selectOption("");
  await waitFor(() => status.innerText(), (t) => /^1 path points/.test(t), { what: "a curve restarts the path" });
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("single neuron: sliders move w₁, w₂, b and the decision line; MSE vs cross-entropy gradients", async () => {
  const p = await browser.openPlayground();
  await p.setConfig({ dataset: "gaussians" });
  await p.page.locator("#neuron-mode summary").click();
  await p.page.getByRole("button", { name: /Use one neuron/ }).click();
  await waitFor(() => p.page.evaluate(() => playground.params().weights.length), (n) => n === 1, { what: "one layer" });
  const slide = (label, value) => p.page.getByLabel(label).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
  await slide("Weight w1", 2);
  await slide("Weight w2", -1);
  await slide("Bias b", 0.5);
  const params = await p.page.evaluate(() => playground.params());
  assert.deepEqual([params.weights[0][0], params.biases[0][0]], [[2, -1], 0.5]);
  await p.frames(2);
  assert.match(await p.page.getByTestId("neuron-line").innerText(), /: 2·x₁ \+ \(−1\)·x₂ \+ 0\.5 = 0,/);
  const compare = await p.page.getByTestId("loss-compare").innerText();
  // "… = −0.1234; … = 0.5678." (a true minus sign, maybe × 10⁻ⁿ)
  const [mse, ce] = [...compare.matchAll(/= (−?[\d.]+(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)[;.] /g)].map((m) => readNumber(m[1])).slice(-2);
  assert.ok(Math.abs(mse) < Math.abs(ce), `MSE ${mse} is the weaker push than CE ${ce}: ${compare}`);
  await shot(p.page, "single-neuron");
  await p.page.close();
});

test("hidden space: after training XOR the hidden layer pulls the classes apart", async () => {
  const p = await browser.openPlayground();
  await p.setConfig({ dataset: "xor", hidden: [4, 2] });
  await p.stepMany(300);
  await p.page.locator("#hidden-mode summary").click();
  await p.page.getByLabel("Hidden layer", { exact: true }).selectOption("1");
  await p.frames(3);
  const hues = await p.page.evaluate(() => {
    const c = document.querySelector('[data-testid="hidden-canvas"]');
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let orange = 0, blue = 0;
    for (let i = 0; i < d.length; i += 4) { if (d[i] - d[i + 2] > 60) orange++; if (d[i + 2] - d[i] > 60) blue++; }
    return { orange, blue };
  });
  assert.ok(hues.orange > 100 && hues.blue > 100, JSON.stringify(hues));
  assert.equal(await p.page.getByLabel("Axes of the hidden space").inputValue(), "0,1", "a 2-unit layer shows its two units");
  await shot(p.page, "hidden-space-xor");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("multi-class: three clicked classes, each its own hue, separated by a softmax", async () => {
  const p = await browser.openPlayground();
  await p.page.getByLabel("Number of classes").selectOption("3");
  await p.clearPoints();
  const canvas = p.page.getByTestId("data-canvas");
  const box = await canvas.boundingBox();
  const click = (fx, fy) => p.page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
  for (const [tool, key, fx, fy] of [["add orange (1)", "1", 0.2, 0.2], ["add blue (2)", "2", 0.8, 0.2], ["add green (3)", "3", 0.5, 0.85]]) {
    await p.page.keyboard.press(key);
    for (let k = 0; k < 5; k++) await click(fx + 0.03 * k, fy + 0.02 * (k % 2));
    assert.equal(await p.page.getByLabel(tool).isChecked(), true, tool);
  }
  const labels = (await p.points()).map((pt) => pt.label);
  assert.deepEqual(labels, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  await p.stepMany(200);
  await p.frames(3);
  assert.equal((await p.summary()).accuracy, 1);
  const hues = await p.page.evaluate(() => {
    const c = document.querySelector('[data-testid="data-canvas"]');
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const near = (r, g, b, i) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 120;
    let orange = 0, blue = 0, green = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (near(230, 159, 0, i) || near(234, 180, 62, i)) orange++;
      if (near(0, 114, 178, i) || near(62, 147, 195, i)) blue++;
      if (near(0, 158, 115, i) || near(62, 180, 148, i)) green++;
    }
    return { orange, blue, green };
  });
  assert.ok(hues.orange > 2000 && hues.blue > 2000 && hues.green > 2000, JSON.stringify(hues));
  await shot(p.page, "multiclass-3");
  assert.deepEqual(p.problems, []);
  await p.page.close();
});
