//! The loss curve's history, bounded: when it fills up, every other point is
//! dropped and from then on only every other epoch is recorded, so a session
//! of a million epochs keeps at most [`CAPACITY`] points and still spans all
//! of it at even spacing.

use serde::Serialize;

/// Most points kept.
pub const CAPACITY: usize = 1000;

/// One recorded epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// Epochs completed.
    pub epoch: u64,
    /// Mean loss on the training points.
    pub train: f64,
    /// Mean loss on the test points (`None` without test points).
    pub test: Option<f64>,
}

/// Bounded, evenly thinned loss history.
#[derive(Debug, Clone, PartialEq, Default)]
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

    /// Records a sample if its epoch falls on the current stride (epoch 0, the
    /// starting point, always does).
    pub fn record(&mut self, sample: Sample) {
        if self.stride == 0 {
            self.stride = 1;
        }
        if !sample.epoch.is_multiple_of(self.stride) {
            return;
        }
        if self.samples.last().is_some_and(|last| last.epoch >= sample.epoch) {
            self.samples.pop();
        }
        if self.samples.len() >= CAPACITY {
            self.stride *= 2;
            let stride = self.stride;
            self.samples.retain(|s| s.epoch.is_multiple_of(stride));
            if !sample.epoch.is_multiple_of(stride) {
                return;
            }
        }
        self.samples.push(sample);
    }

    /// The recorded samples, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.samples.clear();
        self.stride = 1;
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
