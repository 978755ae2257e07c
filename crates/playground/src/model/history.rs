//! The loss curve's history, bounded: when it fills up, every other point is
//! dropped and from then on only every other epoch is recorded, so a session
//! of a million epochs keeps at most [`CAPACITY`] points and still spans all
//! of it at even spacing.

use backprop::strict::{Error, Value};
use serde::{Deserialize, Serialize};

use super::read::{object, required, Read};

/// Most points kept.
pub const CAPACITY: usize = 1000;

/// One recorded epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sample {
    /// Epochs completed.
    pub epoch: u64,
    /// Mean loss on the training points.
    pub train: f64,
    /// Mean loss on the test points (`None` without test points).
    pub test: Option<f64>,
}

/// Bounded, evenly thinned loss history (saved whole in an export, so the
/// curve of an imported run goes on exactly as the original's).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossHistory {
    samples: Vec<Sample>,
    /// Record every `stride`-th epoch.
    stride: u64,
}

impl LossHistory {
    /// An empty history.
    pub fn new() -> Self {
        LossHistory {
            samples: Vec::with_capacity(CAPACITY),
            stride: 1,
        }
    }

    /// Records a sample if it is the first of its stretch of `stride` epochs
    /// (epoch 0, the starting point, always is). A stretch, not an exact
    /// multiple: the page trains `speed` epochs a frame from wherever the
    /// count stands, and once thinned to stride 4 a run at 2202, 2702, 3202…
    /// would never land on a multiple of 4 again — the curve would stop.
    pub fn record(&mut self, sample: Sample) {
        // The same epoch measured again (points changed) replaces its sample.
        if self.samples.last().is_some_and(|last| last.epoch >= sample.epoch) {
            self.samples.pop();
        }
        let mut stride = self.stride.max(1);
        while self.samples.len() >= CAPACITY {
            // Full: stretches twice as long, keeping the first sample of each
            // (until some go: sparse samples may each have a stretch to themselves).
            stride *= 2;
            let mut previous = u64::MAX;
            self.samples.retain(|s| {
                let first = s.epoch / stride != previous;
                previous = s.epoch / stride;
                first
            });
        }
        self.stride = stride;
        if self
            .samples
            .last()
            .is_some_and(|last| last.epoch / stride == sample.epoch / stride)
        {
            return;
        }
        self.samples.push(sample);
    }

    /// Every how many epochs a sample is kept.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// The recorded samples, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Checks a history read from a file: at most [`CAPACITY`] samples of
    /// finite losses at increasing epochs, and a stride of at least 1.
    pub fn check(&self) -> Result<(), String> {
        let finite = |s: &Sample| s.train.is_finite() && s.test.is_none_or(f64::is_finite);
        if self.samples.len() > CAPACITY || self.stride == 0 {
            return Err(format!(
                "the loss history has {} samples with stride {}; at most {CAPACITY} with stride ≥ 1 are kept",
                self.samples.len(),
                self.stride
            ));
        }
        if !self.samples.iter().all(finite) || self.samples.windows(2).any(|w| w[0].epoch >= w[1].epoch) {
            return Err("the loss history needs finite losses at increasing epochs".into());
        }
        Ok(())
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.samples.clear();
        self.stride = 1;
    }
}

impl Read for Sample {
    fn read(value: Value) -> Result<Self, Error> {
        let (mut epoch, mut train, mut test) = (None, None, None);
        object(
            value,
            "struct Sample",
            &["epoch", "train", "test"],
            true,
            &mut |i, v| {
                match i {
                    0 => epoch = Some(Read::read(v)?),
                    1 => train = Some(Read::read(v)?),
                    _ => test = Some(Read::read(v)?),
                }
                Ok(())
            },
        )?;
        Ok(Sample {
            epoch: required(epoch, "epoch")?,
            train: required(train, "train")?,
            test: test.flatten(),
        })
    }
}

impl Read for LossHistory {
    /// Read by hand (`model/read.rs` says why); both fields are needed.
    fn read(value: Value) -> Result<Self, Error> {
        let (mut samples, mut stride) = (None, None);
        object(
            value,
            "struct LossHistory",
            &["samples", "stride"],
            true,
            &mut |i, v| {
                match i {
                    0 => samples = Some(Read::read(v)?),
                    _ => stride = Some(Read::read(v)?),
                }
                Ok(())
            },
        )?;
        Ok(LossHistory {
            samples: required(samples, "samples")?,
            stride: required(stride, "stride")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(epoch: u64) -> Sample {
        Sample {
            epoch,
            train: 1.0 / (1.0 + epoch as f64),
            test: None,
        }
    }

    #[test]
    fn a_long_session_stays_bounded_and_spans_every_epoch() {
        let mut history = LossHistory::new();
        for epoch in 0..=100_000 {
            history.record(sample(epoch));
        }
        let samples = history.samples();
        assert!(
            samples.len() <= CAPACITY && samples.len() > CAPACITY / 2,
            "{}",
            samples.len()
        );
        assert_eq!(samples[0].epoch, 0);
        assert!(samples.last().unwrap().epoch > 99_000);
        let gaps: Vec<u64> = samples.windows(2).map(|w| w[1].epoch - w[0].epoch).collect();
        assert!(gaps.iter().all(|&g| g == gaps[0]), "evenly spaced");
    }

    #[test]
    fn the_curve_goes_on_when_the_epochs_per_frame_miss_the_stride() {
        // 2 200 epochs one a frame (thinned to stride 4), then 500 a frame
        // from 2 202 on: no later epoch is a multiple of 4.
        let mut history = LossHistory::new();
        let epochs = (0..=2202).chain((1..=2000).map(|k| 2202 + 500 * k));
        for epoch in epochs {
            history.record(sample(epoch));
            assert!(history.samples().len() <= CAPACITY);
        }
        // And sparse from the start: every sample has a stretch of its own.
        let mut sparse = LossHistory::new();
        for k in 0..5000 {
            sparse.record(sample(500 * k + 3));
            assert!(sparse.samples().len() <= CAPACITY);
        }
        let samples = history.samples();
        let end = 2202 + 500 * 2000;
        assert_eq!(samples[0].epoch, 0);
        assert!(samples.windows(2).all(|w| w[0].epoch < w[1].epoch));
        // Spread over the whole run, up to its last stretch: no part of the
        // curve is left empty.
        let widest = samples.windows(2).map(|w| w[1].epoch - w[0].epoch).max().unwrap();
        assert!(widest <= 4 * end / CAPACITY as u64, "a gap of {widest} epochs in {end}");
        assert!(end - samples.last().unwrap().epoch <= widest);
    }

    #[test]
    fn an_epoch_measured_again_replaces_its_sample() {
        let mut history = LossHistory::new();
        for epoch in 0..5 {
            history.record(sample(epoch));
        }
        history.record(Sample {
            epoch: 4,
            train: 9.0,
            test: None,
        });
        assert_eq!(history.samples().len(), 5);
        assert_eq!(history.samples()[4].train, 9.0);
    }

    #[test]
    fn a_short_session_keeps_every_epoch() {
        let mut history = LossHistory::new();
        for epoch in 0..10 {
            history.record(sample(epoch));
        }
        assert_eq!(
            history.samples().iter().map(|s| s.epoch).collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
    }
}
