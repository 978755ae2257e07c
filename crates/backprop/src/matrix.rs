//! `Matrix`: a batch of samples as one flat row-major buffer (row = sample),
//! the shape in which data enters and leaves the engine. Building one checks
//! everything a user could get wrong: ragged rows, NaN/Infinity, too many rows.

use crate::decimal::Decimal;
use crate::error::{bail, Result};
use crate::limits::MAX_POINTS;

/// `rows × cols` numbers, row-major: element (r, c) is `data[r * cols + c]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// A matrix from a flat row-major buffer; `data.len()` must be `rows * cols`.
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self> {
        if rows.checked_mul(cols) != Some(data.len()) {
            bail!(
                "a {rows}×{cols} matrix needs {} numbers, got {}",
                rows.saturating_mul(cols),
                data.len()
            );
        }
        Ok(Matrix { rows, cols, data })
    }

    /// A matrix from rows, as JavaScript passes them (`[[x1, x2], ...]`),
    /// checking that there is at least one row, at most [`MAX_POINTS`], every
    /// row has `expected_cols` numbers and every number is finite. `what`
    /// names the argument in error messages ("inputs", "targets").
    pub fn from_rows(rows: &[Vec<f64>], expected_cols: usize, what: &str) -> Result<Self> {
        if rows.is_empty() {
            bail!("{what} is empty: give at least one sample");
        }
        if rows.len() > MAX_POINTS {
            bail!("{what} has {} samples; at most {MAX_POINTS} are allowed", rows.len());
        }
        let mut data = Vec::with_capacity(rows.len() * expected_cols);
        for (r, row) in rows.iter().enumerate() {
            if row.len() != expected_cols {
                bail!("{what}[{r}] has {} numbers, but {expected_cols} are needed", row.len());
            }
            if let Some(v) = row.iter().find(|v| !v.is_finite()) {
                bail!("{what}[{r}] contains {}; every number must be finite", Decimal(*v));
            }
            data.extend_from_slice(row);
        }
        Ok(Matrix {
            rows: rows.len(),
            cols: expected_cols,
            data,
        })
    }

    /// Number of rows (samples).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (features or outputs per sample).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row r.
    pub fn row(&self, r: usize) -> &[f64] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// The flat row-major buffer.
    pub fn data(&self) -> &[f64] {
        &self.data
    }

    /// The flat buffer itself, to be refilled for the next matrix without
    /// allocating again.
    pub fn into_data(self) -> Vec<f64> {
        self.data
    }

    /// The rows as nested vectors (for serialising to JavaScript).
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        (0..self.rows).map(|r| self.row(r).to_vec()).collect()
    }
}
