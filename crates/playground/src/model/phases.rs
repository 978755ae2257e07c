//! One training step taken apart: **forward** (values flow left to right),
//! **loss**, **backward** (δ = ∂L/∂z flows right to left), **update** (every
//! parameter moves by what the optimizer computed). Each phase is a state the
//! page can show; nothing changes until the learner steps past the update.

use backprop::{Network, Preview, Trace};

use super::number::show;
use super::session::Session;

/// The four phases of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Forward,
    Loss,
    Backward,
    Update,
}

impl Phase {
    /// Its name (`phase()` in the JS API).
    pub fn name(self) -> &'static str {
        match self {
            Phase::Forward => "forward",
            Phase::Loss => "loss",
            Phase::Backward => "backward",
            Phase::Update => "update",
        }
    }
}

/// A step in progress.
#[derive(Debug, Clone)]
pub struct Stepper {
    /// The phase shown.
    pub phase: Phase,
    /// The next batch, its gradient and the update it will make.
    pub preview: Preview,
    /// The batch's first example, whose numbers are written on the units.
    pub trace: Trace,
    /// That example's network inputs.
    pub inputs: Vec<f64>,
    /// Session versions when the step began: any other change ends it.
    pub versions: (u64, u64),
}

impl Stepper {
    /// Begins a step on the session's next batch (`None` without training data).
    pub fn begin(session: &Session) -> Option<Stepper> {
        let preview = session.preview_next()?;
        let row = *preview.rows.first()?;
        let index = session.train_point_index(row)?;
        let (_, inputs, trace) = session.inspect_point(index).ok()?;
        Some(Stepper {
            phase: Phase::Forward,
            preview,
            trace,
            inputs,
            versions: session.versions(),
        })
    }

    /// The network as it is drawn in this phase: after the update, with the
    /// new parameters.
    pub fn network(&self, current: &Network) -> Network {
        let mut shown = current.clone();
        if self.phase == Phase::Update && shown.flat_params().len() == self.preview.next.len() {
            shown.flat_params_mut().copy_from_slice(&self.preview.next);
        }
        shown
    }

    /// The numbers written under the units in this phase (`[column][unit]`).
    pub fn labels(&self, network: &Network) -> Vec<Vec<String>> {
        let t = &self.trace;
        let short = show;
        let mut columns = vec![tagged("", &self.inputs)];
        let last = t.layers.len() - 1;
        for (l, layer) in t.layers.iter().enumerate() {
            let column = match self.phase {
                Phase::Forward => tagged("a=", &layer.a),
                Phase::Loss if l == last => vec![format!("ŷ={} L={}", short(layer.a[0]), short(t.loss))],
                Phase::Loss => tagged("a=", &layer.a),
                Phase::Backward => tagged("δ=", &layer.dz),
                Phase::Update => tagged("Δb=", &self.preview.delta[network.layers()[l].bias_range()]),
            };
            columns.push(column);
        }
        if self.phase == Phase::Backward {
            columns[0] = vec![String::new(); columns[0].len()];
        }
        columns
    }

    /// What this phase is, in words.
    pub fn describe(&self) -> String {
        let n = self.preview.rows.len();
        let t = &self.trace;
        match self.phase {
            Phase::Forward => {
                "Phase 1 of 4 — forward: values flow left to right; each unit computes a = f(Σ w·a + b). \
                 The numbers are for the batch's first example."
                    .to_string()
            }
            Phase::Loss => format!(
                "Phase 2 of 4 — loss: this example's loss is L = {}; the mean over the batch of {n} is {}.",
                show(t.loss),
                show(self.preview.loss)
            ),
            Phase::Backward => "Phase 3 of 4 — backward: δ = ∂L/∂z flows right to left, δ = f′(z)·Σ w·δ; then \
                 ∂L/∂w = δ·a for every weight (averaged over the batch)."
                .to_string(),
            Phase::Update => format!(
                "Phase 4 of 4 — update: every weight moves by the optimizer's step (learning rate {}); the diagram \
                 shows the new weights. Next applies them.",
                show(self.preview.learning_rate)
            ),
        }
    }
}

/// Each value as `tag` and its number ("a=0.5"): one loop for every column
/// (a `map(…).collect()` per column was its own code in the wasm).
fn tagged(tag: &str, values: &[f64]) -> Vec<String> {
    let mut out = Vec::with_capacity(values.len());
    for &v in values {
        out.push(format!("{tag}{}", show(v)));
    }
    out
}
