//! The points on the data canvas: generated from the data set, or clicked.
//!
//! A point is (x, y) in data coordinates plus a label. For 2-D data (x, y) are
//! the inputs (x₁, x₂) and the label is the class (0 or 1) or the regression
//! target. For 1-D data x is the input and y *is* the target (label = y).

use backprop::decimal::Decimal;
use backprop::{Dataset, Domain, Feature, Matrix, Task};
use serde::{Deserialize, Serialize};

/// Most points the page holds (clicked or generated).
pub const MAX_PAGE_POINTS: usize = 10_000;

/// Why an import of more than [`MAX_PAGE_POINTS`] is refused (one fixed
/// text: formatting it would cost download bytes).
pub const TOO_MANY_POINTS: &str = "more points than the page holds (at most 10000); nothing was changed";

/// Largest coordinate or label accepted, in absolute value. Far beyond any
/// canvas, yet small enough that features (x², x₁x₂) and a deep network's
/// sums stay finite numbers, so a far-off imported point shows up as a loss
/// to train down (or a divergence to explain), never as NaN.
pub const MAX_COORDINATE: f64 = 1e6;

/// Training or test point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Trained on.
    Train,
    /// Held out: only measured.
    Test,
}

/// One point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal data coordinate (x₁).
    pub x: f64,
    /// Vertical data coordinate (x₂, or the target for 1-D data).
    pub y: f64,
    /// Class 0/1, or the target value.
    pub label: f64,
    /// Train or test.
    pub split: Split,
    /// Its index among the data set's generated points; `None` for a point
    /// added by hand (or imported). Saved states and links write the points
    /// as "generated, minus these, plus those" from it.
    #[serde(skip)]
    pub generated: Option<u32>,
}

/// The data set as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PointSet {
    /// The points, in order of creation.
    pub points: Vec<Point>,
    /// Input dimensions: 1 (x → y curve) or 2 (plane).
    pub dimensions: usize,
    /// Classification or regression.
    pub task: Task,
    /// The region drawn.
    pub domain: Domain,
    /// Classes a label may name (classification): 2 to 4.
    pub classes: usize,
}

impl PointSet {
    /// The points of a generated data set.
    pub fn from_dataset(data: &Dataset) -> PointSet {
        let dimensions = data.inputs.cols();
        let mut points = Vec::with_capacity(data.inputs.rows());
        for r in 0..data.inputs.rows() {
            let input = data.inputs.row(r);
            let target = data.targets.row(r)[0];
            let y = if dimensions == 1 { target } else { input[1] };
            points.push(Point {
                x: input[0],
                y,
                label: target,
                split: if data.is_test[r] { Split::Test } else { Split::Train },
                generated: Some(r as u32),
            });
        }
        PointSet {
            points,
            dimensions,
            task: data.task,
            domain: data.domain,
            classes: 2,
        }
    }

    /// Adds a training point; refuses non-finite numbers, a class other than
    /// 0/1 for classification, and more than [`MAX_PAGE_POINTS`].
    pub fn add(&mut self, x: f64, y: f64, label: f64) -> Result<(), String> {
        if !(x.is_finite() && y.is_finite() && label.is_finite()) {
            return Err(format!(
                "a point needs finite numbers, got ({}, {}) with label {}",
                Decimal(x),
                Decimal(y),
                Decimal(label)
            ));
        }
        if [x, y, label].iter().any(|v| v.abs() > MAX_COORDINATE) {
            return Err(format!(
                "the point ({}, {}) with label {} is too far out: coordinates and labels must lie within ±{}",
                Decimal(x),
                Decimal(y),
                Decimal(label),
                super::number::show(MAX_COORDINATE)
            ));
        }
        if self.points.len() >= MAX_PAGE_POINTS {
            return Err(format!(
                "the canvas holds at most {MAX_PAGE_POINTS} points; clear some before adding more"
            ));
        }
        let label = if self.dimensions == 1 { y } else { label };
        let whole_class = label.fract() == 0.0 && (0.0..self.classes as f64).contains(&label);
        if self.task == Task::Classification && !whole_class {
            return Err(if self.classes == 2 {
                format!("a class label is 0 (orange) or 1 (blue), got {}", Decimal(label))
            } else {
                format!(
                    "a class label is a whole number from 0 to {}, got {}",
                    self.classes - 1,
                    Decimal(label)
                )
            });
        }
        self.points.push(Point {
            x,
            y,
            label,
            split: Split::Train,
            generated: None,
        });
        Ok(())
    }

    /// Removes the point nearest to (x, y) within `radius` (data units);
    /// returns whether one was removed.
    pub fn remove_nearest(&mut self, x: f64, y: f64, radius: f64) -> bool {
        let nearest = self
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, (p.x - x).powi(2) + (p.y - y).powi(2)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match nearest {
            Some((i, d2)) if d2 <= radius * radius => {
                self.points.remove(i);
                true
            }
            _ => false,
        }
    }

    /// Number of points in a split.
    pub fn count(&self, split: Split) -> usize {
        self.points.iter().filter(|p| p.split == split).count()
    }

    /// Network inputs (features of each point) and targets for one split.
    pub fn matrices(&self, split: Split, features: &[Feature]) -> (Matrix, Matrix) {
        // One loop, not filter/flat_map/collect chains (each its own code in the wasm).
        let (mut raw, mut labels) = (Vec::new(), Vec::new());
        for p in self.points.iter().filter(|p| p.split == split) {
            raw.push(p.x);
            if self.dimensions != 1 {
                raw.push(p.y);
            }
            labels.push(p.label);
        }
        let rows = labels.len();
        let raw = Matrix::new(rows, self.dimensions, raw).unwrap_or_default();
        let inputs = backprop::features::transform(features, &raw)
            .unwrap_or_else(|_| Matrix::new(0, features.len(), Vec::new()).unwrap_or_default());
        // More than two classes: one-hot rows for the softmax's cross-entropy.
        let targets = if self.task == Task::Classification && self.classes > 2 {
            let mut one_hot = Vec::with_capacity(rows * self.classes);
            for &label in &labels {
                for k in 0..self.classes {
                    one_hot.push(if label as usize == k { 1.0 } else { 0.0 });
                }
            }
            Matrix::new(rows, self.classes, one_hot).unwrap_or_default()
        } else {
            Matrix::new(rows, 1, labels).unwrap_or_default()
        };
        (inputs, targets)
    }
}
