//! An output unit's picture when there are more than two classes: unit k is
//! class k's probability over the domain, so it is painted in class k's own
//! colour — paper white where the network gives the class no chance, the
//! class's hue (as strong as the heatmap's) where it is sure — and the
//! output column reads as the heatmap taken apart class by class.

use super::grid_pass::PICTURE;
use super::pixels::{class_color, mix};

/// Paints `values` (probabilities on the `PICTURE`² grid, rows from the top)
/// as a `size`-pixel square at `(x, y)` of `rgba` (`width` pixels a row),
/// each pixel from the grid point nearest its centre.
pub fn class_picture(values: &[f64], class: usize, rgba: &mut [u8], width: usize, (x, y): (usize, usize), size: usize) {
    if values.len() != PICTURE * PICTURE || size == 0 {
        return;
    }
    let hue = class_color(class);
    let sample = |p: usize| ((2 * p + 1) * PICTURE / (2 * size)).min(PICTURE - 1);
    for py in 0..size {
        let row = &values[sample(py) * PICTURE..][..PICTURE];
        let start = 4 * ((y + py) * width + x);
        let Some(line) = rgba.get_mut(start..start + 4 * size) else {
            return;
        };
        for (px, pixel) in line.chunks_exact_mut(4).enumerate() {
            // NaN (a diverged network) is no chance: white, never garbage.
            let p = row[sample(px)];
            pixel.copy_from_slice(&mix(hue, if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pixels::CLASS_COLORS;

    /// The colour of class k at probability p, by the heatmap's rule:
    /// paper white (246, 246, 246) moved 75 % of the way to the hue at p = 1.
    fn expected(k: usize, p: f64) -> [u8; 4] {
        let channel = |i: usize| {
            let (paper, hue) = (246.0, f64::from(CLASS_COLORS[k][i]));
            (paper + (hue - paper) * 0.75 * p).round() as u8
        };
        [channel(0), channel(1), channel(2), 255]
    }

    #[test]
    fn each_class_paints_its_own_hue_as_strong_as_its_probability() {
        for k in 0..4 {
            for p in [0.0, 0.25, 1.0] {
                let values = vec![p; PICTURE * PICTURE];
                let mut rgba = vec![0u8; 4 * 6 * 6];
                class_picture(&values, k, &mut rgba, 6, (1, 1), 4);
                // The 4 × 4 square inside a 6 × 6 image, its border untouched.
                for (i, pixel) in rgba.chunks_exact(4).enumerate() {
                    let (px, py) = (i % 6, i / 6);
                    let inside = (1..5).contains(&px) && (1..5).contains(&py);
                    assert_eq!(
                        pixel,
                        if inside { expected(k, p) } else { [0; 4] },
                        "class {k}, p {p}, ({px}, {py})"
                    );
                }
            }
        }
        // Green (class 2) when sure: (0, 158, 115) moved 75 % from paper.
        assert_eq!(expected(2, 1.0), [62, 180, 148, 255]);
    }

    #[test]
    fn a_picture_follows_its_grid_and_survives_nan_and_a_short_buffer() {
        // Top half sure, bottom half no chance.
        let values: Vec<f64> = (0..PICTURE * PICTURE)
            .map(|i| if i / PICTURE < PICTURE / 2 { 1.0 } else { 0.0 })
            .collect();
        let mut rgba = vec![0u8; 4 * 8 * 8];
        class_picture(&values, 1, &mut rgba, 8, (0, 0), 8);
        assert_eq!(rgba[..4], expected(1, 1.0));
        assert_eq!(rgba[4 * 8 * 7..4 * 8 * 7 + 4], expected(1, 0.0));
        let mut nan = vec![0u8; 4];
        class_picture(&vec![f64::NAN; PICTURE * PICTURE], 0, &mut nan, 1, (0, 0), 1);
        assert_eq!(nan, expected(0, 0.0));
        let mut short = vec![0u8; 8];
        class_picture(&values, 0, &mut short, 8, (0, 0), 8);
        assert_eq!(short, [0u8; 8], "a square that does not fit is not painted");
    }
}
