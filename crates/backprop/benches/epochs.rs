//! Training throughput: epochs per second and GFLOP/s for two small networks
//! and the page's largest.
//!
//! A plain bench binary (`harness = false`): it prints figures and never
//! asserts. Run it with `cargo bench -p backprop --bench epochs`, or through
//! `scripts/bench`, which also runs the same two cases in wasm under node
//! (`tests/node/bench.mjs`) and in a scalar C baseline (`bench/baseline.c`)
//! and prints a comparison.
//!
//! Cases (all: tanh everywhere, `half_mse`, SGD, learning rate 0.03, batches
//! of 10 in order — no shuffle — over 250 points, seed 1):
//!
//! - **a**: 2-4-2-1 on `circle`;
//! - **b**: 2-[8 × 6]-1 (six hidden layers of 8) on `spiral`;
//! - **c**: 2-[64 × 8]-1 (eight hidden layers of 64, the page's largest) on
//!   `circle`, where the layers are wide enough for blocking to count.
//!
//! Targets are the data sets' own 0/1 labels (not mapped to ±1); the C
//! baseline uses 0/1 labels too.
//!
//! FLOP count (the same in all three benches). Per sample, per dense layer
//! with n_in inputs and n_out units:
//!
//! - forward: 2·n_in·n_out (a multiply and an add per weight) + n_out (bias);
//! - backward: 2·n_in·n_out for ∂W, 2·n_in·n_out for ∂a_prev (not for the
//!   first layer, whose inputs need no gradient), n_out for ∂b;
//!
//! plus, per batch, 2 per parameter for the update θ ← θ − η·g. tanh, tanh′,
//! the loss and the output delta are not counted.
//!
//! Each case is warmed up, then timed over whole chunks of epochs until at
//! least `BENCH_SECONDS` (default 2) have passed. Case names given as
//! arguments run only those cases (`cargo bench -p backprop --bench epochs -- b`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Loss, NetworkConfig, OptimizerConfig, Trainer,
    TrainerConfig,
};

const POINTS: usize = 250;
const BATCH: usize = 10;
const LEARNING_RATE: f64 = 0.03;
const SEED: u32 = 1;

struct Case {
    name: &'static str,
    layers: Vec<usize>,
    kind: DatasetKind,
    data: &'static str,
}

/// Floating-point operations in one epoch (see the module comment).
fn flops_per_epoch(layers: &[usize], points: usize, batch: usize) -> f64 {
    let mut per_sample = 0;
    let mut params = 0;
    for (l, pair) in layers.windows(2).enumerate() {
        let (n_in, n_out) = (pair[0], pair[1]);
        per_sample += 2 * n_in * n_out + n_out; // forward
        per_sample += 2 * n_in * n_out + n_out; // backward: ∂W, ∂b
        if l > 0 {
            per_sample += 2 * n_in * n_out; // backward: ∂a_prev
        }
        params += n_in * n_out + n_out;
    }
    let batches = points.div_ceil(batch);
    (points * per_sample + batches * 2 * params) as f64
}

fn layers_label(layers: &[usize]) -> String {
    layers.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("-")
}

fn trainer_for(case: &Case) -> Trainer {
    let layers = case.layers.clone();
    let config = TrainerConfig {
        network: NetworkConfig {
            activation: Some(Activation::Tanh),
            loss: Loss::HalfMse,
            ..NetworkConfig::new(&layers)
        },
        optimizer: OptimizerConfig {
            learning_rate: LEARNING_RATE,
            batch_size: BatchSize::Samples(BATCH),
            shuffle: false,
            ..Default::default()
        },
        regularization: None,
        seed: Some(SEED),
    };
    let mut trainer = Trainer::new(config).expect("valid trainer config");
    let data = Dataset::generate(&DatasetConfig {
        kind: case.kind,
        points: Some(POINTS),
        noise: None,
        seed: SEED,
        test_fraction: 0.0,
    })
    .expect("valid data set config");
    trainer
        .set_data(data.inputs.clone(), data.targets.clone())
        .expect("data fits the network");
    trainer
}

fn bench_seconds() -> f64 {
    match std::env::var("BENCH_SECONDS") {
        Ok(s) => match s.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => v,
            _ => {
                eprintln!("BENCH_SECONDS={s:?} is not a positive number; using 2");
                2.0
            }
        },
        Err(_) => 2.0,
    }
}

/// `BENCH_EPOCHS=n`: train exactly n epochs, untimed, and print the loss —
/// a fixed amount of work for instruction counters (`valgrind --tool=callgrind`),
/// whose counts do not depend on what else the machine is doing.
fn fixed_epochs() -> Option<u32> {
    std::env::var("BENCH_EPOCHS").ok().and_then(|s| s.trim().parse().ok())
}

fn run(case: &Case, seconds: f64) {
    let mut trainer = trainer_for(case);
    if let Some(epochs) = fixed_epochs() {
        let loss = trainer.train_epochs(epochs).expect("training runs");
        println!("rust-native case={} epochs={epochs} loss={:?}", case.name, loss);
        return;
    }
    let budget = Duration::from_secs_f64(seconds);

    // Warm up (caches, branch predictors, CPU clock) for a tenth of the budget,
    // and size the chunks so each takes about 20 ms.
    let warmup = budget / 10;
    let start = Instant::now();
    let mut warm_epochs = 0u64;
    while start.elapsed() < warmup || warm_epochs == 0 {
        black_box(trainer.train_epochs(10).expect("training runs"));
        warm_epochs += 10;
    }
    let per_epoch = start.elapsed().as_secs_f64() / warm_epochs as f64;
    let chunk = ((0.02 / per_epoch) as u32).clamp(1, 100_000);

    let mut epochs = 0u64;
    let start = Instant::now();
    let (elapsed, loss) = loop {
        let loss = black_box(trainer.train_epochs(chunk).expect("training runs"));
        epochs += u64::from(chunk);
        let elapsed = start.elapsed();
        if elapsed >= budget {
            break (elapsed.as_secs_f64(), loss);
        }
    };

    let epochs_per_s = epochs as f64 / elapsed;
    let gflops = flops_per_epoch(&case.layers, POINTS, BATCH) * epochs_per_s / 1e9;
    let status = trainer.status();
    println!(
        "rust-native case={} net={} data={}/{}  epochs/s={:.1}  us/epoch={:.3}  GFLOP/s={:.4}  loss={:.6}  epochs={}  secs={:.2}",
        case.name,
        layers_label(&case.layers),
        case.data,
        POINTS,
        epochs_per_s,
        1e6 / epochs_per_s,
        gflops,
        loss.unwrap_or(f64::NAN),
        epochs,
        elapsed,
    );
    if status.diverged {
        println!(
            "  warning: case {} diverged, so the figures above are meaningless",
            case.name
        );
    }
}

fn main() {
    let seconds = bench_seconds();
    let cases = [
        Case {
            name: "a",
            layers: vec![2, 4, 2, 1],
            kind: DatasetKind::Circle,
            data: "circle",
        },
        Case {
            name: "b",
            layers: vec![2, 8, 8, 8, 8, 8, 8, 1],
            kind: DatasetKind::Spiral,
            data: "spiral",
        },
        Case {
            name: "c",
            layers: vec![2, 64, 64, 64, 64, 64, 64, 64, 64, 1],
            kind: DatasetKind::Circle,
            data: "circle",
        },
    ];
    println!(
        "# tanh, half_mse, SGD lr {LEARNING_RATE}, batch {BATCH}, no shuffle, {POINTS} points, 0/1 targets; >= {seconds} s per case"
    );
    for case in &cases {
        println!(
            "#   case {}: {:.0} FLOP/epoch",
            case.name,
            flops_per_epoch(&case.layers, POINTS, BATCH)
        );
    }
    // cargo passes `--bench`; any other argument names a case to run.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    for case in &cases {
        if only.is_empty() || only.iter().any(|name| name == case.name) {
            run(case, seconds);
        }
    }
}
