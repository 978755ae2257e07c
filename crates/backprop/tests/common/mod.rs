//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod trainers;

use std::collections::HashMap;

/// Numbers printed by the numpy reference scripts in `tests/reference/`
/// (`name = value` lines, where value is a number or a nested list).
pub struct Reference {
    values: HashMap<String, Vec<f64>>,
}

impl Reference {
    /// Reads `tests/reference/<file>` at the workspace root.
    pub fn load(file: &str) -> Reference {
        let path = format!("{}/../../tests/reference/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let mut values = HashMap::new();
        for line in text.lines() {
            let Some((name, value)) = line.split_once(" = ") else {
                continue;
            };
            let numbers: Option<Vec<f64>> = value
                .split(|c: char| c == '[' || c == ']' || c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<f64>().ok())
                .collect();
            if let Some(numbers) = numbers {
                values.insert(name.trim().to_string(), numbers);
            }
        }
        Reference { values }
    }

    /// All numbers of `name`, flattened row by row.
    pub fn list(&self, name: &str) -> Vec<f64> {
        self.values
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("reference has no `{name}`"))
    }

    /// The single number `name`.
    pub fn number(&self, name: &str) -> f64 {
        let list = self.list(name);
        assert_eq!(list.len(), 1, "`{name}` is not a single number");
        list[0]
    }
}

/// Asserts `actual` rounds to exactly the digits a tutorial printed: the
/// printed text fixes the number of decimals.
#[track_caller]
pub fn assert_prints(actual: f64, printed: &str) {
    let decimals = printed.split_once('.').map_or(0, |(_, d)| d.len());
    assert_eq!(
        format!("{actual:.decimals$}"),
        printed,
        "{actual} does not print as {printed}"
    );
}

/// Asserts |actual − expected| ≤ tol · max(1, |expected|).
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, tol: f64) {
    let scale = expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tol * scale,
        "{actual} differs from {expected} by {:e} (tolerance {tol:e})",
        (actual - expected).abs()
    );
}

/// Element-wise [`assert_close`].
#[track_caller]
pub fn assert_all_close(actual: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "lengths differ: {actual:?} vs {expected:?}"
    );
    for (a, e) in actual.iter().zip(expected) {
        assert_close(*a, *e, tol);
    }
}

/// Flattens nested weights `[l][j][i]` of one layer into a row-major list.
pub fn flatten(rows: &[Vec<f64>]) -> Vec<f64> {
    rows.iter().flatten().copied().collect()
}
