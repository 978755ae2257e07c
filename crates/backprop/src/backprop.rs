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

use crate::activation::{tanh_delta, Activation};
use crate::decimal::Decimal;
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
        self.prepare(network, rows.len());
        gather_columns(inputs, rows, &mut self.inputs);
        if let Some(targets) = targets {
            gather_columns(targets, rows, &mut self.targets);
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

/// Column c of the given rows of `matrix` into row c of `out`
/// (`[column][sample]`, one sample per row index): two samples and two
/// columns at a time, a 2 × 2 transpose in registers. Each pair goes in one
/// 16-byte store, which the forward pass reads right after as a two-lane
/// load (two 8-byte stores read as one 16-byte load stall the CPU).
fn gather_columns(matrix: &Matrix, rows: &[usize], out: &mut [f64]) {
    let (cols, data, m) = (matrix.cols(), matrix.data(), rows.len());
    if out.len() < cols * m {
        return;
    }
    let (row_pairs, last) = rows.as_chunks::<2>();
    for (p, &[r0, r1]) in row_pairs.iter().enumerate() {
        let (row0, row1) = (&data[r0 * cols..(r0 + 1) * cols], &data[r1 * cols..(r1 + 1) * cols]);
        let ((x0, odd0), (x1, odd1)) = (row0.as_chunks::<2>(), row1.as_chunks::<2>());
        for (c, (u, w)) in x0.iter().zip(x1).enumerate() {
            let (u, w) = (F64x2::from_pair(u), F64x2::from_pair(w));
            F64x2::low_lanes(u, w).write_to(pair_mut(out, 2 * c * m + 2 * p));
            F64x2::high_lanes(u, w).write_to(pair_mut(out, (2 * c + 1) * m + 2 * p));
        }
        if let (Some(&u), Some(&w)) = (odd0.first(), odd1.first()) {
            F64x2::new(u, w).write_to(pair_mut(out, (cols - 1) * m + 2 * p));
        }
    }
    if let Some(&r) = last.first() {
        for (c, &x) in data[r * cols..(r + 1) * cols].iter().enumerate() {
            out[c * m + m - 1] = x;
        }
    }
}

/// `buf[at]` and `buf[at + 1]` as a pair.
#[inline(always)]
fn pair_mut(buf: &mut [f64], at: usize) -> &mut [f64; 2] {
    &mut buf[at..at + 2].as_chunks_mut::<2>().0[0]
}

/// Forward pass for the batch loaded in `ws`: fills z and a of every layer.
pub fn forward(network: &Network, ws: &mut Workspace) {
    let m = ws.batch;
    let params = network.flat_params();
    for (l, layer) in network.layers().iter().enumerate() {
        let (done, rest) = ws.a.split_at_mut(l);
        let a_prev: &[f64] = if l == 0 { &ws.inputs } else { &done[l - 1] };
        let z = &mut ws.z[l];
        // zⱼ = (Σᵢ Wⱼᵢ·aᵢ) + bⱼ for every unit j: row j of W weighs the rows
        // of aˡ⁻¹, summed in the same order as numpy's W @ a + b.
        let sums = WeightedRows {
            weights: &params[layer.weight_range()],
            unit_step: layer.inputs,
            term_step: 1,
            n: layer.inputs,
            rows: a_prev,
            m,
            units: layer.units,
        };
        sums.write::<true, false>(&params[layer.bias_range()], z, &[], &mut []);
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
        bias_gradients(dz, m, &mut grads[layer.bias_range()]);
        if l == 0 {
            break;
        }
        // ∂L/∂aᵢ = Σⱼ W[j][i]·δⱼ, then δᵢ = ∂L/∂aᵢ · f′(zᵢ) for the layer below.
        let (below, above) = ws.dz.split_at_mut(l);
        let dz = &above[0];
        let da_prev = &mut ws.da[l - 1];
        // Column i of W weighs the rows of δ.
        let sums = WeightedRows {
            weights: &params[layer.weight_range()],
            unit_step: 1,
            term_step: layer.inputs,
            n: layer.units,
            rows: dz,
            m,
            units: layer.inputs,
        };
        let f = layers[l - 1].activation;
        if f == Activation::Tanh {
            // δ = ∂L/∂a · (1 − a²) right where ∂L/∂a is summed, not in a pass of its own.
            sums.write::<false, true>(&[], da_prev, &ws.a[l - 1], &mut below[l - 1]);
        } else {
            sums.write::<false, false>(&[], da_prev, &[], &mut []);
            f.backprop_layer(da_prev, &ws.z[l - 1], &ws.a[l - 1], &mut below[l - 1]);
        }
    }
}

/// Weighted sums of rows of `[unit][sample]` data, for a whole layer: output
/// row u holds, for every sample s, Σₖ W(u, k)·rows[k][s] over k = 0, 1, …,
/// n−1, with W(u, k) = `weights[u·unit_step + k·term_step]` — rows of W
/// (unit_step = inputs, term_step = 1) for zⱼ, columns of W (unit_step = 1,
/// term_step = inputs) for ∂L/∂aᵢ.
struct WeightedRows<'a> {
    weights: &'a [f64],
    unit_step: usize,
    term_step: usize,
    n: usize,
    /// n rows of `m` samples.
    rows: &'a [f64],
    m: usize,
    /// Output rows.
    units: usize,
}

/// Samples per block of [`WeightedRows::write`]: its running sums stay in
/// registers (8 two-lane vectors, half of x86-64's 16 SIMD registers).
const BLOCK_PAIRS: usize = 8;

impl WeightedRows<'_> {
    /// Writes every output row into `out` (`[unit][sample]`, m samples per
    /// row), plus the unit's bias `biases[u]` if `BIAS`. The terms are added
    /// in the order k = 0, 1, …, n−1, the first being the starting value
    /// (0 + w₀x₀ would turn −0 into +0), then the bias — one sample at a
    /// time or two lanes at a time, the same bits.
    ///
    /// The samples go in blocks whose running sums stay in registers while
    /// the n rows stream past (so `out` is written once, not once per term):
    /// blocks of [`BLOCK_PAIRS`] pairs, then one block of the pairs left (a
    /// batch of 10 is one block of 5 pairs), then a last odd sample alone.
    /// The block size is chosen once for the layer, not once per unit.
    ///
    /// With `TANH`, the sums are ∂L/∂a of a tanh layer whose outputs are `a`,
    /// and δ = ∂L/∂a · (1 − a²) goes into `dz` from the same registers.
    fn write<const BIAS: bool, const TANH: bool>(&self, biases: &[f64], out: &mut [f64], a: &[f64], dz: &mut [f64]) {
        let m = self.m;
        if m == 0 {
            return;
        }
        let mut s = 0;
        while s + 2 * BLOCK_PAIRS <= m {
            self.blocks::<BLOCK_PAIRS, BIAS, TANH>(s, biases, out, a, dz);
            s += 2 * BLOCK_PAIRS;
        }
        match (m - s) / 2 {
            1 => self.blocks::<1, BIAS, TANH>(s, biases, out, a, dz),
            2 => self.blocks::<2, BIAS, TANH>(s, biases, out, a, dz),
            3 => self.blocks::<3, BIAS, TANH>(s, biases, out, a, dz),
            4 => self.blocks::<4, BIAS, TANH>(s, biases, out, a, dz),
            5 => self.blocks::<5, BIAS, TANH>(s, biases, out, a, dz),
            6 => self.blocks::<6, BIAS, TANH>(s, biases, out, a, dz),
            7 => self.blocks::<7, BIAS, TANH>(s, biases, out, a, dz),
            _ => {}
        }
        if m % 2 == 1 {
            for u in 0..self.units {
                let at = u * m + m - 1;
                out[at] = self.one::<BIAS>(u, m - 1, biases);
                if TANH {
                    dz[at] = tanh_delta(out[at], a[at]);
                }
            }
        }
    }

    /// Unit u's weights W(u, 0), W(u, 1), …, W(u, n−1), each with where its
    /// row starts in `rows`. (Offsets by multiplication: `chunks_exact(m)`
    /// would divide by m, which costs more than the sums of a small layer.)
    #[inline(always)]
    fn terms(&self, u: usize) -> impl Iterator<Item = (f64, usize)> + '_ {
        let (base, step, m) = (u * self.unit_step, self.term_step, self.m);
        (0..self.n).map(move |k| (self.weights[base + k * step], k * m))
    }

    /// Samples s … s + 2·P − 1 of every output row, as P two-lane sums.
    #[inline(always)]
    fn blocks<const P: usize, const BIAS: bool, const TANH: bool>(
        &self,
        s: usize,
        biases: &[f64],
        out: &mut [f64],
        a: &[f64],
        dz: &mut [f64],
    ) {
        for u in 0..self.units {
            let mut acc = [F64x2::splat(0.0); P];
            let mut terms = self.terms(u);
            if let Some((w0, row)) = terms.next() {
                let w0 = F64x2::splat(w0);
                for (a, x) in acc.iter_mut().zip(pairs(self.rows, row + s, P)) {
                    *a = w0 * F64x2::from_pair(x);
                }
            }
            for (wk, row) in terms {
                let wk = F64x2::splat(wk);
                for (a, x) in acc.iter_mut().zip(pairs(self.rows, row + s, P)) {
                    *a = *a + wk * F64x2::from_pair(x);
                }
            }
            let bias = F64x2::splat(biases.get(u).copied().unwrap_or(0.0));
            let at = u * self.m + s;
            let (row, _) = out[at..at + 2 * P].as_chunks_mut::<2>();
            for (acc, o) in acc.iter_mut().zip(row) {
                if BIAS {
                    *acc = *acc + bias;
                }
                acc.write_to(o);
            }
            if TANH {
                let (d, _) = dz[at..at + 2 * P].as_chunks_mut::<2>();
                for ((g, a), d) in acc.iter().zip(pairs(a, at, P)).zip(d) {
                    tanh_delta(*g, F64x2::from_pair(a)).write_to(d);
                }
            }
        }
    }

    /// Sample s of output row u alone.
    #[inline(always)]
    fn one<const BIAS: bool>(&self, u: usize, s: usize, biases: &[f64]) -> f64 {
        let mut terms = self.terms(u);
        let mut acc = match terms.next() {
            Some((w0, row)) => w0 * self.rows[row + s],
            None => 0.0,
        };
        for (wk, row) in terms {
            acc += wk * self.rows[row + s];
        }
        if BIAS {
            acc + biases[u]
        } else {
            acc
        }
    }
}

/// `buf[at..at + 2·count]` as `count` pairs.
#[inline(always)]
fn pairs(buf: &[f64], at: usize, count: usize) -> &[[f64; 2]] {
    buf[at..at + 2 * count].as_chunks::<2>().0
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

/// ∂L/∂b[j] = Σₛ δⱼ[s] for every unit j of a layer, each summed in sample
/// order (as `Iterator::sum`, from −0). Two units share a two-lane sum, their
/// rows transposed in registers as in [`weight_gradients`], and the pair is
/// written as one store.
fn bias_gradients(dz: &[f64], m: usize, gb: &mut [f64]) {
    let (pairs, odd) = gb.as_chunks_mut::<2>();
    for (j, out) in pairs.iter_mut().enumerate() {
        let rows = [row(dz, 2 * j, m), row(dz, 2 * j + 1, m)];
        let [r0, r1] = rows.map(|r| r.as_chunks::<2>().0);
        let mut sum = F64x2::splat(-0.0);
        for (p, q) in r0.iter().zip(r1) {
            let (u, w) = (F64x2::from_pair(p), F64x2::from_pair(q));
            sum = sum + F64x2::low_lanes(u, w);
            sum = sum + F64x2::high_lanes(u, w);
        }
        if m % 2 == 1 {
            sum = sum + F64x2::new(rows[0][m - 1], rows[1][m - 1]);
        }
        sum.write_to(out);
    }
    if let Some(g) = odd.first_mut() {
        *g = row(dz, 2 * pairs.len(), m).iter().sum();
    }
}

/// ∂L/∂W[j][i] = Σₛ δⱼ[s]·aᵢ[s] for every unit j and input i of a layer
/// (`gw` is its `units × inputs` block of the gradient, row j for unit j).
/// Each sum adds the samples in order, s = 0, 1, …, m−1, from +0 — as the
/// one-example reference adds example after example.
///
/// Two neighbouring inputs i, i+1 share a two-lane sum (they are neighbours
/// in row j of ∂L/∂W too). Samples go two at a time: the rows aᵢ and aᵢ₊₁ of
/// samples s, s+1 are transposed in registers into [aᵢ[s], aᵢ₊₁[s]] and
/// [aᵢ[s+1], aᵢ₊₁[s+1]], each multiplied by δⱼ[s], resp. δⱼ[s+1], in both
/// lanes. No sum needs its lanes added up at the end, and a block of 2
/// units × 4 inputs keeps its 4 sums in registers while it reads each row of
/// δ and of a once.
fn weight_gradients(dz: &[f64], a_prev: &[f64], m: usize, inputs: usize, gw: &mut [f64]) {
    let units = gw.len() / inputs.max(1);
    for j in (0..units).step_by(2) {
        for i in (0..inputs).step_by(4) {
            let at = Outer {
                j,
                i,
                width: (inputs - i).min(4),
                m,
                inputs,
            };
            match (units - j >= 2, at.width > 2) {
                (true, true) => at.sums::<2, 2>(dz, a_prev, gw),
                (true, false) => at.sums::<2, 1>(dz, a_prev, gw),
                (false, true) => at.sums::<1, 2>(dz, a_prev, gw),
                (false, false) => at.sums::<1, 1>(dz, a_prev, gw),
            }
        }
    }
}

/// One block of [`weight_gradients`]: units j… and the `width` (1 to 4)
/// inputs i….
struct Outer {
    j: usize,
    i: usize,
    width: usize,
    m: usize,
    inputs: usize,
}

impl Outer {
    /// The sums of J units × IP pairs of inputs. An odd last input is paired
    /// with itself and only its first lane kept.
    #[inline(always)]
    fn sums<const J: usize, const IP: usize>(&self, dz: &[f64], a_prev: &[f64], gw: &mut [f64]) {
        let m = self.m;
        let last = self.i + self.width - 1;
        let x: [&[f64]; J] = core::array::from_fn(|d| row(dz, self.j + d, m));
        let y: [[&[f64]; 2]; IP] = core::array::from_fn(|p| {
            let i = self.i + 2 * p;
            [row(a_prev, i, m), row(a_prev, (i + 1).min(last), m)]
        });
        let xp = x.map(|r| r.as_chunks::<2>().0);
        let yp = y.map(|[r0, r1]| [r0.as_chunks::<2>().0, r1.as_chunks::<2>().0]);
        let mut acc = [[F64x2::splat(0.0); IP]; J];
        for c in 0..m / 2 {
            // δⱼ[s] and δⱼ[s+1], each in both lanes.
            let d = xp.map(|r| {
                let v = F64x2::from_pair(&r[c]);
                [F64x2::low_lanes(v, v), F64x2::high_lanes(v, v)]
            });
            // [aᵢ[s], aᵢ₊₁[s]] and [aᵢ[s+1], aᵢ₊₁[s+1]].
            let a = yp.map(|[r0, r1]| {
                let (u, w) = (F64x2::from_pair(&r0[c]), F64x2::from_pair(&r1[c]));
                [F64x2::low_lanes(u, w), F64x2::high_lanes(u, w)]
            });
            for (acc, d) in acc.iter_mut().zip(&d) {
                for (sum, a) in acc.iter_mut().zip(&a) {
                    *sum = *sum + d[0] * a[0];
                    *sum = *sum + d[1] * a[1];
                }
            }
        }
        if m % 2 == 1 {
            let s = m - 1;
            for (acc, x) in acc.iter_mut().zip(&x) {
                let d = F64x2::splat(x[s]);
                for (sum, [r0, r1]) in acc.iter_mut().zip(&y) {
                    *sum = *sum + d * F64x2::new(r0[s], r1[s]);
                }
            }
        }
        // Whole pairs are written as one 16-byte store, which the optimizer's
        // two-lane loads of the gradient can take straight from the store
        // buffer (two 8-byte stores read as one 16-byte load stall the CPU).
        // (One pair at a time with a branch for the odd one: a loop over a
        // variable number of pairs would become a `memory.copy` from the
        // stack, a call out of the wasm code.)
        for (d, acc) in acc.iter().enumerate() {
            let out = &mut row_mut(gw, self.j + d, self.inputs)[self.i..=last];
            for (p, sum) in acc.iter().enumerate() {
                let pair = out.get_mut(2 * p..2 * p + 2);
                match pair.and_then(|pair| <&mut [f64; 2]>::try_from(pair).ok()) {
                    Some(pair) => sum.write_to(pair),
                    None => out[2 * p] = sum.to_array()[0],
                }
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
                    Decimal(m.data()[i])
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
                "this step diverged: parameter {i} would become {} (learning rate {} is too large for this loss surface); the network was left unchanged",
                Decimal(updated[i]),
                Decimal(learning_rate)
            );
        }
        self.flat_params_mut().copy_from_slice(&updated);
        Ok(loss)
    }
}
