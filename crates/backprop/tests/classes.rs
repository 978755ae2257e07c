//! Three or four classes on the playground's shapes: labels 0 … k − 1, the
//! shape each class is meant to have, reproducible from the seed — and the
//! two-class points exactly as they always were.

use backprop::{Dataset, DatasetConfig, DatasetKind, Task};

const SHAPES: [DatasetKind; 5] = [
    DatasetKind::Circle,
    DatasetKind::Xor,
    DatasetKind::Gaussians,
    DatasetKind::Spiral,
    DatasetKind::Moons,
];

fn config(kind: DatasetKind, noise: f64, seed: u32) -> DatasetConfig {
    DatasetConfig {
        kind,
        points: Some(200),
        noise: Some(noise),
        seed,
        test_fraction: 0.2,
    }
}

fn generate(kind: DatasetKind, noise: f64, classes: usize) -> Dataset {
    Dataset::generate_classes(&config(kind, noise, 5), classes).expect("a valid config")
}

/// (x₁, x₂, label) of every point.
fn points(data: &Dataset) -> Vec<(f64, f64, f64)> {
    (0..data.inputs.rows())
        .map(|r| (data.inputs.row(r)[0], data.inputs.row(r)[1], data.targets.row(r)[0]))
        .collect()
}

#[test]
fn k_classes_label_every_shape_0_to_k_minus_1_in_near_equal_shares() {
    for kind in SHAPES {
        for k in 2..=4usize {
            let data = generate(kind, 0.2, k);
            assert_eq!(data.task, Task::Classification);
            let mut counts = vec![0usize; k];
            for (_, _, label) in points(&data) {
                assert!(
                    label.fract() == 0.0 && (0.0..k as f64).contains(&label),
                    "{kind:?} k={k}: label {label}"
                );
                counts[label as usize] += 1;
            }
            // 200 points: 100 each, 67/67/66, or 50 each; the XOR quadrants
            // are random draws, so only roughly even.
            let fair = 200 / k;
            let slack = if kind == DatasetKind::Xor { fair / 2 } else { 1 };
            for (class, &count) in counts.iter().enumerate() {
                assert!(
                    count + slack >= fair,
                    "{kind:?} k={k}: class {class} has {count} of 200 points"
                );
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_points_and_another_seed_others() {
    for kind in SHAPES {
        for k in 3..=4 {
            let a = Dataset::generate_classes(&config(kind, 0.3, 9), k).expect("valid");
            let b = Dataset::generate_classes(&config(kind, 0.3, 9), k).expect("valid");
            let c = Dataset::generate_classes(&config(kind, 0.3, 10), k).expect("valid");
            assert_eq!(a, b, "{kind:?} k={k}");
            assert_ne!(points(&a), points(&c), "{kind:?} k={k}");
        }
    }
}

/// FNV-1a over the bits of every input, target and test flag.
fn fingerprint(data: &Dataset) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bits: u64| {
        for byte in bits.to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    data.inputs
        .data()
        .iter()
        .chain(data.targets.data())
        .for_each(|v| eat(v.to_bits()));
    data.is_test.iter().for_each(|&t| eat(u64::from(t)));
    hash
}

#[test]
fn two_classes_are_the_points_they_always_were() {
    // Recorded from `Dataset::generate` before there were classes (at 1e0d37c).
    let recorded = [
        (DatasetKind::Circle, 0x3c44_202d_6edd_e5dfu64),
        (DatasetKind::Xor, 0xf6ad_8ad0_ea02_5136),
        (DatasetKind::Gaussians, 0x7f85_18e6_14c1_f5b2),
        (DatasetKind::Spiral, 0x6bc7_67b9_c8f9_2d98),
        (DatasetKind::Moons, 0xa50b_c2d0_71f3_86e7),
    ];
    let now: Vec<_> = recorded
        .iter()
        .map(|&(kind, _)| {
            (
                kind,
                fingerprint(&Dataset::generate(&config(kind, 0.2, 5)).expect("valid")),
            )
        })
        .collect();
    assert_eq!(now, recorded, "the two-class points changed: {now:x?}");
    for kind in SHAPES {
        assert_eq!(
            generate(kind, 0.2, 2),
            Dataset::generate(&config(kind, 0.2, 5)).expect("valid")
        );
    }
}

#[test]
fn without_noise_each_class_has_its_shape() {
    // Rings: class j's radius lies in its band [j·(w + g), j·(w + g) + w]
    // with gap g = 2/k and width w = (5 − (k − 1)·g)/k.
    for k in 3..=4 {
        let g = 2.0 / k as f64;
        let w = (5.0 - (k - 1) as f64 * g) / k as f64;
        for (x, y, label) in points(&generate(DatasetKind::Circle, 0.0, k)) {
            let r = x.hypot(y);
            let inner = label * (w + g);
            assert!(
                r >= inner - 1e-9 && r <= inner + w + 1e-9,
                "k={k}: class {label} at radius {r}"
            );
        }
    }
    // Quadrants: with 4 classes one per quadrant, counter-clockwise from
    // x₁, x₂ > 0; with 3 the quadrants where x₁·x₂ > 0 share class 0.
    for (k, by_quadrant) in [(4, [0.0, 1.0, 2.0, 3.0]), (3, [0.0, 1.0, 0.0, 2.0])] {
        for (x, y, label) in points(&generate(DatasetKind::Xor, 0.0, k)) {
            let quadrant = match (x > 0.0, y > 0.0) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            assert_eq!(label, by_quadrant[quadrant], "k={k}: ({x}, {y})");
        }
    }
    // Blobs: every point is nearer its own centre (2√2 out, at 45° + j·360°/k)
    // than any other centre (sd 0.5, centres ≥ 4 apart: a 4-sd margin).
    for k in 3..=4 {
        let centre = |j: f64| {
            let a = std::f64::consts::FRAC_PI_4 + 2.0 * std::f64::consts::PI * j / k as f64;
            (8f64.sqrt() * a.cos(), 8f64.sqrt() * a.sin())
        };
        let data = points(&generate(DatasetKind::Gaussians, 0.0, k));
        let near = data
            .iter()
            .filter(|&&(x, y, label)| {
                let d = |(cx, cy): (f64, f64)| (x - cx).hypot(y - cy);
                (0..k).all(|j| d(centre(label)) <= d(centre(j as f64)))
            })
            .count();
        assert!(
            near >= data.len() * 97 / 100,
            "k={k}: {near} of {} nearest their own blob",
            data.len()
        );
    }
    // Spiral arms: the first point of each arm is at the centre, and arm j
    // sets off at angle 2π·j/k (x₁ = r sin t, x₂ = r cos t): the second point
    // of arm j points that way.
    for k in 3..=4 {
        let data = points(&generate(DatasetKind::Spiral, 0.0, k));
        for (s, &(x, y, label)) in data.iter().enumerate().take(2 * k) {
            assert_eq!(label, (s % k) as f64);
            if s < k {
                assert!(x.abs() < 1e-12 && y.abs() < 1e-12, "arm {label} starts at ({x}, {y})");
            } else {
                // Point 1 of an arm of m = ⌈200/k⌉ is at f = 1/m of the way.
                let t = 1.75 * 2.0 * std::f64::consts::PI / (200.0 / k as f64).ceil();
                let expected = t + 2.0 * std::f64::consts::PI * label / k as f64;
                let angle = x.atan2(y);
                let diff = (angle - expected).rem_euclid(2.0 * std::f64::consts::PI);
                assert!(
                    diff.min(2.0 * std::f64::consts::PI - diff) < 1e-9,
                    "arm {label}: {angle} vs {expected}"
                );
            }
        }
    }
    // Moons: each class on a half circle of radius 1 (before scaling by
    // 11/(1.25·(k − 1) + 2) and centring), moon j centred 1.25·j along x₁ —
    // upper halves for even j around height 0, lower halves for odd j
    // around height ½ — and all inside [−5.5, 5.5]².
    for k in 3..=4 {
        let span = 1.25 * (k - 1) as f64;
        let scale = 11.0 / (span + 2.0);
        for (x, y, label) in points(&generate(DatasetKind::Moons, 0.0, k)) {
            assert!(x.abs() <= 5.5 + 1e-9 && y.abs() <= 5.5, "({x}, {y})");
            let (u, v) = (x / scale + span / 2.0 - 1.25 * label, y / scale + 0.25);
            let (v, upper) = if (label as usize).is_multiple_of(2) {
                (v, v)
            } else {
                (v - 0.5, 0.5 - v)
            };
            assert!(
                (u.hypot(v) - 1.0).abs() < 1e-9 && upper >= -1e-9,
                "k={k}: class {label} at ({x}, {y})"
            );
        }
    }
}

#[test]
fn other_sets_ignore_classes_and_a_bad_count_is_refused() {
    for kind in [
        DatasetKind::OrGate,
        DatasetKind::Gender,
        DatasetKind::Plane,
        DatasetKind::WeightHeight,
    ] {
        let c = DatasetConfig {
            points: Some(50),
            ..config(kind, 0.1, 3)
        };
        assert_eq!(
            Dataset::generate_classes(&c, 3).ok(),
            Dataset::generate(&c).ok(),
            "{kind:?}"
        );
    }
    for bad in [0, 1, 5, 100] {
        let err = Dataset::generate_classes(&config(DatasetKind::Circle, 0.0, 1), bad).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("classes must be 2, 3 or 4, got {bad}")),
            "{err}"
        );
    }
}
