//! The forward pass and backpropagation over a batch of samples: the fast
//! path. [`crate::reference`] computes the same numbers for one example in
//! the tutorials' notation (read that first); a property test keeps the two
//! equal to 1e-12.
//!
//! Forward, layer by layer:   zˡ = Wˡ aˡ⁻¹ + bˡ,   aˡ = f(zˡ).
//! Backward, from the loss:   δᴸ = ∂L/∂zᴸ (from `loss.rs`), then for each layer
//!
//! ```text
//!     ∂L/∂Wˡ[j][i] = Σₛ δˡⱼ · aˡ⁻¹ᵢ          (the chain rule: ∂zⱼ/∂Wⱼᵢ = aᵢ)
//!     ∂L/∂bˡ[j]    = Σₛ δˡⱼ                  (∂zⱼ/∂bⱼ = 1)
//!     ∂L/∂aˡ⁻¹ᵢ    = Σⱼ Wˡ[j][i] · δˡⱼ       (aᵢ feeds every unit j)
//!     δˡ⁻¹ᵢ        = ∂L/∂aˡ⁻¹ᵢ · f′(zˡ⁻¹ᵢ)
//! ```
//!
//! where Σₛ runs over the samples of the batch (the loss already carries the
//! batch mean's 1/m, so these sums are the gradient of the *mean* loss).
//!
//! Every buffer is laid out `[unit][sample]`: row j holds unit j's value for
//! each sample of the batch. The innermost loops then run along a row, over
//! samples, two at a time in the lanes of an [`F64x2`] (wasm SIMD in the
//! browser, SSE2 natively; a batch of 10 is 5 vector steps) — contiguous
//! memory, no branches, and the same additions in the same order as one
//! sample at a time, so the same bits on every target. The [`Workspace`]
//! keeps every buffer between calls: training allocates nothing per step.

use crate::error::{bail, Result};
use crate::lanes::F64x2;
use crate::loss::OutputLayer;
use crate::matrix::Matrix;
use crate::network::Network;

/// Batch buffers for one network, reused across calls.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Samples currently loaded.
    batch: usize,
    /// The inputs, `[feature][sample]`.
    inputs: Vec<f64>,
    /// The targets, `[output][sample]`.
    targets: Vec<f64>,
    /// zˡ for each layer: total input of each unit.
    z: Vec<Vec<f64>>,
    /// aˡ = f(zˡ): output of each unit.
    a: Vec<Vec<f64>>,
    /// ∂L/∂aˡ for each layer.
    da: Vec<Vec<f64>>,
    /// δˡ = ∂L/∂zˡ for each layer.
    dz: Vec<Vec<f64>>,
}

impl Workspace {
    /// Sizes the buffers for `batch` samples through `network` (reusing the
    /// allocation when it is already big enough).
    fn prepare(&mut self, network: &Network, batch: usize) {
        let layers = network.layers();
        // Already sized for this batch and this shape (the common case while
        // training): nothing to do.
        let same_shape = self.z.len() == layers.len()
            && self.inputs.len() == network.input_size() * batch
            && self.z.iter().zip(layers).all(|(z, l)| z.len() == l.units * batch);
        if same_shape && self.batch == batch && self.targets.len() == network.output_size() * batch {
            return;
        }
        self.batch = batch;
        let resize = |bufs: &mut Vec<Vec<f64>>| {
            bufs.resize(layers.len(), Vec::new());
            for (buf, layer) in bufs.iter_mut().zip(layers) {
                buf.resize(layer.units * batch, 0.0);
            }
        };
        resize(&mut self.z);
        resize(&mut self.a);
        resize(&mut self.da);
        resize(&mut self.dz);
        self.inputs.resize(network.input_size() * batch, 0.0);
        self.targets.resize(network.output_size() * batch, 0.0);
    }

    /// Loads the given rows of `inputs` (and `targets`, if any), transposing
    /// them to `[feature][sample]`.
    pub fn load(&mut self, network: &Network, inputs: &Matrix, targets: Option<&Matrix>, rows: &[usize]) {
        let m = rows.len();
        self.prepare(network, m);
        for (s, &r) in rows.iter().enumerate() {
            for (f, &x) in inputs.row(r).iter().enumerate() {
                self.inputs[f * m + s] = x;
            }
            if let Some(targets) = targets {
                for (k, &y) in targets.row(r).iter().enumerate() {
                    self.targets[k * m + s] = y;
                }
            }
        }
    }

    /// Loads a single sample given as slices.
    pub fn load_one(&mut self, network: &Network, x: &[f64], y: &[f64]) {
        self.prepare(network, 1);
        self.inputs.copy_from_slice(x);
        self.targets.copy_from_slice(y);
    }

    /// Number of samples loaded.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// zˡ, `[unit][sample]`.
    pub fn z(&self, l: usize) -> &[f64] {
        &self.z[l]
    }

    /// aˡ, `[unit][sample]`.
    pub fn a(&self, l: usize) -> &[f64] {
        &self.a[l]
    }

    /// ∂L/∂aˡ, `[unit][sample]` (after [`backward`]).
    pub fn da(&self, l: usize) -> &[f64] {
        &self.da[l]
    }

    /// ∂L/∂zˡ, `[unit][sample]` (after [`backward`]).
    pub fn dz(&self, l: usize) -> &[f64] {
        &self.dz[l]
    }

    /// The network's outputs, `[output][sample]`.
    pub fn output(&self) -> &[f64] {
        self.a.last().map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Forward pass for the batch loaded in `ws`: fills z and a of every layer.
pub fn forward(network: &Network, ws: &mut Workspace) {
    let m = ws.batch;
    let params = network.flat_params();
    for (l, layer) in network.layers().iter().enumerate() {
        let (done, rest) = ws.a.split_at_mut(l);
        let a_prev: &[f64] = if l == 0 { &ws.inputs } else { &done[l - 1] };
        let z = &mut ws.z[l];
        let w = &params[layer.weight_range()];
        let b = &params[layer.bias_range()];
        for (j, &bj) in b.iter().enumerate() {
            // zⱼ = (Σᵢ Wⱼᵢ·aᵢ) + bⱼ, summed in the same order as numpy's W @ a + b.
            let sum = WeightedRows {
                weights: &w[j * layer.inputs..],
                stride: 1,
                n: layer.inputs,
                rows: a_prev,
                m,
            };
            sum.write::<true>(bj, row_mut(z, j, m));
        }
        layer.activation.apply_layer(z, &mut rest[0], m);
    }
}

/// Mean data loss of the batch in `ws` (after [`forward`]).
pub fn data_loss(network: &Network, ws: &Workspace) -> f64 {
    let last = network.layers().len() - 1;
    network.loss().value(&ws.z[last], &ws.a[last], &ws.targets, ws.batch)
}

/// Backpropagation for the batch in `ws` (after [`forward`]): fills ∂L/∂a and
/// ∂L/∂z of every layer and writes ∂(mean loss + penalty)/∂θ into `grads`
/// (flat, laid out like the network's parameters).
pub fn backward(network: &Network, ws: &mut Workspace, grads: &mut [f64]) {
    let m = ws.batch;
    let layers = network.layers();
    let last = layers.len() - 1;
    let output = OutputLayer {
        activation: layers[last].activation,
        z: &ws.z[last],
        a: &ws.a[last],
        batch: m,
    };
    network
        .loss()
        .output_gradients(output, &ws.targets, &mut ws.da[last], &mut ws.dz[last]);
    propagate(network, ws, grads);
    network.add_penalty_gradient(grads);
}

/// The chain rule from the output layer's δ (already in `ws`) down to the
/// input: fills ∂L/∂a and δ of every lower layer and writes the parameter
/// gradients Σₛ δⱼ·aᵢ and Σₛ δⱼ into `grads` (no penalty).
pub fn propagate(network: &Network, ws: &mut Workspace, grads: &mut [f64]) {
    let m = ws.batch;
    let layers = network.layers();
    let params = network.flat_params();
    for l in (0..layers.len()).rev() {
        let layer = &layers[l];
        let a_prev: &[f64] = if l == 0 { &ws.inputs } else { &ws.a[l - 1] };
        let dz = &ws.dz[l];
        // ∂L/∂W[j][i] = Σₛ δⱼ·aᵢ and ∂L/∂b[j] = Σₛ δⱼ
        weight_gradients(dz, a_prev, m, layer.inputs, &mut grads[layer.weight_range()]);
        let gb = &mut grads[layer.bias_range()];
        for (j, g) in gb.iter_mut().enumerate() {
            *g = row(dz, j, m).iter().sum();
        }
        if l == 0 {
            break;
        }
        // ∂L/∂aᵢ = Σⱼ W[j][i]·δⱼ, then δᵢ = ∂L/∂aᵢ · f′(zᵢ) for the layer below.
        let (below, above) = ws.dz.split_at_mut(l);
        let dz = &above[0];
        let da_prev = &mut ws.da[l - 1];
        let w = &params[layer.weight_range()];
        for i in 0..layer.inputs {
            // Column i of W weighs the rows of δ.
            let sum = WeightedRows {
                weights: &w[i..],
                stride: layer.inputs,
                n: layer.units,
                rows: dz,
                m,
            };
            sum.write::<false>(0.0, row_mut(da_prev, i, m));
        }
        let f = layers[l - 1].activation;
        f.backprop_layer(da_prev, &ws.z[l - 1], &ws.a[l - 1], &mut below[l - 1]);
    }
}

/// A weighted sum of rows of `[unit][sample]` data: for every sample s,
/// Σₖ W(k)·rows[k][s] over k = 0, 1, …, n−1 with W(k) = `weights[k·stride]`
/// (stride 1: a row of W, for zⱼ; stride = inputs: a column, for ∂L/∂aᵢ).
struct WeightedRows<'a> {
    weights: &'a [f64],
    stride: usize,
    n: usize,
    /// n rows of `m` samples.
    rows: &'a [f64],
    m: usize,
}

/// Samples per block of [`WeightedRows::write`]: its running sums stay in
/// registers (8 two-lane vectors, half of x86-64's 16 SIMD registers).
const BLOCK_PAIRS: usize = 8;

impl WeightedRows<'_> {
    /// Writes the sum for each sample into `out` (m values), plus `bias` if
    /// `BIAS`. The terms are added in the order k = 0, 1, …, n−1, the first
    /// being the starting value (0 + w₀x₀ would turn −0 into +0), then the
    /// bias — one sample at a time or two lanes at a time, the same bits.
    ///
    /// The samples go in blocks whose running sums stay in registers while
    /// the n rows stream past (so `out` is written once, not once per term):
    /// blocks of [`BLOCK_PAIRS`] pairs, then one block of the pairs left (a
    /// batch of 10 is one block of 5 pairs), then a last odd sample alone.
    #[inline]
    fn write<const BIAS: bool>(&self, bias: f64, out: &mut [f64]) {
        let m = self.m;
        let mut s = 0;
        while s + 2 * BLOCK_PAIRS <= m {
            self.block::<BLOCK_PAIRS, BIAS>(s, bias, out);
            s += 2 * BLOCK_PAIRS;
        }
        match (m - s) / 2 {
            1 => self.block::<1, BIAS>(s, bias, out),
            2 => self.block::<2, BIAS>(s, bias, out),
            3 => self.block::<3, BIAS>(s, bias, out),
            4 => self.block::<4, BIAS>(s, bias, out),
            5 => self.block::<5, BIAS>(s, bias, out),
            6 => self.block::<6, BIAS>(s, bias, out),
            7 => self.block::<7, BIAS>(s, bias, out),
            _ => {}
        }
        if m % 2 == 1 {
            out[m - 1] = self.one::<BIAS>(m - 1, bias);
        }
    }

    /// The weights W(0), W(1), …, W(n−1), each with its row.
    #[inline(always)]
    fn terms(&self) -> impl Iterator<Item = (f64, &[f64])> {
        let weights = self.weights.iter().step_by(self.stride.max(1)).take(self.n);
        weights.copied().zip(self.rows.chunks_exact(self.m.max(1)))
    }

    /// Samples s … s + 2·P − 1, as P two-lane sums.
    #[inline(always)]
    fn block<const P: usize, const BIAS: bool>(&self, s: usize, bias: f64, out: &mut [f64]) {
        let mut acc = [F64x2::splat(0.0); P];
        let mut terms = self.terms();
        if let Some((w0, row)) = terms.next() {
            let (w0, x) = (F64x2::splat(w0), pairs(row, s, P));
            for (a, x) in acc.iter_mut().zip(x) {
                *a = w0 * F64x2::from_pair(x);
            }
        }
        for (wk, row) in terms {
            let (wk, x) = (F64x2::splat(wk), pairs(row, s, P));
            for (a, x) in acc.iter_mut().zip(x) {
                *a = *a + wk * F64x2::from_pair(x);
            }
        }
        let (out, _) = out[s..s + 2 * P].as_chunks_mut::<2>();
        for (a, o) in acc.iter().zip(out) {
            let sum = if BIAS { *a + F64x2::splat(bias) } else { *a };
            sum.write_to(o);
        }
    }

    /// Sample s alone.
    #[inline(always)]
    fn one<const BIAS: bool>(&self, s: usize, bias: f64) -> f64 {
        let mut terms = self.terms();
        let mut acc = match terms.next() {
            Some((w0, row)) => w0 * row[s],
            None => 0.0,
        };
        for (wk, row) in terms {
            acc += wk * row[s];
        }
        if BIAS {
            acc + bias
        } else {
            acc
        }
    }
}

/// `row[s..s + 2·count]` as `count` pairs.
#[inline(always)]
fn pairs(row: &[f64], s: usize, count: usize) -> &[[f64; 2]] {
    row[s..s + 2 * count].as_chunks::<2>().0
}

/// Row `j` of a `[unit][sample]` buffer with `m` samples per row: unit j's
/// value for every sample of the batch.
#[inline]
fn row(buf: &[f64], j: usize, m: usize) -> &[f64] {
    &buf[j * m..(j + 1) * m]
}

/// [`row`], writable.
#[inline]
fn row_mut(buf: &mut [f64], j: usize, m: usize) -> &mut [f64] {
    &mut buf[j * m..(j + 1) * m]
}

/// ∂L/∂W[j][i] = Σₛ δⱼ·aᵢ for every unit j and input i of a layer (`gw` is
/// its `units × inputs` block of the gradient). Each sum runs over the
/// samples with four running sums: samples 0, 4, 8, … in the first, 1, 5,
/// 9, … in the second, and so on, the last m mod 4 samples in the first
/// ones; each starts from +0 and the result is (s₀ + s₁) + (s₂ + s₃). The
/// first two sums are the lanes of one two-lane vector and the last two of
/// another, so SIMD and scalar code add in the same order and every target
/// gets the same bits. The sums go in blocks of 2 units × 2 inputs, so each
/// row of δ and of a is read once per block instead of once per weight.
fn weight_gradients(dz: &[f64], a_prev: &[f64], m: usize, inputs: usize, gw: &mut [f64]) {
    let units = gw.len() / inputs.max(1);
    let blocks = |n: usize| (0..n).step_by(2).map(move |k| (k, (n - k).min(2)));
    for (j, two_units) in blocks(units) {
        for (i, two_inputs) in blocks(inputs) {
            let at = Block { j, i, m, inputs };
            match (two_units, two_inputs) {
                (2, 2) => at.dots::<2, 2>(dz, a_prev, gw),
                (2, _) => at.dots::<2, 1>(dz, a_prev, gw),
                (_, 2) => at.dots::<1, 2>(dz, a_prev, gw),
                _ => at.dots::<1, 1>(dz, a_prev, gw),
            }
        }
    }
}

/// Where a block of [`weight_gradients`] starts: unit j, input i.
struct Block {
    j: usize,
    i: usize,
    m: usize,
    inputs: usize,
}

impl Block {
    /// The J × I sums of units j… and inputs i… (see [`weight_gradients`]).
    #[inline(always)]
    fn dots<const J: usize, const I: usize>(&self, dz: &[f64], a_prev: &[f64], gw: &mut [f64]) {
        let m = self.m;
        let x: [&[f64]; J] = core::array::from_fn(|d| row(dz, self.j + d, m));
        let y: [&[f64]; I] = core::array::from_fn(|e| row(a_prev, self.i + e, m));
        let (xq, yq) = (x.map(|r| r.as_chunks::<4>().0), y.map(|r| r.as_chunks::<4>().0));
        let zero = F64x2::splat(0.0);
        let (mut low, mut high) = ([[zero; I]; J], [[zero; I]; J]);
        let quads = m / 4;
        for c in 0..quads {
            let halves = |q: &[f64; 4]| {
                let (p, _) = q.as_chunks::<2>();
                (F64x2::from_pair(&p[0]), F64x2::from_pair(&p[1]))
            };
            let xs = xq.map(|r| halves(&r[c]));
            let ys = yq.map(|r| halves(&r[c]));
            for d in 0..J {
                for e in 0..I {
                    low[d][e] = low[d][e] + xs[d].0 * ys[e].0;
                    high[d][e] = high[d][e] + xs[d].1 * ys[e].1;
                }
            }
        }
        let done = 4 * quads;
        for d in 0..J {
            for e in 0..I {
                let ([s0, s1], [s2, s3]) = (low[d][e].to_array(), high[d][e].to_array());
                let mut acc = [s0, s1, s2, s3];
                for ((a, x), y) in acc.iter_mut().zip(&x[d][done..]).zip(&y[e][done..]) {
                    *a += x * y;
                }
                gw[(self.j + d) * self.inputs + self.i + e] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
            }
        }
    }
}

/// Largest batch pushed through the network at once by [`Network::predict`];
/// larger inputs go in chunks so the buffers stay cache-sized.
const PREDICT_CHUNK: usize = 1024;

impl Network {
    fn check_inputs(&self, inputs: &Matrix) -> Result<()> {
        if inputs.cols() != self.input_size() {
            bail!(
                "each input needs {} numbers (the input layer's size), got {}",
                self.input_size(),
                inputs.cols()
            );
        }
        Ok(())
    }

    /// Checks that inputs and targets fit this network and loss: widths,
    /// one target per input, finite numbers, labels the loss accepts. (An
    /// empty data set passes; [`Network::check_batch`] refuses it.)
    pub fn check_data(&self, inputs: &Matrix, targets: &Matrix) -> Result<()> {
        self.check_inputs(inputs)?;
        for (what, m) in [("inputs", inputs), ("targets", targets)] {
            if let Some(i) = m.data().iter().position(|v| !v.is_finite()) {
                bail!(
                    "{what}[{}] contains {}; every number must be finite",
                    i / m.cols().max(1),
                    m.data()[i]
                );
            }
        }
        if targets.cols() != self.output_size() {
            bail!(
                "each target needs {} numbers (the output layer's size), got {}",
                self.output_size(),
                targets.cols()
            );
        }
        if inputs.rows() != targets.rows() {
            bail!(
                "there are {} inputs but {} targets; give one target per input",
                inputs.rows(),
                targets.rows()
            );
        }
        self.loss().check_targets(targets.data(), targets.cols())
    }

    /// [`Network::check_data`], and at least one sample.
    pub fn check_batch(&self, inputs: &Matrix, targets: &Matrix) -> Result<()> {
        self.check_data(inputs, targets)?;
        if inputs.rows() == 0 {
            bail!("the batch is empty: give at least one sample");
        }
        Ok(())
    }

    /// The network's outputs for each input row.
    pub fn predict(&self, inputs: &Matrix) -> Result<Matrix> {
        self.check_inputs(inputs)?;
        let mut ws = Workspace::default();
        let k = self.output_size();
        let mut out = vec![0.0; inputs.rows() * k];
        let rows: Vec<usize> = (0..inputs.rows()).collect();
        for chunk in rows.chunks(PREDICT_CHUNK) {
            self.predict_into(
                &mut ws,
                inputs,
                chunk,
                &mut out[chunk[0] * k..(chunk[0] + chunk.len()) * k],
            );
        }
        Matrix::new(inputs.rows(), k, out)
    }

    /// Outputs for the given rows of `inputs`, written row-major into `out`
    /// (`rows.len() × outputs`), reusing `ws`. The fast path for heatmaps.
    pub fn predict_into(&self, ws: &mut Workspace, inputs: &Matrix, rows: &[usize], out: &mut [f64]) {
        ws.load(self, inputs, None, rows);
        forward(self, ws);
        let m = rows.len();
        for (e, &v) in ws.output().iter().enumerate() {
            let (k, s) = (e / m, e % m);
            out[s * self.output_size() + k] = v;
        }
    }

    /// Mean data loss (without the penalty) on the given samples.
    pub fn data_loss(&self, inputs: &Matrix, targets: &Matrix) -> Result<f64> {
        self.check_batch(inputs, targets)?;
        let mut ws = Workspace::default();
        let rows: Vec<usize> = (0..inputs.rows()).collect();
        ws.load(self, inputs, Some(targets), &rows);
        forward(self, &mut ws);
        Ok(data_loss(self, &ws))
    }

    /// The mean data loss and its gradient plus the penalty's, flat.
    pub fn gradients(&self, inputs: &Matrix, targets: &Matrix) -> Result<(f64, Vec<f64>)> {
        self.check_batch(inputs, targets)?;
        let mut ws = Workspace::default();
        let rows: Vec<usize> = (0..inputs.rows()).collect();
        ws.load(self, inputs, Some(targets), &rows);
        forward(self, &mut ws);
        let loss = data_loss(self, &ws);
        let mut grads = vec![0.0; self.flat_params().len()];
        backward(self, &mut ws, &mut grads);
        Ok((loss, grads))
    }

    /// One plain gradient-descent step θ ← θ − η·∂L/∂θ on this batch; returns
    /// the data loss before the step. Refuses a step that would make any
    /// parameter non-finite (the network is then left as it was).
    pub fn step(&mut self, inputs: &Matrix, targets: &Matrix, learning_rate: f64) -> Result<f64> {
        crate::optimizer::check_learning_rate(learning_rate)?;
        let (loss, grads) = self.gradients(inputs, targets)?;
        let updated: Vec<f64> = self
            .flat_params()
            .iter()
            .zip(&grads)
            .map(|(p, g)| p - learning_rate * g)
            .collect();
        if let Some(i) = updated.iter().position(|p| !p.is_finite()) {
            bail!(
                "this step diverged: parameter {i} would become {} (learning rate {learning_rate} is too large for this loss surface); the network was left unchanged",
                updated[i]
            );
        }
        self.flat_params_mut().copy_from_slice(&updated);
        Ok(loss)
    }
}
