//! The losses and accuracy of the current weights on the training and the
//! test points, measured after every epoch. One forward pass per set gives
//! both the loss and the predictions the accuracy counts, and the sets'
//! inputs and targets are built once for the points they come from, not
//! every epoch: with 10 000 points (or 8 × 64 units) measuring would
//! otherwise cost as much as training.
//!
//! The numbers are those of [`Network::data_loss`] and [`Network::predict`]
//! to the bit: the same rows in one batch through the same kernel.

use backprop::backprop::{data_loss, forward, Workspace};
use backprop::{Feature, Matrix, Network, Task};

use super::points::{PointSet, Split};
use super::session::Measures;

/// One set's network inputs and targets, and the rows to load (all).
#[derive(Default)]
struct Set {
    inputs: Matrix,
    targets: Matrix,
    rows: Vec<usize>,
}

/// What the sets were built from: the points' version and the features.
type Key = (u64, Vec<Feature>);

/// The training and test sets, kept between epochs, and the buffers of
/// their forward passes.
#[derive(Default)]
pub struct Measurer {
    key: Option<Key>,
    sets: [Set; 2],
    workspace: Workspace,
}

impl Measurer {
    /// Measures `network` on the points (whose version is `points_version`:
    /// the sets are rebuilt when it or the features change).
    pub fn measure(
        &mut self,
        network: &Network,
        points: &PointSet,
        features: &[Feature],
        points_version: u64,
    ) -> Measures {
        let key = (points_version, features.to_vec());
        if self.key.as_ref() != Some(&key) {
            for (set, split) in self.sets.iter_mut().zip([Split::Train, Split::Test]) {
                let (inputs, targets) = points.matrices(split, features);
                set.rows = (0..inputs.rows()).collect();
                set.inputs = inputs;
                set.targets = targets;
            }
            self.key = Some(key);
        }
        let classify = points.task == Task::Classification;
        let [train, test] = &self.sets;
        let (train_loss, accuracy) = measure_set(network, train, &mut self.workspace, classify);
        let (test_loss, test_accuracy) = measure_set(network, test, &mut self.workspace, classify);
        Measures {
            train_loss,
            test_loss,
            accuracy,
            test_accuracy,
        }
    }
}

/// The mean loss on a set and, for classification, the fraction of it
/// classified right: the output above ½ for label 1 (one output), or the
/// largest output at the label's place (softmax).
fn measure_set(network: &Network, set: &Set, ws: &mut Workspace, classify: bool) -> (Option<f64>, Option<f64>) {
    if network.check_batch(&set.inputs, &set.targets).is_err() {
        return (None, None);
    }
    ws.load(network, &set.inputs, Some(&set.targets), &set.rows);
    forward(network, ws);
    let loss = data_loss(network, ws);
    if !classify {
        return (Some(loss), None);
    }
    // The outputs are `[output][sample]`, the targets `[sample][output]`.
    let (out, m, k) = (ws.output(), set.rows.len(), network.output_size());
    let argmax = |value: &dyn Fn(usize) -> f64| (1..k).fold(0, |best, i| if value(i) > value(best) { i } else { best });
    let right = (0..m)
        .filter(|&s| {
            let y = set.targets.row(s);
            if k == 1 {
                (out[s] > 0.5) == (y[0] > 0.5)
            } else {
                argmax(&|i| out[i * m + s]) == argmax(&|i| y[i])
            }
        })
        .count();
    (Some(loss), Some(right as f64 / m as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::Settings;

    #[test]
    fn one_pass_gives_the_networks_own_loss_and_accuracy() {
        for settings in [
            Settings::default(),
            Settings {
                classes: 3,
                ..Settings::default()
            },
            Settings {
                dataset: backprop::DatasetKind::Plane,
                ..Settings::default()
            },
        ] {
            let session = crate::model::session::Session::new(settings).unwrap();
            let features = session.settings().effective_features();
            let network = session.network();
            let points = session.points();
            let got = Measurer::default().measure(network, points, &features, 0);
            let (xs, ys) = points.matrices(Split::Train, &features);
            assert_eq!(
                got.train_loss.map(f64::to_bits),
                Some(network.data_loss(&xs, &ys).unwrap().to_bits())
            );
            let (xs, ys) = points.matrices(Split::Test, &features);
            assert_eq!(
                got.test_loss.map(f64::to_bits),
                Some(network.data_loss(&xs, &ys).unwrap().to_bits())
            );
            if points.task == Task::Classification {
                // Count by hand from the network's predictions.
                let p = network.predict(&xs).unwrap();
                let k = p.cols();
                let argmax = |r: &[f64]| (0..r.len()).fold(0, |b, i| if r[i] > r[b] { i } else { b });
                let right = (0..xs.rows())
                    .filter(|&r| match k {
                        1 => (p.row(r)[0] > 0.5) == (ys.row(r)[0] > 0.5),
                        _ => argmax(p.row(r)) == argmax(ys.row(r)),
                    })
                    .count();
                assert_eq!(got.test_accuracy, Some(right as f64 / xs.rows() as f64));
            } else {
                assert_eq!(got.accuracy, None);
            }
        }
    }
}
