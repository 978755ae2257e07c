//! Pixels computed in Rust: the decision boundary heatmap and the small
//! pictures of what each unit computes. A grid of sample points covers the
//! domain; the network runs on all of them as one batch; each output becomes
//! an RGBA pixel. The web layer hands the buffer to `ImageData` in one call —
//! drawing 10 000 rectangles one by one would never reach 60 fps.

use backprop::backprop::{forward, Workspace};
use backprop::{Activation, Domain, Feature, Matrix, Network};

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
    let hue = class_color(k);
    let mix = |i: usize| (f64::from(PAPER[i]) + (f64::from(hue[i]) - f64::from(PAPER[i])) * 0.75 * sure).round() as u8;
    [mix(0), mix(1), mix(2), 255]
}

/// The neutral middle of the ramp.
const PAPER: [u8; 3] = [246, 246, 246];

/// Colour for a value t in [−1, 1]: orange at −1, paper white at 0, blue at +1.
/// The ramp stops short of the full hue so points stay visible on top.
pub fn ramp(t: f64) -> [u8; 4] {
    let t = if t.is_finite() { t.clamp(-1.0, 1.0) } else { 0.0 };
    let hue = if t < 0.0 { ORANGE } else { BLUE };
    let k = 0.75 * t.abs();
    let mix = |i: usize| (f64::from(PAPER[i]) + (f64::from(hue[i]) - f64::from(PAPER[i])) * k).round() as u8;
    [mix(0), mix(1), mix(2), 255]
}

/// The centres of a `width × height` grid of pixels over `domain`, row by row
/// from the top (y decreases downward on screen).
pub fn grid(domain: Domain, width: usize, height: usize) -> Vec<(f64, f64)> {
    let mut points = Vec::with_capacity(width * height);
    for py in 0..height {
        let y = domain.y_max - (py as f64 + 0.5) / height as f64 * (domain.y_max - domain.y_min);
        for px in 0..width {
            let x = domain.x_min + (px as f64 + 0.5) / width as f64 * (domain.x_max - domain.x_min);
            points.push((x, y));
        }
    }
    points
}

/// A grid's network inputs: the features of every grid point.
pub fn grid_inputs(domain: Domain, width: usize, height: usize, features: &[Feature]) -> Matrix {
    let points = grid(domain, width, height);
    let data = points
        .iter()
        .flat_map(|&(x, y)| features.iter().map(move |f| f.compute(x, y)))
        .collect();
    Matrix::new(points.len(), features.len(), data).unwrap_or_default()
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

/// The decision-boundary heatmap: reusable buffers for one grid size.
pub struct Heatmap {
    width: usize,
    height: usize,
    /// Grid inputs, cached for the domain and features they were made for.
    inputs: Matrix,
    inputs_for: Option<(Domain, Vec<Feature>)>,
    workspace: Workspace,
    outputs: Vec<f64>,
    rows: Vec<usize>,
    /// The pixels, RGBA, row by row from the top.
    pub rgba: Vec<u8>,
}

impl Heatmap {
    /// Buffers for a `width × height` heatmap.
    pub fn new(width: usize, height: usize) -> Heatmap {
        Heatmap {
            width,
            height,
            inputs: Matrix::default(),
            inputs_for: None,
            workspace: Workspace::default(),
            outputs: Vec::new(),
            rows: (0..width * height).collect(),
            rgba: vec![0; 4 * width * height],
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Recomputes every pixel from the network's output over the domain.
    pub fn render(
        &mut self,
        network: &Network,
        features: &[Feature],
        domain: Domain,
        classification: bool,
        discretize: bool,
    ) {
        let key = (domain, features.to_vec());
        if self.inputs_for.as_ref() != Some(&key) {
            self.inputs = grid_inputs(domain, self.width, self.height, features);
            self.inputs_for = Some(key);
        }
        if self.inputs.cols() != network.input_size() {
            return;
        }
        let k = network.output_size();
        self.outputs.resize(self.width * self.height * k, 0.0);
        network.predict_into(&mut self.workspace, &self.inputs, &self.rows, &mut self.outputs);
        if k == 1 {
            for (pixel, &value) in self.rgba.chunks_exact_mut(4).zip(&self.outputs) {
                pixel.copy_from_slice(&ramp(output_to_ramp(value, classification, discretize)));
            }
        } else {
            for (pixel, probabilities) in self.rgba.chunks_exact_mut(4).zip(self.outputs.chunks_exact(k)) {
                pixel.copy_from_slice(&class_pixel(probabilities, discretize));
            }
        }
    }
}

/// What every unit computes, as a small `size × size` picture per unit: the
/// input features first (one picture each), then every layer's units. All
/// pictures sit in one RGBA atlas — column c of the diagram is the atlas's
/// row of pictures c, unit u its u-th picture — so the page puts them on a
/// canvas in one call.
pub struct Thumbnails {
    size: usize,
    inputs: Matrix,
    inputs_for: Option<(Domain, Vec<Feature>)>,
    workspace: Workspace,
    rows: Vec<usize>,
    /// Pictures across (the most units in any column) and down (columns).
    shape: (usize, usize),
    /// The atlas, RGBA, `shape.0 × size` pixels wide and `shape.1 × size` high.
    pub atlas: Vec<u8>,
}

impl Thumbnails {
    /// Buffers for `size × size` pictures.
    pub fn new(size: usize) -> Thumbnails {
        Thumbnails {
            size,
            inputs: Matrix::default(),
            inputs_for: None,
            workspace: Workspace::default(),
            rows: (0..size * size).collect(),
            shape: (0, 0),
            atlas: Vec::new(),
        }
    }

    /// Side of each picture in pixels.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The atlas's width and height in pixels.
    pub fn atlas_size(&self) -> (usize, usize) {
        (self.shape.0 * self.size, self.shape.1 * self.size)
    }

    /// The RGBA pixels of one picture (column `c`, unit `u`), row by row.
    pub fn picture(&self, c: usize, u: usize) -> Vec<u8> {
        let (width, _) = self.atlas_size();
        let row_bytes = 4 * self.size;
        (0..self.size)
            .flat_map(|y| {
                let start = 4 * ((c * self.size + y) * width + u * self.size);
                self.atlas[start..start + row_bytes].iter().copied()
            })
            .collect()
    }

    /// Recomputes every picture.
    pub fn render(&mut self, network: &Network, features: &[Feature], domain: Domain, classification: bool) {
        let key = (domain, features.to_vec());
        if self.inputs_for.as_ref() != Some(&key) {
            self.inputs = grid_inputs(domain, self.size, self.size, features);
            self.inputs_for = Some(key);
        }
        if self.inputs.cols() != network.input_size() {
            return;
        }
        self.workspace.load(network, &self.inputs, None, &self.rows);
        forward(network, &mut self.workspace);
        let n = self.size * self.size;
        let across = network
            .layers()
            .iter()
            .map(|l| l.units)
            .fold(features.len(), usize::max);
        let shape = (across, network.layers().len() + 1);
        if shape != self.shape {
            self.shape = shape;
            self.atlas = vec![0; 4 * n * shape.0 * shape.1];
        }
        let mut canvas = Atlas {
            pixels: &mut self.atlas,
            width: shape.0 * self.size,
            size: self.size,
        };
        // The input features, `[sample][feature]` in the matrix.
        for f in 0..features.len() {
            let values = (0..n).map(|s| self.inputs.row(s)[f]);
            canvas.paint(0, f, values, None);
        }
        let last = network.layers().len() - 1;
        for (l, layer) in network.layers().iter().enumerate() {
            let a = self.workspace.a(l);
            for j in 0..layer.units {
                let values = a[j * n..(j + 1) * n].iter().copied();
                if l == last {
                    let ramped = values.map(|v| output_to_ramp(v, classification, false));
                    canvas.paint(l + 1, j, ramped, Some(1.0));
                } else {
                    canvas.paint(l + 1, j, values, bounded_range(layer.activation));
                }
            }
        }
    }
}

/// The thumbnails' atlas while it is painted.
struct Atlas<'a> {
    pixels: &'a mut [u8],
    width: usize,
    size: usize,
}

impl Atlas<'_> {
    /// Paints picture (column `c`, unit `u`): values map onto the ramp
    /// divided by `range` — the activation's own bound, or, for unbounded
    /// ones, the largest magnitude in the picture.
    fn paint(&mut self, c: usize, u: usize, values: impl Iterator<Item = f64> + Clone, range: Option<f64>) {
        let scale = range.unwrap_or_else(|| values.clone().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-12));
        for (i, v) in values.enumerate() {
            let (x, y) = (u * self.size + i % self.size, c * self.size + i / self.size);
            let at = 4 * (y * self.width + x);
            self.pixels[at..at + 4].copy_from_slice(&ramp(v / scale));
        }
    }
}

/// The largest |a| a bounded activation can output (from its range in the
/// engine's facts), for drawing its units on one fixed scale; `None` for
/// unbounded ones, which are scaled to the largest value in the picture.
fn bounded_range(activation: Activation) -> Option<f64> {
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
    }

    #[test]
    fn every_unit_picture_has_its_own_place_in_one_atlas() {
        // The page's default network: 2 inputs, hidden [4, 2], one output.
        let network = Network::new(crate::model::settings::Settings::default().network_config()).unwrap();
        let domain = Domain {
            x_min: -6.0,
            x_max: 6.0,
            y_min: -6.0,
            y_max: 6.0,
        };
        let mut thumbs = Thumbnails::new(10);
        thumbs.render(&network, &[Feature::X1, Feature::X2], domain, true);
        // Four columns (inputs, two hidden layers, output), four pictures across.
        assert_eq!(thumbs.atlas_size(), (40, 40));
        assert_eq!(thumbs.atlas.len(), 4 * 40 * 40);
        // x₁'s picture runs orange (left) to blue (right), x₂'s orange
        // (bottom) to blue (top).
        let x1 = thumbs.picture(0, 0);
        let (left, right) = (&x1[4 * 50..4 * 50 + 4], &x1[4 * 59..4 * 59 + 4]);
        assert!(left[0] > left[2] && right[2] > right[0], "{left:?} {right:?}");
        let x2 = thumbs.picture(0, 1);
        let (top, bottom) = (&x2[0..4], &x2[4 * 90..4 * 90 + 4]);
        assert!(top[2] > top[0] && bottom[0] > bottom[2], "{top:?} {bottom:?}");
        // Every unit's picture is painted (opaque); the unused slots are not.
        for (c, units) in [2, 4, 2, 1].into_iter().enumerate() {
            for u in 0..4 {
                let opaque = thumbs.picture(c, u).chunks_exact(4).all(|p| p[3] == 255);
                assert_eq!(opaque, u < units, "column {c}, unit {u}");
            }
        }
    }

    #[test]
    fn the_grid_runs_left_to_right_and_top_to_bottom() {
        let domain = Domain {
            x_min: 0.0,
            x_max: 4.0,
            y_min: 0.0,
            y_max: 2.0,
        };
        let g = grid(domain, 4, 2);
        assert_eq!(g[0], (0.5, 1.5));
        assert_eq!(g[3], (3.5, 1.5));
        assert_eq!(g[4], (0.5, 0.5));
    }
}
