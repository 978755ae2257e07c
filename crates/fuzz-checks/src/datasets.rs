//! Data-set recipes and feature transforms from any bytes: each is either
//! refused with a message that names the bad value, or gives data that keeps
//! its promises (counts, finite numbers, 0/1 labels, the test split's size,
//! features computed exactly as documented).

use backprop::features::transform;
use backprop::limits::MAX_POINTS;
use backprop::{Dataset, DatasetConfig, DatasetKind, Feature, Matrix, Task};

use crate::bytes::Bytes;

pub fn datasets(data: &[u8]) {
    let mut b = Bytes::new(data);
    while !b.is_empty() {
        if b.coin() {
            dataset(&mut b);
        } else {
            features(&mut b);
        }
    }
}

fn dataset(b: &mut Bytes) {
    let config = DatasetConfig {
        kind: b.pick(&DatasetKind::ALL),
        points: match b.byte() % 6 {
            0 => None,
            1 => Some(b.below(4)),
            2 => Some(MAX_POINTS + b.below(3)),
            _ => Some(1 + b.below(60)),
        },
        noise: match b.byte() % 4 {
            0 => None,
            1 => Some(b.number()),
            _ => Some(f64::from(b.byte()) / 200.0),
        },
        seed: u32::from(b.byte()) * 257,
        test_fraction: if b.coin() {
            f64::from(b.byte() % 10) / 10.0
        } else {
            b.number()
        },
    };
    let data = match Dataset::generate(&config) {
        Ok(data) => data,
        Err(e) => {
            assert!(
                e.message().contains("got"),
                "{config:?}: the message names the value: {e}"
            );
            return;
        }
    };
    let n = data.inputs.rows();
    let fixed = match config.kind {
        DatasetKind::OrGate => Some(4),
        DatasetKind::Gender => Some(6),
        _ => None,
    };
    let asked = config.points.unwrap_or_else(|| config.kind.default_points());
    assert_eq!(n, fixed.unwrap_or(asked), "{config:?}: the number of points");
    assert!((1..=MAX_POINTS).contains(&asked), "{config:?}: accepted {asked} points");
    assert_eq!((data.targets.rows(), data.is_test.len()), (n, n), "{config:?}");
    assert_eq!((data.inputs.cols(), data.targets.cols()), (config.kind.dimensions(), 1));
    let finite = |m: &Matrix| m.data().iter().all(|v| v.is_finite());
    assert!(finite(&data.inputs) && finite(&data.targets), "{config:?}: finite data");
    if data.task == Task::Classification {
        assert!(
            data.targets.data().iter().all(|&y| y == 0.0 || y == 1.0),
            "{config:?}: labels 0/1"
        );
    }
    let (train, test) = (data.train().0.rows(), data.test().0.rows());
    assert_eq!(train + test, n, "{config:?}: the split keeps every point");
    if fixed.is_none() {
        let held_out = (n as f64 * config.test_fraction).round() as usize;
        assert_eq!(test, held_out, "{config:?}: the test split's size");
    }
}

fn features(b: &mut Bytes) {
    let chosen: Vec<Feature> = (0..b.below(5)).map(|_| b.pick(&Feature::ALL)).collect();
    let (rows, cols) = (b.below(4), b.below(4));
    let Ok(raw) = Matrix::new(rows, cols, (0..rows * cols).map(|_| b.number()).collect()) else {
        return;
    };
    match transform(&chosen, &raw) {
        Err(e) => assert!(!e.message().is_empty()),
        Ok(out) => {
            assert!(
                (1..=2).contains(&cols) && !chosen.is_empty(),
                "{chosen:?} on {cols} columns"
            );
            assert_eq!((out.rows(), out.cols()), (rows, chosen.len()));
            for r in 0..rows {
                let (x1, x2) = (raw.row(r)[0], raw.row(r).get(1).copied().unwrap_or(0.0));
                for (c, feature) in chosen.iter().enumerate() {
                    assert_eq!(
                        out.row(r)[c].to_bits(),
                        feature.compute(x1, x2).to_bits(),
                        "{feature:?}"
                    );
                }
            }
        }
    }
}
