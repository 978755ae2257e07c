//! The single-neuron panel: sliders for w₁, w₂ and b of a network without
//! hidden layers, its decision line w₁x₁ + w₂x₂ + b = 0, and the gradient a
//! confidently wrong prediction gets under MSE and under cross-entropy.

use backprop::decimal::Decimal;
use backprop::{Feature, Network};
use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, HtmlInputElement};

use super::dom::{self, set_text, Root};
use crate::model::number::show;
use crate::model::session::Session;

/// A coefficient in a sum, parenthesised when negative: `(−0.5)·x₁`.
fn factor(v: f64) -> String {
    if v < 0.0 {
        format!("({})", show(v))
    } else {
        show(v)
    }
}

/// The panel's elements.
pub struct NeuronPanel {
    /// The `<details>` it lives in: closed, nothing in it is shown.
    panel: HtmlElement,
    sliders: [HtmlInputElement; 3],
    values: [HtmlElement; 3],
    line: HtmlElement,
    compare: HtmlElement,
}

/// (w₁, w₂, b) if the network is one sigmoid neuron on inputs x₁, x₂.
pub fn single_neuron(network: &Network, features: &[Feature]) -> Option<(f64, f64, f64)> {
    (network.layers().len() == 1 && network.output_size() == 1 && features == [Feature::X1, Feature::X2])
        .then(|| (network.weight(0, 0, 0), network.weight(0, 0, 1), network.bias(0, 0)))
}

impl NeuronPanel {
    /// Finds the elements.
    pub fn new(root: &Root) -> Result<NeuronPanel, JsValue> {
        Ok(NeuronPanel {
            panel: root.by_id("neuron-mode")?,
            sliders: [
                root.by_id("neuron-w1")?,
                root.by_id("neuron-w2")?,
                root.by_id("neuron-b")?,
            ],
            values: [
                root.by_id("neuron-w1-value")?,
                root.by_id("neuron-w2-value")?,
                root.by_id("neuron-b-value")?,
            ],
            line: root.by_id("neuron-line")?,
            compare: root.by_id("loss-compare")?,
        })
    }

    /// Shows the current weights (sliders follow training unless being dragged).
    /// Nothing while the panel is closed: tracing an example for the
    /// comparison took a third of a millisecond a frame, for text no one
    /// sees (opening the panel draws it on the next frame).
    pub fn draw(&self, session: &Session, example: usize) {
        if !self.panel.has_attribute("open") {
            return;
        }
        let features = session.settings().effective_features();
        let neuron = single_neuron(session.network(), &features);
        let active = dom::document().ok().and_then(|d| d.active_element());
        for (k, slider) in self.sliders.iter().enumerate() {
            slider.set_disabled(neuron.is_none());
            let value = neuron.map(|(w1, w2, b)| [w1, w2, b][k]);
            let dragging = active.as_ref().is_some_and(|a| a == slider.as_ref());
            if let (Some(v), false) = (value, dragging) {
                if slider.value_as_number() != v {
                    slider.set_value(&Decimal(v).to_string());
                }
            }
            set_text(
                &self.values[k],
                &value.map(|v| format!(" {}", show(v))).unwrap_or_default(),
            );
        }
        set_text(
            &self.line,
            &match neuron {
                Some((w1, w2, b)) => format!(
                    "Decision line (ŷ = ½): {}·x₁ + {}·x₂ + {} = 0, drawn on the data. The colours are σ(w₁x₁ + w₂x₂ + b).",
                    factor(w1),
                    factor(w2),
                    factor(b)
                ),
                None => "The sliders work on a network with no hidden layers and inputs x₁, x₂: press the button above.".into(),
            },
        );
        // MSE vs cross-entropy for the picked example: ∂L/∂z of each.
        let text = match session.inspect_point(example) {
            Ok((point, _, trace))
                if session.settings().task() == backprop::Task::Classification
                    && session.network().output_size() == 1 =>
            {
                let (a, y) = (trace.output[0], point.label);
                let mse = 2.0 * (a - y) * a * (1.0 - a);
                let ce = a - y;
                let (y, a, mse, ce) = (show(y), show(a), show(mse), show(ce));
                format!(
                    "Example with y = {y}: ŷ = {a}. ∂L/∂z under MSE = 2(ŷ − y)·ŷ(1 − ŷ) = {mse}; under cross-entropy = ŷ − y = {ce}. \
                     When ŷ is confidently wrong, the sigmoid's slope ŷ(1 − ŷ) is tiny and MSE barely pushes — cross-entropy cancels it and pushes hard."
                )
            }
            _ => String::new(),
        };
        set_text(&self.compare, &text);
    }
}
