//! One batched forward pass of the network over a grid of the data's domain,
//! shared by every picture of the page: the decision boundary is the output
//! at each grid point, and the small picture of what a unit computes is that
//! unit's activation at a coarser subset of the same points. The grid is just
//! a batch — the same kernel as training, buffers reused from pass to pass.
//!
//! A pass may take longer than a frame (8 × 64 units: 33 000 links per grid
//! point), so it advances a few rows of the grid at a time until the frame's
//! time is spent, and goes on in the next frame from where it stopped — on a
//! copy of the weights it started with, so the finished picture shows one
//! network, not the rows of several. A small network finishes its pass
//! within the frame it starts in.

use backprop::backprop::{forward, Workspace};
use backprop::{Domain, Feature, Matrix, Network};

/// Side of a unit's picture in samples: pixel i of a picture is grid row (or
/// column) ⌊(i + ½)·N/PICTURE⌋ of an N × N grid — the grid point nearest the
/// centre of that pixel.
pub const PICTURE: usize = 25;

/// Multiply–adds per chunk of rows, about 0.2 ms of work: a small network
/// does its whole grid in one chunk, a huge one a row at a time.
const CHUNK_WORK: usize = 250_000;

/// What a pass depends on besides the weights: the grid's side and place,
/// the features, and the network's shape (units per layer).
#[derive(Clone, PartialEq)]
struct Layout {
    size: usize,
    domain: Domain,
    features: Vec<Feature>,
    shape: Vec<usize>,
}

/// The forward pass over an N × N grid, its progress and its results.
#[derive(Default)]
pub struct GridPass {
    layout: Option<Layout>,
    /// Every grid point's features, `[sample][feature]`, row by row from the
    /// top (y decreasing), left to right.
    inputs: Matrix,
    /// The weights version the pass in progress (or the last one) is for.
    version: u64,
    /// Grid rows computed so far; the pass is complete at `size`.
    next_row: usize,
    /// The weights the pass in progress started with, kept only when it
    /// goes on past the frame it started in.
    snapshot: Option<Network>,
    workspace: Workspace,
    rows: Vec<usize>,
    /// Output k at every grid point: `outputs[k·N² + sample]`.
    outputs: Vec<f64>,
    /// Every unit's picture, column by column of the diagram (the input
    /// features, then each layer): `pictures[c][u·PICTURE² + pixel]`.
    pictures: Vec<Vec<f64>>,
    /// Passes completed, on any layout: a new number means new pictures.
    completed: u64,
    /// A pass on the current layout has completed: there are results.
    ready: bool,
}

/// Grid row or column of picture pixel `i` on a grid of side `n`.
fn grid_index(i: usize, n: usize) -> usize {
    ((2 * i + 1) * n / (2 * PICTURE)).min(n - 1)
}

impl GridPass {
    /// Side of the grid of the last pass begun (0 before any).
    pub fn size(&self) -> usize {
        self.layout.as_ref().map_or(0, |l| l.size)
    }

    /// How many passes have completed: a new number means new pictures.
    pub fn completed(&self) -> u64 {
        self.completed
    }

    /// Whether a pass on the current grid has completed (before, there are
    /// no outputs or pictures).
    pub fn ready(&self) -> bool {
        self.ready
    }

    /// The weights version the last completed pass was computed for.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Output `k` of the network at every point of the last completed grid
    /// (`size()²` values, row by row from the top).
    pub fn output(&self, k: usize) -> &[f64] {
        if !self.ready {
            return &[];
        }
        let n = self.size() * self.size();
        self.outputs.get(k * n..(k + 1) * n).unwrap_or(&[])
    }

    /// The picture of unit `u` of diagram column `c` (column 0: the input
    /// features): `PICTURE²` values, row by row from the top.
    pub fn picture(&self, c: usize, u: usize) -> &[f64] {
        if !self.ready {
            return &[];
        }
        let n = PICTURE * PICTURE;
        self.pictures
            .get(c)
            .and_then(|p| p.get(u * n..(u + 1) * n))
            .unwrap_or(&[])
    }

    /// Advances the pass for `network` (whose weights are `version`) over a
    /// `size × size` grid of `domain`, a chunk of rows at a time, until it
    /// completes or `out_of_time()` says the frame's time is spent (at least
    /// one chunk is done per call). A pass under way finishes on the weights
    /// it started with; new weights start the next one. Returns true when
    /// this call completed a pass.
    pub fn advance(
        &mut self,
        network: &Network,
        features: &[Feature],
        domain: Domain,
        size: usize,
        version: u64,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        if features.len() != network.input_size() {
            return false;
        }
        let size = size.max(1);
        let mut shape = vec![features.len()];
        shape.extend(network.layers().iter().map(|l| l.units));
        let layout = Layout {
            size,
            domain,
            features: features.to_vec(),
            shape,
        };
        if self.layout.as_ref() != Some(&layout) {
            self.begin(layout, network, version);
        } else if self.next_row == size {
            if self.version == version && self.ready {
                return false;
            }
            self.begin_weights(version);
        }
        loop {
            let net = self.snapshot.take();
            self.chunk(net.as_ref().unwrap_or(network));
            self.snapshot = net;
            if self.next_row == size {
                self.snapshot = None;
                self.completed += 1;
                self.ready = true;
                return true;
            }
            if out_of_time() {
                // Goes on next frame: on these weights, whatever they become.
                if self.snapshot.is_none() {
                    self.snapshot = Some(network.clone());
                }
                return false;
            }
        }
    }

    /// Starts over on a new layout: new grid inputs in the old buffers.
    /// The grid changes size each time training starts or stops (50 × 50
    /// while moving, 100 × 100 at rest): refilling the buffers, which keep
    /// the larger size's capacity, means toggling allocates nothing, so a
    /// long session's memory cannot creep up through fragmentation.
    fn begin(&mut self, layout: Layout, network: &Network, version: u64) {
        let n = layout.size;
        let mut data = std::mem::take(&mut self.inputs).into_data();
        data.clear();
        for py in 0..n {
            let y = layout.domain.y_max - (py as f64 + 0.5) / n as f64 * (layout.domain.y_max - layout.domain.y_min);
            for px in 0..n {
                let x =
                    layout.domain.x_min + (px as f64 + 0.5) / n as f64 * (layout.domain.x_max - layout.domain.x_min);
                data.extend(layout.features.iter().map(|f| f.compute(x, y)));
            }
        }
        self.inputs = Matrix::new(n * n, layout.features.len(), data).unwrap_or_default();
        self.outputs.clear();
        self.outputs.resize(n * n * network.output_size(), 0.0);
        let p = PICTURE * PICTURE;
        self.pictures.resize_with(layout.shape.len(), Vec::new);
        for (picture, &units) in self.pictures.iter_mut().zip(&layout.shape) {
            picture.clear();
            picture.resize(units * p, 0.0);
        }
        // The input features' pictures depend on the layout only.
        for i in 0..PICTURE {
            for j in 0..PICTURE {
                let sample = grid_index(i, n) * n + grid_index(j, n);
                for (f, &v) in self.inputs.row(sample).iter().enumerate() {
                    self.pictures[0][f * p + i * PICTURE + j] = v;
                }
            }
        }
        self.layout = Some(layout);
        self.ready = false;
        self.begin_weights(version);
    }

    /// Starts a pass over the same grid for new weights.
    fn begin_weights(&mut self, version: u64) {
        self.version = version;
        self.next_row = 0;
        self.snapshot = None;
    }

    /// Computes the next chunk of grid rows through `network`.
    fn chunk(&mut self, network: &Network) {
        let n = self.size();
        let work: usize = network.layers().iter().map(|l| l.units * (l.inputs + 1)).sum();
        let rows_per_chunk = (CHUNK_WORK / (work * n).max(1)).clamp(1, n);
        let first = self.next_row;
        let last = (first + rows_per_chunk).min(n);
        let (s0, s1) = (first * n, last * n);
        self.rows.clear();
        self.rows.extend(s0..s1);
        self.workspace.load(network, &self.inputs, None, &self.rows);
        forward(network, &mut self.workspace);
        let m = s1 - s0;
        let layers = network.layers();
        // The output at every grid point, `[output][sample]` as the workspace
        // holds it.
        let out = self.workspace.output();
        for k in 0..network.output_size() {
            self.outputs[k * n * n + s0..k * n * n + s1].copy_from_slice(&out[k * m..(k + 1) * m]);
        }
        // Each unit's picture: the picture rows that fall in this chunk.
        let p = PICTURE * PICTURE;
        for i in (0..PICTURE).filter(|&i| (first..last).contains(&grid_index(i, n))) {
            let row = grid_index(i, n) * n - s0;
            for (l, layer) in layers.iter().enumerate() {
                let a = self.workspace.a(l);
                let pictures = &mut self.pictures[l + 1];
                for u in 0..layer.units {
                    for j in 0..PICTURE {
                        pictures[u * p + i * PICTURE + j] = a[u * m + row + grid_index(j, n)];
                    }
                }
            }
        }
        self.next_row = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::Settings;

    const PLAYGROUND: Domain = Domain {
        x_min: -6.0,
        x_max: 6.0,
        y_min: -6.0,
        y_max: 6.0,
    };

    fn network(hidden: Vec<usize>) -> Network {
        Network::new(
            Settings {
                hidden,
                ..Settings::default()
            }
            .network_config(),
        )
        .unwrap()
    }

    #[test]
    fn picture_pixels_sample_the_nearest_grid_point() {
        // On a 100-point grid each picture pixel covers 4 grid points: its
        // centre is between the 3rd and 4th, and ⌊(i + ½)·4⌋ = 4i + 2.
        assert_eq!((0..3).map(|i| grid_index(i, 100)).collect::<Vec<_>>(), [2, 6, 10]);
        assert_eq!((0..3).map(|i| grid_index(i, 50)).collect::<Vec<_>>(), [1, 3, 5]);
        assert_eq!(grid_index(PICTURE - 1, 50), 49);
        // A grid coarser than the picture repeats its points.
        assert_eq!((0..4).map(|i| grid_index(i, 10)).collect::<Vec<_>>(), [0, 0, 1, 1]);
    }

    #[test]
    fn the_pass_equals_the_networks_own_predictions() {
        let net = network(vec![4, 2]);
        let features = [Feature::X1, Feature::X2];
        let mut pass = GridPass::default();
        assert!(pass.advance(&net, &features, PLAYGROUND, 10, 1, &mut || false));
        // Grid point k of 10 is half a cell in from the edge: −6 + (k + ½)/10 · 12.
        let at = |k: f64| -6.0 + (k + 0.5) / 10.0 * 12.0;
        let predict = |x: f64, y: f64| net.predict(&Matrix::new(1, 2, vec![x, y]).unwrap()).unwrap().data()[0];
        // The first is the top-left point, the last the bottom-right one.
        assert_eq!(pass.output(0)[0].to_bits(), predict(at(0.0), -at(0.0)).to_bits());
        assert_eq!(pass.output(0)[99].to_bits(), predict(at(9.0), -at(9.0)).to_bits());
        // x₁'s picture runs from the left column's x to the right one's, x₂'s
        // from the top row's y down.
        assert_eq!(pass.picture(0, 0)[0], at(0.0));
        assert_eq!(pass.picture(0, 0)[PICTURE - 1], at(9.0));
        assert_eq!(pass.picture(0, 1)[0], -at(0.0));
        // Nothing changed: no new pass.
        assert!(!pass.advance(&net, &features, PLAYGROUND, 10, 1, &mut || false));
        assert_eq!(pass.completed(), 1);
        // Another grid: no results until its pass completes.
        assert!(!pass.advance(&net, &features, PLAYGROUND, 400, 1, &mut || true));
        assert!(!pass.ready() && pass.output(0).is_empty() && pass.picture(1, 0).is_empty());
    }

    #[test]
    fn a_pass_split_over_frames_shows_the_weights_it_started_with() {
        let big = network(vec![64; 4]);
        let features = [Feature::X1, Feature::X2];
        let mut whole = GridPass::default();
        assert!(whole.advance(&big, &features, PLAYGROUND, 40, 7, &mut || false));
        let mut split = GridPass::default();
        // Out of time after every chunk: one row of this grid per frame.
        let mut frames = 1;
        let mut changed = big.clone();
        assert!(!split.advance(&big, &features, PLAYGROUND, 40, 7, &mut || true));
        // Training moves the weights meanwhile; the pass goes on with its copy.
        changed.flat_params_mut()[0] += 1.0;
        while !split.advance(&changed, &features, PLAYGROUND, 40, 8, &mut || true) {
            frames += 1;
        }
        assert!(frames > 1, "the big network's grid took {frames} frames");
        assert_eq!(split.version(), 7);
        assert_eq!(split.output(0), whole.output(0));
        for u in 0..64 {
            assert_eq!(split.picture(1, u), whole.picture(1, u), "unit {u}");
        }
        // The next pass is for the new weights.
        while !split.advance(&changed, &features, PLAYGROUND, 40, 8, &mut || false) {}
        assert_eq!(split.version(), 8);
        assert_ne!(split.output(0), whole.output(0));
    }

    #[test]
    fn every_unit_has_a_picture_of_its_activation() {
        let net = network(vec![4, 2]);
        let features = [Feature::X1, Feature::X2];
        let mut pass = GridPass::default();
        pass.advance(&net, &features, PLAYGROUND, 50, 1, &mut || false);
        // Hidden unit 0's picture pixel (i, j) is its activation at grid point
        // (2i + 1, 2j + 1) of the 50-point grid.
        let (i, j) = (3, 17);
        let (x, y) = (
            -6.0 + (2.0 * j as f64 + 1.5) * 0.24,
            6.0 - (2.0 * i as f64 + 1.5) * 0.24,
        );
        let w = |k: usize| net.weight(0, 0, k);
        let z = w(0) * x + w(1) * y + net.bias(0, 0);
        let a = pass.picture(1, 0)[i * PICTURE + j];
        assert!((a - z.tanh()).abs() < 1e-12, "{a} vs tanh({z})");
        for (c, units) in [2, 4, 2, 1].into_iter().enumerate() {
            for u in 0..units {
                assert_eq!(pass.picture(c, u).len(), PICTURE * PICTURE);
            }
            assert!(pass.picture(c, units).is_empty());
        }
    }
}
