//! The fast batched kernel equals the one-example reference path
//! (`src/reference.rs`, the tutorials' per-unit loops) on random networks:
//! every activation, every loss, every penalty, batch sizes 1, 2, 3, 10 and
//! odd ones. The batch gradient of a mean loss is the mean of the examples'
//! gradients, plus the penalty's once.

use backprop::{reference, Activation, Init, Loss, Matrix, Network, NetworkConfig, Regularization, Rng};

const BATCH_SIZES: [usize; 7] = [1, 2, 3, 10, 5, 7, 13];

fn random_network(rng: &mut Rng) -> Network {
    let loss = Loss::ALL[rng.below(Loss::ALL.len() as u32) as usize];
    let depth = 2 + rng.below(3) as usize; // 1 to 3 layers after the input
    let mut shape: Vec<usize> = (0..depth).map(|_| 1 + rng.below(5) as usize).collect();
    let hidden: Vec<Activation> = Activation::ALL.into_iter().filter(|a| a.facts().hidden).collect();
    let elementwise: Vec<Activation> = Activation::ALL.into_iter().filter(|a| a.elementwise()).collect();
    let output = match loss.required_output() {
        Some(required) => required,
        None => elementwise[rng.below(elementwise.len() as u32) as usize],
    };
    if output == Activation::Softmax {
        // a softmax over one unit is the constant 1
        *shape.last_mut().unwrap() = 2 + rng.below(3) as usize;
    }
    let mut activations: Vec<Activation> = (0..depth - 2)
        .map(|_| hidden[rng.below(hidden.len() as u32) as usize])
        .collect();
    activations.push(output);
    let regularization = match rng.below(3) {
        0 => Regularization::None,
        1 => Regularization::L1 { rate: 0.01 },
        _ => Regularization::L2 { rate: 0.03 },
    };
    let mut config = NetworkConfig::new(&shape);
    config.activations = Some(activations);
    config.loss = loss;
    config.regularization = regularization;
    config.init = Init::Normal;
    let mut net = Network::new(config).unwrap();
    for p in net.flat_params_mut() {
        *p = rng.uniform_in(-1.5, 1.5);
    }
    net
}

fn random_example(net: &Network, rng: &mut Rng) -> (Vec<f64>, Vec<f64>) {
    let k = net.output_size();
    let x = (0..net.input_size()).map(|_| rng.gauss()).collect();
    let y = match net.loss() {
        Loss::Bce => (0..k).map(|_| f64::from(rng.below(2))).collect(),
        Loss::SoftmaxCe => {
            let class = rng.below(k as u32) as usize;
            (0..k).map(|j| f64::from(u8::from(j == class))).collect()
        }
        Loss::Mse | Loss::HalfMse => (0..k).map(|_| rng.gauss()).collect(),
    };
    (x, y)
}

/// |fast − reference| ≤ 1e-12 × the size of what was summed (a sum of terms
/// that cancel can only be as exact as its largest terms).
#[track_caller]
fn assert_agrees(fast: f64, reference: f64, scale: f64, what: &str) {
    let bound = 1e-12 * scale.max(reference.abs()).max(f64::MIN_POSITIVE);
    assert!(
        (fast - reference).abs() <= bound,
        "{what}: fast {fast} vs reference {reference} (bound {bound:e})"
    );
}

#[test]
fn the_batched_kernel_equals_the_one_example_reference_on_random_networks() {
    let mut rng = Rng::new(14);
    let mut seen = std::collections::BTreeSet::new();
    for net_index in 0..200 {
        let net = random_network(&mut rng);
        let m = BATCH_SIZES[net_index % BATCH_SIZES.len()];
        let examples: Vec<(Vec<f64>, Vec<f64>)> = (0..m).map(|_| random_example(&net, &mut rng)).collect();
        let xs = Matrix::from_rows(
            &examples.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
            net.input_size(),
            "x",
        )
        .unwrap();
        let ys = Matrix::from_rows(
            &examples.iter().map(|e| e.1.clone()).collect::<Vec<_>>(),
            net.output_size(),
            "y",
        )
        .unwrap();
        let what = format!("net {net_index} {:?}, m = {m}", net.config());
        for l in net.layers() {
            seen.insert(l.activation.name());
        }
        seen.insert(net.loss().name());

        // Forward: the batched predictions are the reference's aᴸ, row by row.
        let predicted = net.predict(&xs).unwrap();
        let per_example: Vec<reference::Example> =
            examples.iter().map(|(x, y)| reference::example(&net, x, y)).collect();
        for (s, ex) in per_example.iter().enumerate() {
            for (k, &a) in ex.a.last().unwrap().iter().enumerate() {
                assert_agrees(predicted.row(s)[k], a, 1.0, &what);
            }
        }

        // Loss and gradient of the batch mean = means of the examples'.
        let (loss, gradient) = net.gradients(&xs, &ys).unwrap();
        let mean_loss = per_example.iter().map(|e| e.loss).sum::<f64>() / m as f64;
        let loss_scale = per_example.iter().map(|e| e.loss.abs()).sum::<f64>() / m as f64;
        assert_agrees(loss, mean_loss, loss_scale, &what);
        let mut penalty = vec![0.0; gradient.len()];
        net.add_penalty_gradient(&mut penalty);
        for p in 0..gradient.len() {
            let mean = per_example.iter().map(|e| e.gradient[p]).sum::<f64>() / m as f64 + penalty[p];
            let scale = per_example.iter().map(|e| e.gradient[p].abs()).sum::<f64>() / m as f64 + penalty[p].abs();
            assert_agrees(gradient[p], mean, scale, &format!("{what}, ∂L/∂θ[{p}]"));
        }
    }
    // Every activation and loss was drawn at least once.
    for name in Activation::ALL
        .iter()
        .map(|a| a.name())
        .chain(Loss::ALL.iter().map(|l| l.name()))
    {
        assert!(seen.contains(name), "{name} was never checked");
    }
}

/// `Network::inspect` (what the page's inspector shows) is the reference
/// path plus the penalty's gradient.
#[test]
fn inspect_reads_its_numbers_from_the_reference_path() {
    let mut rng = Rng::new(41);
    for _ in 0..20 {
        let net = random_network(&mut rng);
        let (x, y) = random_example(&net, &mut rng);
        let trace = net.inspect(&x, &y).unwrap();
        let ex = reference::example(&net, &x, &y);
        assert_eq!(trace.loss.to_bits(), ex.loss.to_bits());
        for (l, layer) in trace.layers.iter().enumerate() {
            assert_eq!(
                (&layer.z, &layer.a, &layer.da, &layer.dz),
                (&ex.z[l], &ex.a[l], &ex.da[l], &ex.dz[l])
            );
        }
    }
}
