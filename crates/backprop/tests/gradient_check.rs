//! Central-difference gradient checks of backpropagation.
//!
//! Backprop is the chain rule applied by hand, layer by layer; one wrong index,
//! a missing 1/m or a derivative taken at the wrong point gives gradients that
//! are *plausible* (training still moves) but wrong. The only independent
//! witness is the definition of the derivative itself:
//!
//! ```text
//!     ∂f/∂θₚ ≈ (f(θ + h·eₚ) − f(θ − h·eₚ)) / 2h,     f = mean data loss + penalty
//! ```
//!
//! We compare `Network::gradients` with that quotient for every parameter, for
//! every activation used as hidden and as output layer, every loss it can be
//! paired with, and every weight penalty, on random small networks and batches.
//! Then we check `Network::inspect`, the per-example view a learner reads: its
//! gradients, its ∂L/∂a and ∂L/∂z (δ) of every layer.

use backprop::config::Init;
use backprop::{Activation, Loss, Matrix, Network, NetworkConfig, Regularization, Rng, Trace};

/// Step of the central difference. Its truncation error is h²·f‴/6 ≈ 1e-10·f‴
/// and its rounding error about ε·|f|/h ≈ 1e-16·|f|/1e-5 ≈ 1e-11·|f|: h = 1e-5
/// keeps both near 1e-10 for the O(1) losses here (h ≈ ε^⅓ balances them).
const H: f64 = 1e-5;

/// Allowed |numeric − exact| relative to max(1, |numeric|, |exact|).
///
/// Why this tolerance: the numeric quotient itself is only good to ~1e-10 (see
/// [`H`]), so 1e-6 leaves four orders of magnitude of headroom and never flakes,
/// while any real backprop bug (a missing factor 2 or 1/m, a transposed weight,
/// f′ at the wrong point, a penalty on the biases) is off by O(|gradient|),
/// i.e. by 1e-2 or more for the values here. It is relative for large values
/// (a loss of 100 carries 100× the rounding error) and absolute below 1
/// (a gradient of 1e-9 has no meaningful relative error against a quotient
/// whose noise floor is ~1e-10).
const TOL: f64 = 1e-6;

/// How far from a kink a value must be. ReLU/leaky ReLU bend at z = 0 and
/// |w| (L1) at w = 0; a central difference straddling a kink measures the
/// average of two slopes, not a derivative. A ±h perturbation moves any z by
/// about h·|a| ≈ 1e-5, so a 1e-3 margin keeps every evaluation on one side.
const KINK: f64 = 1e-3;

/// Accepted (kink-free) random networks per case and shape.
const SEEDS_PER_CASE: usize = 3;

/// Every activation that acts unit by unit (all but softmax), from the
/// engine's own list, so a new activation is checked without touching this file.
fn elementwise() -> Vec<Activation> {
    Activation::ALL.into_iter().filter(|a| a.elementwise()).collect()
}

const REGULARIZATIONS: [Regularization; 3] = [
    Regularization::None,
    Regularization::L1 { rate: 0.01 },
    Regularization::L2 { rate: 0.01 },
];

/// Two hidden layers with two outputs, one wide hidden layer with one output,
/// and one with three outputs (so softmax sees more than two classes).
const SHAPES: [&[usize]; 3] = [&[3, 4, 3, 2], &[2, 5, 1], &[2, 3, 3]];

/// One combination of hidden activation, output activation, loss and penalty.
#[derive(Debug, Clone, Copy)]
struct Case {
    hidden: Activation,
    output: Activation,
    loss: Loss,
    reg: Regularization,
}

/// Every valid combination: mse and half_mse with any elementwise output, bce
/// on sigmoid, softmax_ce on softmax; each with every hidden activation and
/// every penalty.
fn cases_for(loss: Loss) -> Vec<Case> {
    let outputs: Vec<Activation> = match loss {
        Loss::Mse | Loss::HalfMse => elementwise(),
        Loss::Bce => vec![Activation::Sigmoid],
        Loss::SoftmaxCe => vec![Activation::Softmax],
    };
    let mut cases = Vec::new();
    for hidden in elementwise() {
        for &output in &outputs {
            for &reg in &REGULARIZATIONS {
                cases.push(Case {
                    hidden,
                    output,
                    loss,
                    reg,
                });
            }
        }
    }
    cases
}

/// The shapes a case is checked on. A softmax over one unit is the constant 1
/// (its loss and every gradient are 0), so softmax skips one-output shapes.
fn shapes_for(case: Case) -> impl Iterator<Item = &'static [usize]> {
    SHAPES
        .into_iter()
        .filter(move |shape| case.output != Activation::Softmax || shape[shape.len() - 1] > 1)
}

/// A network of the given shape for `case`, with every weight *and* bias
/// drawn from U(−1, 1) (the engine's own init leaves biases at 0; random
/// biases put every unit at a generic operating point).
fn random_network(case: Case, shape: &[usize], rng: &mut Rng) -> Network {
    let mut activations = vec![case.hidden; shape.len() - 2];
    activations.push(case.output);
    let mut config = NetworkConfig::new(shape);
    config.activations = Some(activations);
    config.loss = case.loss;
    config.regularization = case.reg;
    config.init = Init::Normal;
    let mut net = Network::new(config).unwrap_or_else(|e| panic!("{case:?} {shape:?}: {e}"));
    for p in net.flat_params_mut() {
        *p = rng.uniform_in(-1.0, 1.0);
    }
    net
}

/// A batch of `m` samples: N(0, 1) inputs, and targets that fit the loss —
/// 0/1 labels for bce, one-hot rows for softmax_ce, N(0, 1) reals otherwise.
fn random_batch(net: &Network, m: usize, rng: &mut Rng) -> (Matrix, Matrix) {
    let (n_in, k) = (net.input_size(), net.output_size());
    let inputs: Vec<Vec<f64>> = (0..m).map(|_| (0..n_in).map(|_| rng.gauss()).collect()).collect();
    let targets: Vec<Vec<f64>> = (0..m)
        .map(|_| match net.loss() {
            Loss::Bce => (0..k).map(|_| f64::from(rng.below(2))).collect(),
            Loss::SoftmaxCe => {
                let class = rng.below(k as u32) as usize;
                (0..k).map(|j| if j == class { 1.0 } else { 0.0 }).collect()
            }
            Loss::Mse | Loss::HalfMse => (0..k).map(|_| rng.gauss()).collect(),
        })
        .collect();
    (
        Matrix::from_rows(&inputs, n_in, "inputs").unwrap(),
        Matrix::from_rows(&targets, k, "targets").unwrap(),
    )
}

/// f(z) written out independently of the engine (std math, not libm).
fn reference_apply(f: Activation, z: f64) -> f64 {
    match f {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::LeakyRelu => {
            if z >= 0.0 {
                z
            } else {
                0.01 * z
            }
        }
        Activation::Linear => z,
        Activation::Softmax => unreachable!("softmax is not elementwise"),
    }
}

/// f′(z), from z alone, independently of the engine.
fn reference_derivative(f: Activation, z: f64) -> f64 {
    match f {
        Activation::Sigmoid => {
            let s = 1.0 / (1.0 + (-z).exp());
            s * (1.0 - s)
        }
        Activation::Tanh => 1.0 - z.tanh() * z.tanh(),
        Activation::Relu => f64::from(u8::from(z > 0.0)),
        Activation::LeakyRelu => {
            if z >= 0.0 {
                1.0
            } else {
                0.01
            }
        }
        Activation::Linear => 1.0,
        Activation::Softmax => unreachable!("softmax is not elementwise"),
    }
}

/// A forward pass for one example written from the definitions
/// (zⱼ = Σᵢ Wⱼᵢ·aᵢ + bⱼ, a = f(z)), reading the parameters one by one:
/// (z, a) of every layer after the input.
fn reference_forward(net: &Network, x: &[f64]) -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut a_prev = x.to_vec();
    let mut out = Vec::new();
    for (l, layer) in net.layers().iter().enumerate() {
        let z: Vec<f64> = (0..layer.units)
            .map(|j| (0..layer.inputs).map(|i| net.weight(l, j, i) * a_prev[i]).sum::<f64>() + net.bias(l, j))
            .collect();
        let a: Vec<f64> = if layer.activation == Activation::Softmax {
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = z.iter().map(|v| (v - max).exp()).collect();
            let sum: f64 = e.iter().sum();
            e.iter().map(|v| v / sum).collect()
        } else {
            z.iter().map(|&v| reference_apply(layer.activation, v)).collect()
        };
        a_prev = a.clone();
        out.push((z, a));
    }
    out
}

/// The smallest |z| over every unit with a kinked activation, for every
/// sample of the batch (∞ if there is none).
fn closest_kink(net: &Network, inputs: &Matrix) -> f64 {
    let mut closest = f64::INFINITY;
    for r in 0..inputs.rows() {
        for (layer, (z, _)) in net.layers().iter().zip(reference_forward(net, inputs.row(r))) {
            if let Some(kink) = layer.activation.facts().kink {
                closest = z.iter().fold(closest, |c, v| c.min((v - kink).abs()));
            }
        }
    }
    closest
}

/// Whether flat parameter `p` is a weight (biases are not penalised).
fn is_weight(net: &Network, p: usize) -> bool {
    net.layers().iter().any(|layer| layer.weight_range().contains(&p))
}

/// f(θ) = mean data loss + penalty: what `gradients` differentiates.
fn objective(net: &Network, inputs: &Matrix, targets: &Matrix) -> f64 {
    net.data_loss(inputs, targets).unwrap() + net.penalty()
}

/// (f(θ + h·eₚ) − f(θ − h·eₚ)) / 2h, dividing by the step actually taken
/// (θₚ ± h is rounded), and restoring θₚ bit-exactly afterwards.
fn numeric_partial(net: &mut Network, p: usize, inputs: &Matrix, targets: &Matrix) -> f64 {
    let original = net.flat_params()[p];
    let (up, down) = (original + H, original - H);
    net.flat_params_mut()[p] = up;
    let f_up = objective(net, inputs, targets);
    net.flat_params_mut()[p] = down;
    let f_down = objective(net, inputs, targets);
    net.flat_params_mut()[p] = original;
    (f_up - f_down) / (up - down)
}

/// |a − b| ≤ tol·max(1, |a|, |b|); false for NaN.
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * 1f64.max(a.abs()).max(b.abs())
}

/// Compares every exact partial derivative with its central difference.
/// Returns how many parameters were compared; mismatches go to `failures`.
fn check_all_parameters(
    net: &mut Network,
    inputs: &Matrix,
    targets: &Matrix,
    label: &str,
    failures: &mut Vec<String>,
) -> usize {
    let (loss, exact) = net.gradients(inputs, targets).unwrap();
    // The returned loss is the *data* loss; the penalty is only in the gradient.
    assert_eq!(
        loss.to_bits(),
        net.data_loss(inputs, targets).unwrap().to_bits(),
        "{label}"
    );
    assert_eq!(exact.len(), net.flat_params().len(), "{label}");
    assert!(exact.iter().any(|&g| g != 0.0), "{label}: every gradient is 0");
    let l1 = matches!(net.regularization(), Regularization::L1 { .. });
    let mut compared = 0;
    for (p, &g) in exact.iter().enumerate() {
        // |w| is not differentiable at 0: skip weights near it under L1.
        if l1 && is_weight(net, p) && net.flat_params()[p].abs() < KINK {
            continue;
        }
        let numeric = numeric_partial(net, p, inputs, targets);
        if !close(numeric, g, TOL) {
            failures.push(format!("{label}: param {p}: numeric {numeric:e} vs backprop {g:e}"));
        }
        compared += 1;
    }
    compared
}

/// Runs the full check for every case of one loss on every shape, with
/// `SEEDS_PER_CASE` kink-free random networks and batches each.
fn check_loss(loss: Loss) {
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in cases_for(loss) {
        for shape in shapes_for(case) {
            let mut accepted = 0;
            for seed in 0..100u32 {
                if accepted == SEEDS_PER_CASE {
                    break;
                }
                let mut rng = Rng::new(seed);
                let mut net = random_network(case, shape, &mut rng);
                let m = 1 + rng.below(5) as usize;
                let (inputs, targets) = random_batch(&net, m, &mut rng);
                // Avoid ReLU kinks by picking another seed rather than loosening TOL.
                if closest_kink(&net, &inputs) < KINK {
                    continue;
                }
                accepted += 1;
                let label = format!("{case:?} {shape:?} seed {seed} batch {m}");
                compared += check_all_parameters(&mut net, &inputs, &targets, &label, &mut failures);
            }
            assert_eq!(accepted, SEEDS_PER_CASE, "{case:?} {shape:?}: too few kink-free seeds");
        }
    }
    assert!(compared > 1000, "only {compared} parameters compared");
    assert!(
        failures.is_empty(),
        "{} mismatches, first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn mse_gradients_match_central_differences() {
    check_loss(Loss::Mse);
}

#[test]
fn half_mse_gradients_match_central_differences() {
    check_loss(Loss::HalfMse);
}

#[test]
fn bce_gradients_match_central_differences() {
    check_loss(Loss::Bce);
}

#[test]
fn softmax_ce_gradients_match_central_differences() {
    check_loss(Loss::SoftmaxCe);
}

/// The penalty's gradient, isolated: the same network with and without a
/// penalty differs by exactly λ·sign(w) (L1) or λ·w (L2) on every weight and
/// by nothing at all on the biases (a bias only shifts a threshold).
#[test]
fn penalty_gradient_is_exact_and_spares_the_biases() {
    let case = Case {
        hidden: Activation::Tanh,
        output: Activation::Sigmoid,
        loss: Loss::Mse,
        reg: Regularization::None,
    };
    let mut rng = Rng::new(11);
    let plain = random_network(case, &[3, 4, 3, 2], &mut rng);
    let (inputs, targets) = random_batch(&plain, 4, &mut rng);
    let (_, base) = plain.gradients(&inputs, &targets).unwrap();
    for reg in [Regularization::L1 { rate: 0.01 }, Regularization::L2 { rate: 0.01 }] {
        let mut net = plain.clone();
        net.set_regularization(reg).unwrap();
        let (_, with_penalty) = net.gradients(&inputs, &targets).unwrap();
        for (p, (&g, &g0)) in with_penalty.iter().zip(&base).enumerate() {
            let w = net.flat_params()[p];
            let expected = match (is_weight(&net, p), reg) {
                (false, _) => 0.0,
                (true, Regularization::L1 { rate }) => rate * w.signum(),
                (true, Regularization::L2 { rate }) => rate * w,
                (true, Regularization::None) => unreachable!(),
            };
            assert!(
                close(g - g0, expected, 1e-12),
                "{reg:?} param {p}: {} vs {expected}",
                g - g0
            );
            if !is_weight(&net, p) {
                assert_eq!(g.to_bits(), g0.to_bits(), "{reg:?}: bias {p} was penalised");
            }
        }
        // And the penalty's value: λ·Σ|w| or λ·Σ½w² over the weights only.
        let weights: Vec<f64> = (0..net.flat_params().len())
            .filter(|&p| is_weight(&net, p))
            .map(|p| net.flat_params()[p])
            .collect();
        let expected = match reg {
            Regularization::L1 { rate } => rate * weights.iter().map(|w| w.abs()).sum::<f64>(),
            Regularization::L2 { rate } => rate * weights.iter().map(|w| 0.5 * w * w).sum::<f64>(),
            Regularization::None => unreachable!(),
        };
        assert!(close(net.penalty(), expected, 1e-14), "{reg:?}");
    }
}

/// Every case on every shape, a few single examples each, kink-free:
/// calls `check` with the network, the example and its trace.
fn for_each_inspected_example(mut check: impl FnMut(&mut Network, &[f64], &[f64], &Trace, &str)) {
    for loss in [Loss::Mse, Loss::HalfMse, Loss::Bce, Loss::SoftmaxCe] {
        for case in cases_for(loss) {
            for shape in shapes_for(case) {
                let mut accepted = 0;
                for seed in 100..200u32 {
                    if accepted == 2 {
                        break;
                    }
                    let mut rng = Rng::new(seed);
                    let mut net = random_network(case, shape, &mut rng);
                    let (inputs, targets) = random_batch(&net, 1, &mut rng);
                    if closest_kink(&net, &inputs) < KINK {
                        continue;
                    }
                    accepted += 1;
                    let (x, y) = (inputs.row(0).to_vec(), targets.row(0).to_vec());
                    let trace = net.inspect(&x, &y).unwrap();
                    let label = format!("{case:?} {shape:?} seed {seed}");
                    check(&mut net, &x, &y, &trace, &label);
                }
                assert_eq!(accepted, 2, "{case:?} {shape:?}: too few kink-free seeds");
            }
        }
    }
}

/// The inspector runs the same forward and backward pass as training, on a
/// batch of one: its gradients, loss and output must be *bit-identical* to
/// `gradients()`/`data_loss()`/`predict()` on a one-row batch — otherwise
/// the numbers a learner reads are not the ones the optimizer uses.
#[test]
fn inspect_agrees_bit_for_bit_with_a_one_row_batch() {
    for_each_inspected_example(|net, x, y, trace, label| {
        let inputs = Matrix::from_rows(&[x.to_vec()], x.len(), "x").unwrap();
        let targets = Matrix::from_rows(&[y.to_vec()], y.len(), "y").unwrap();
        let (loss, grads) = net.gradients(&inputs, &targets).unwrap();
        assert_eq!(trace.gradients, net.unflatten(&grads), "{label}");
        assert_eq!(trace.loss.to_bits(), loss.to_bits(), "{label}");
        let predicted = net.predict(&inputs).unwrap();
        assert_eq!(trace.output, predicted.row(0), "{label}");
        assert_eq!(&trace.output, &trace.layers.last().unwrap().a, "{label}");
        assert_eq!(trace.layers.len(), net.layers().len(), "{label}");
    });
}

/// Per layer: z and a match a forward pass written from the definitions;
/// δ = ∂L/∂z equals ∂L/∂a · f′(z) for elementwise activations (the output
/// layer of bce included: the engine computes its δ as ŷ − y, which must
/// agree with the chain rule through σ′); for softmax, δ equals ∂L/∂a times
/// the softmax Jacobian, Σₖ ∂L/∂aₖ·aₖ(δⱼₖ − aⱼ); and ∂L/∂a of a hidden layer is
/// Σⱼ Wⱼᵢ·δⱼ of the layer above (how the error flows backward).
#[test]
fn inspect_dz_is_da_times_f_prime_and_da_flows_back_through_w() {
    for_each_inspected_example(|net, x, _y, trace, label| {
        let reference = reference_forward(net, x);
        let layers = net.layers().to_vec();
        for (l, (layer, lt)) in layers.iter().zip(&trace.layers).enumerate() {
            let (z_ref, a_ref) = &reference[l];
            for j in 0..layer.units {
                assert!(
                    close(lt.z[j], z_ref[j], 1e-12),
                    "{label}: z[{l}][{j}] {} vs {}",
                    lt.z[j],
                    z_ref[j]
                );
                assert!(
                    close(lt.a[j], a_ref[j], 1e-12),
                    "{label}: a[{l}][{j}] {} vs {}",
                    lt.a[j],
                    a_ref[j]
                );
                let expected_dz = if layer.activation == Activation::Softmax {
                    (0..layer.units)
                        .map(|k| {
                            let kronecker = if j == k { 1.0 } else { 0.0 };
                            lt.da[k] * lt.a[k] * (kronecker - lt.a[j])
                        })
                        .sum()
                } else {
                    lt.da[j] * reference_derivative(layer.activation, lt.z[j])
                };
                assert!(
                    close(lt.dz[j], expected_dz, 1e-10),
                    "{label}: dZ[{l}][{j}] {} vs dA·f′ {expected_dz}",
                    lt.dz[j]
                );
            }
            if let Some(above) = layers.get(l + 1) {
                for i in 0..layer.units {
                    let expected_da: f64 = (0..above.units)
                        .map(|j| net.weight(l + 1, j, i) * trace.layers[l + 1].dz[j])
                        .sum();
                    assert!(
                        close(lt.da[i], expected_da, 1e-12),
                        "{label}: dA[{l}][{i}] {} vs Wᵀδ {expected_da}",
                        lt.da[i]
                    );
                }
            }
        }
    });
}

/// δ against the definition: zⱼ = … + bⱼ with ∂zⱼ/∂bⱼ = 1, so for one example
/// ∂L/∂bⱼ = ∂L/∂zⱼ. Perturbing a bias perturbs exactly one z, which makes the
/// central difference in bⱼ a numeric ∂L/∂zⱼ — for the output layer (where δ
/// comes straight from the loss's closed form) and every hidden layer.
#[test]
fn inspect_dz_equals_the_numeric_derivative_through_the_bias() {
    let mut failures = Vec::new();
    for_each_inspected_example(|net, x, y, trace, label| {
        let inputs = Matrix::from_rows(&[x.to_vec()], x.len(), "x").unwrap();
        let targets = Matrix::from_rows(&[y.to_vec()], y.len(), "y").unwrap();
        let layers = net.layers().to_vec();
        for (l, layer) in layers.iter().enumerate() {
            for (j, p) in layer.bias_range().enumerate() {
                let numeric = numeric_partial(net, p, &inputs, &targets);
                let dz = trace.layers[l].dz[j];
                if !close(numeric, dz, TOL) {
                    failures.push(format!(
                        "{label}: layer {l} unit {j}: numeric ∂L/∂b {numeric:e} vs dZ {dz:e}"
                    ));
                }
            }
        }
    });
    assert!(
        failures.is_empty(),
        "{} mismatches, first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// Far out on the sigmoid (|z| beyond ≈ 709.8, where eᶻ overflows), a
/// confidently *correct* bce output still has a finite ∂L/∂ŷ: −1/σ(z) ≈ −1
/// for y = 1, and 1/(1 − σ(z)) ≈ 1 for y = 0 at z → −∞. The inspector shows
/// NaN instead: `Loss::d_output` (loss.rs, bce arm) evaluates
/// −y·(1 + e⁻ᶻ) + (1 − y)·(1 + eᶻ) in full, and (1 − y)·(1 + eᶻ) = 0·∞ = NaN.
/// Training is unaffected (it uses δ = ŷ − y), but a learner sees dA = NaN.
#[test]
fn inspect_bce_da_stays_finite_for_confident_correct_outputs() {
    let mut config = NetworkConfig::new(&[1, 1]);
    config.loss = Loss::Bce;
    let mut net = Network::new(config).unwrap();
    let identity = backprop::Params {
        weights: vec![vec![vec![1.0]]],
        biases: vec![vec![0.0]],
    };
    net.set_params(&identity).unwrap();
    for (z, y, expected_da) in [(800.0, 1.0, -1.0), (-800.0, 0.0, 1.0)] {
        let trace = net.inspect(&[z], &[y]).unwrap();
        let da = trace.layers[0].da[0];
        assert!(
            close(da, expected_da, 1e-12),
            "z = {z}, y = {y}: dA = {da}, expected {expected_da}"
        );
    }
}
