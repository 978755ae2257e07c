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
/// input features first (one picture each), then every layer's units.
pub struct Thumbnails {
    size: usize,
    inputs: Matrix,
    inputs_for: Option<(Domain, Vec<Feature>)>,
    workspace: Workspace,
    rows: Vec<usize>,
    /// `pictures[column][unit]`: RGBA; column 0 is the features, then layers.
    pub pictures: Vec<Vec<Vec<u8>>>,
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
            pictures: Vec::new(),
        }
    }

    /// Side of each picture in pixels.
    pub fn size(&self) -> usize {
        self.size
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
        let mut columns = Vec::with_capacity(network.layers().len() + 1);
        // The input features, `[sample][feature]` in the matrix.
        let feature_values: Vec<Vec<f64>> = (0..features.len())
            .map(|f| (0..n).map(|s| self.inputs.row(s)[f]).collect())
            .collect();
        columns.push(feature_values.iter().map(|v| picture(v, None)).collect());
        let last = network.layers().len() - 1;
        for (l, layer) in network.layers().iter().enumerate() {
            let a = self.workspace.a(l);
            let units = (0..layer.units)
                .map(|j| {
                    let values = &a[j * n..(j + 1) * n];
                    if l == last {
                        let ramped: Vec<f64> = values
                            .iter()
                            .map(|&v| output_to_ramp(v, classification, false))
                            .collect();
                        picture(&ramped, Some(1.0))
                    } else {
                        picture(values, bounded_range(layer.activation))
                    }
                })
                .collect();
            columns.push(units);
        }
        self.pictures = columns;
    }
}

/// Values map onto the ramp divided by `range` — the activation's own bound,
/// or, for unbounded ones, the largest magnitude in the picture.
fn picture(values: &[f64], range: Option<f64>) -> Vec<u8> {
    let scale = range.unwrap_or_else(|| values.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-12));
    values.iter().flat_map(|&v| ramp(v / scale)).collect()
}

/// The output range of bounded activations, for drawing units on one scale.
fn bounded_range(activation: Activation) -> Option<f64> {
    match activation {
        Activation::Tanh | Activation::Sigmoid => Some(1.0),
        _ => None,
    }
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
