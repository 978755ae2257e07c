//! Pixels computed in Rust: the colours of the decision boundary heatmap and
//! of the small pictures of what each unit computes, from the values of one
//! forward pass over a grid of the domain ([`super::grid_pass`]). The web
//! layer hands the buffers to `ImageData` in one call — drawing 10 000
//! rectangles one by one would never reach 60 fps.

use backprop::Activation;

/// Colour of class 0 ("orange", Okabe–Ito, safe for colour-blind readers).
pub const ORANGE: [u8; 3] = [230, 159, 0];
/// Colour of class 1 ("blue", Okabe–Ito).
pub const BLUE: [u8; 3] = [0, 114, 178];
/// Colours of classes 3 and 4 (Okabe–Ito bluish green and reddish purple).
pub const GREEN: [u8; 3] = [0, 158, 115];
/// See [`GREEN`].
pub const PURPLE: [u8; 3] = [204, 121, 167];
/// Every class's colour, class 0 first.
pub const CLASS_COLORS: [[u8; 3]; 4] = [ORANGE, BLUE, GREEN, PURPLE];

/// The colour of class `k` (labels beyond 3 wrap around).
pub fn class_color(k: usize) -> [u8; 3] {
    CLASS_COLORS[k % CLASS_COLORS.len()]
}

/// A pixel for class probabilities: the most likely class's colour, as
/// strong as the network is sure of it (from chance, 1/K, to certainty).
pub fn class_pixel(probabilities: &[f64], discretize: bool) -> [u8; 4] {
    let (k, sure) = sureness(probabilities, discretize);
    mix(class_color(k), sure)
}

/// The most likely class and how sure of it the network is, from chance
/// (1/K) as 0 to certainty as 1 (always 1 when discretized).
fn sureness(probabilities: &[f64], discretize: bool) -> (usize, f64) {
    let (k, p) =
        probabilities.iter().copied().enumerate().fold(
            (0, f64::NEG_INFINITY),
            |best, (k, p)| if p > best.1 { (k, p) } else { best },
        );
    let chance = 1.0 / probabilities.len().max(1) as f64;
    let sure = if discretize {
        1.0
    } else {
        ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0)
    };
    (k, if sure.is_nan() { 0.0 } else { sure })
}

/// Paper white moved towards `hue` by `0.75·k` (k in [0, 1]): the ramp stops
/// short of the full hue so points stay visible on top.
pub(crate) fn mix(hue: [u8; 3], k: f64) -> [u8; 4] {
    let channel = |i: usize| (f64::from(PAPER[i]) + (f64::from(hue[i]) - f64::from(PAPER[i])) * 0.75 * k).round() as u8;
    [channel(0), channel(1), channel(2), 255]
}

/// The neutral middle of the ramp.
const PAPER: [u8; 3] = [246, 246, 246];

/// Colour for a value t in [−1, 1]: orange at −1, paper white at 0, blue at +1.
/// The ramp stops short of the full hue so points stay visible on top.
pub fn ramp(t: f64) -> [u8; 4] {
    let t = if t.is_finite() { t.clamp(-1.0, 1.0) } else { 0.0 };
    mix(if t < 0.0 { ORANGE } else { BLUE }, t.abs())
}

/// Maps an output to the ramp: a probability p ↦ 2p − 1 (class 0 → −1, class 1
/// → +1), or, discretized, to the full side of the boundary; a regression
/// value is used as is (the data sets' targets lie in about [−1, 1]).
pub fn output_to_ramp(value: f64, classification: bool, discretize: bool) -> f64 {
    let t = if classification { 2.0 * value - 1.0 } else { value };
    if discretize {
        if t >= 0.0 {
            1.0
        } else {
            -1.0
        }
    } else {
        t
    }
}

/// The colours of the pictures, from a table: a frame colours tens of
/// thousands of pixels, and [`ramp`]'s three roundings each (a function call
/// in wasm, which has no round-half-away instruction) would cost more than
/// the network's forward pass. The table holds the exact colours at steps
/// of 1/1024, finer than a colour level (a side of the ramp spans ≤ 173).
pub struct Palette {
    /// ramp(t) for t = i/1024 − 1, i = 0 … 2048.
    ramp: Vec<[u8; 4]>,
}

/// Table steps per unit of t.
const STEPS: f64 = 1024.0;

impl Default for Palette {
    fn default() -> Palette {
        let mut ramp_table = Vec::with_capacity(2049);
        for i in 0..=2048 {
            ramp_table.push(ramp(f64::from(i) / STEPS - 1.0));
        }
        Palette { ramp: ramp_table }
    }
}

impl Palette {
    /// [`ramp`]`(t)`, to the nearest 1/1024 of t.
    #[inline]
    pub fn ramp(&self, t: f64) -> [u8; 4] {
        let t = if t.is_finite() { t.clamp(-1.0, 1.0) } else { 0.0 };
        self.ramp[((t + 1.0) * STEPS + 0.5) as usize]
    }

    /// Colours a heatmap: `rgba` (4 bytes per grid point) from the network's
    /// outputs over the grid (`outputs[k]` holds output k at every point).
    pub fn heatmap(&self, outputs: &[&[f64]], classification: bool, discretize: bool, rgba: &mut [u8]) {
        match outputs {
            [one] => {
                for (pixel, &v) in rgba.chunks_exact_mut(4).zip(one.iter()) {
                    pixel.copy_from_slice(&self.ramp(output_to_ramp(v, classification, discretize)));
                }
            }
            _ => {
                let mut p = [0.0; 4];
                let k = outputs.len().min(4);
                for (s, pixel) in rgba.chunks_exact_mut(4).enumerate() {
                    for (c, out) in outputs.iter().take(k).enumerate() {
                        p[c] = out.get(s).copied().unwrap_or(0.0);
                    }
                    pixel.copy_from_slice(&class_pixel(&p[..k], discretize));
                }
            }
        }
    }

    /// Paints a unit's picture (`PICTURE²` values, see
    /// [`super::grid_pass::PICTURE`]) into a `size × size` square of an RGBA
    /// buffer `width` pixels wide, its top-left corner at (x, y), each pixel
    /// from the nearest picture sample. Values map onto the ramp divided by
    /// `range` — the activation's own bound, or, for unbounded ones, the
    /// largest magnitude in the picture.
    pub fn picture(
        &self,
        values: &[f64],
        range: Option<f64>,
        rgba: &mut [u8],
        width: usize,
        (x, y): (usize, usize),
        size: usize,
    ) {
        const SIDE: usize = super::grid_pass::PICTURE;
        if values.len() != SIDE * SIDE || size == 0 {
            return;
        }
        let scale = range.unwrap_or_else(|| values.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-12));
        let sample = |p: usize| ((2 * p + 1) * SIDE / (2 * size)).min(SIDE - 1);
        let mut colours = [[0u8; 4]; SIDE];
        for py in 0..size {
            let start = 4 * ((y + py) * width + x);
            if start + 4 * size > rgba.len() {
                return;
            }
            // A box pixel row shows the picture row nearest its centre: the
            // same as the line above, copied, or a new row's colours.
            if py > 0 && sample(py) == sample(py - 1) {
                rgba.copy_within(start - 4 * width..start - 4 * width + 4 * size, start);
                continue;
            }
            let row = &values[sample(py) * SIDE..][..SIDE];
            for (colour, &v) in colours.iter_mut().zip(row) {
                *colour = self.ramp(v / scale);
            }
            for (px, pixel) in rgba[start..start + 4 * size].chunks_exact_mut(4).enumerate() {
                pixel.copy_from_slice(&colours[sample(px)]);
            }
        }
    }
}

/// The largest |a| a bounded activation can output (from its range in the
/// engine's facts), for drawing its units on one fixed scale; `None` for
/// unbounded ones, which are scaled to the largest value in the picture.
pub fn bounded_range(activation: Activation) -> Option<f64> {
    activation.facts().range.map(|(low, high)| low.abs().max(high.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_orange_to_white_to_blue() {
        assert_eq!(ramp(0.0), [246, 246, 246, 255]);
        let orange = ramp(-1.0);
        let blue = ramp(1.0);
        assert!(orange[0] > orange[2], "orange is red-heavy: {orange:?}");
        assert!(blue[2] > blue[0], "blue is blue-heavy: {blue:?}");
        assert_eq!(ramp(f64::NAN), ramp(0.0), "never a garbage colour");
        // Three quarters of the way from paper white to the hue, rounded:
        // 246 + (230 − 246)·0.75 = 234, 246 + (159 − 246)·0.75 = 180.75 → 181.
        assert_eq!(orange, [234, 181, 62, 255]);
        assert_eq!(blue, [62, 147, 195, 255]);
    }

    #[test]
    fn the_palettes_table_gives_the_exact_colours() {
        let palette = Palette::default();
        for i in -2000..=2000 {
            let t = f64::from(i) / 1000.0;
            let (table, exact) = (palette.ramp(t), ramp(t));
            let off = table.iter().zip(exact).map(|(a, b)| a.abs_diff(b)).max();
            assert!(off <= Some(1), "t = {t}: {table:?} vs {exact:?}");
        }
        assert_eq!(palette.ramp(f64::NAN), ramp(0.0));
        assert_eq!(palette.ramp(f64::INFINITY), ramp(0.0));
        assert_eq!(palette.ramp(1.0), ramp(1.0));
    }

    #[test]
    fn a_picture_is_scaled_to_its_box_from_the_nearest_samples() {
        let palette = Palette::default();
        let side = crate::model::grid_pass::PICTURE;
        // A picture whose left half is −1 and right half +1.
        let values: Vec<f64> = (0..side * side)
            .map(|i| if i % side < side / 2 { -1.0 } else { 1.0 })
            .collect();
        let width = 12;
        let mut rgba = vec![0u8; 4 * width * 10];
        palette.picture(&values, Some(1.0), &mut rgba, width, (2, 1), 8);
        let at = |rgba: &[u8], x: usize, y: usize| rgba[4 * (y * width + x)..4 * (y * width + x) + 4].to_vec();
        assert_eq!(at(&rgba, 2, 1), ramp(-1.0));
        assert_eq!(at(&rgba, 9, 8), ramp(1.0));
        assert_eq!(at(&rgba, 1, 1), [0, 0, 0, 0], "nothing outside the box");
        assert_eq!(at(&rgba, 10, 1), [0, 0, 0, 0]);
        assert_eq!(at(&rgba, 2, 9), [0, 0, 0, 0]);
        // Unbounded: scaled to the largest magnitude (here 4, so 2 is half way).
        let halves: Vec<f64> = (0..side * side).map(|i| if i == 0 { 4.0 } else { 2.0 }).collect();
        palette.picture(&halves, None, &mut rgba, width, (0, 0), 8);
        assert_eq!(at(&rgba, 4, 4), palette.ramp(0.5));
    }
}
