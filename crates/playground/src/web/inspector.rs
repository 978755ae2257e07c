//! "Why does this weight change?" — for the weight or bias selected in the
//! diagram and one training example, ∂L/∂w written as the chain of factors
//! the tutorials multiply by hand, with live numbers; the same as δⱼ·aᵢ; the
//! selected unit's equations; and the mean gradient over the next batch with
//! the update the optimizer is about to apply.

use backprop::decimal::{self, Decimal};
use backprop::{Network, Regularization, Trace};
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use super::dom::{set_hidden, set_text, Root};
use super::network_view::{feature_label, Target};
// Every number: four significant digits, true minus signs, never NaN.
use crate::model::number::{self, show as n};
use crate::model::session::Session;
use crate::model::text::join;

/// The inspector's elements.
pub struct Inspector {
    title: HtmlElement,
    hint: HtmlElement,
    body: HtmlElement,
    target: HtmlElement,
    example: HtmlElement,
    chain: HtmlElement,
    form: HtmlElement,
    factors: HtmlElement,
    /// The chain's factors, one row each: (row, symbol, value, in words).
    rows: [Row; 3],
    total: (HtmlElement, HtmlElement),
    penalty: HtmlElement,
    delta: HtmlElement,
    equations: HtmlElement,
    batch: HtmlElement,
    drawn: Option<(u64, Option<Target>, usize)>,
}

/// A factor in a product, parenthesised when negative.
fn f(v: f64) -> String {
    if v < 0.0 {
        format!("({})", n(v))
    } else {
        n(v)
    }
}

impl Inspector {
    /// Finds the elements.
    pub fn new(root: &Root) -> Result<Inspector, JsValue> {
        Ok(Inspector {
            title: root.by_id("inspector-title")?,
            hint: root.by_id("inspector-hint")?,
            body: root.by_id("inspector-body")?,
            target: root.by_id("inspector-target")?,
            example: root.by_id("inspector-example")?,
            chain: root.by_id("chain")?,
            form: root.by_id("chain-form")?,
            factors: root.by_id("factors")?,
            rows: [Row::find(root, 1)?, Row::find(root, 2)?, Row::find(root, 3)?],
            total: (root.by_id("factor-total-name")?, root.by_id("factor-total-value")?),
            penalty: root.by_id("chain-penalty")?,
            delta: root.by_id("delta-form")?,
            equations: root.by_id("equations")?,
            batch: root.by_id("batch-gradient")?,
            drawn: None,
        })
    }

    /// Redraws when the parameters, the selection or the example changed.
    pub fn draw(&mut self, session: &Session, selected: Option<Target>, example: usize) -> Result<(), JsValue> {
        let key = (session.versions().0 ^ (session.versions().1 << 32), selected, example);
        if self.drawn == Some(key) {
            return Ok(());
        }
        self.drawn = Some(key);
        let (layer, unit, from) = match selected {
            Some(Target::Link { layer, to, from }) => (layer, to, Some(from)),
            Some(Target::Unit { layer, unit }) => (layer, unit, None),
            _ => {
                set_hidden(&self.body, true);
                set_hidden(&self.hint, false);
                return Ok(());
            }
        };
        let Ok((point, x, trace)) = session.inspect_point(example) else {
            set_hidden(&self.body, true);
            set_text(&self.hint, "Add a training point to see how it moves this weight.");
            set_hidden(&self.hint, false);
            return Ok(());
        };
        set_hidden(&self.hint, true);
        set_hidden(&self.body, false);
        let what = if from.is_some() { "weight" } else { "bias" };
        set_text(&self.title, &format!("Why does this {what} change?"));
        let net = session.network();
        let features = session.settings().effective_features();
        let names = Names {
            net,
            features: &features,
        };
        self.show_target(&names, net, layer, unit, from)?;
        let coords = if session.points().dimensions == 1 {
            format!("x = {}", n(point.x))
        } else {
            format!("x₁ = {}, x₂ = {}", n(point.x), n(point.y))
        };
        set_text(
            &self.example,
            &format!(
                "For the example {coords} with target y = {} (click “pick an example” to choose another):",
                n(point.label)
            ),
        );
        self.show_chain(
            &names,
            net,
            &trace,
            &x,
            layer,
            unit,
            from,
            session.settings().regularization,
        )?;
        self.show_equations(&names, net, &trace, &x, layer, unit);
        self.show_batch(session, net, layer, unit, from);
        Ok(())
    }

    fn show_target(
        &self,
        names: &Names,
        net: &Network,
        layer: usize,
        unit: usize,
        from: Option<usize>,
    ) -> Result<(), JsValue> {
        let text = match from {
            Some(i) => format!(
                "Weight w from {} to {} = {}",
                names.source(layer, i),
                names.unit(layer, unit),
                n(net.weight(layer, unit, i))
            ),
            None => format!("Bias b of {} = {}", names.unit(layer, unit), n(net.bias(layer, unit))),
        };
        set_text(&self.target, &text);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn show_chain(
        &self,
        names: &Names,
        net: &Network,
        trace: &Trace,
        x: &[f64],
        layer: usize,
        unit: usize,
        from: Option<usize>,
        regularization: Regularization,
    ) -> Result<(), JsValue> {
        let last = net.layers().len() - 1;
        let t = &trace.layers[layer];
        let activation = net.layers()[layer].activation;
        let f_prime = activation.derivative(t.z[unit], t.a[unit]);
        let input = match from {
            Some(i) if layer == 0 => x[i],
            Some(i) => trace.layers[layer - 1].a[i],
            None => 1.0,
        };
        let dl_dy = trace.layers[last].da[0];
        let softmax = t.d_output.is_empty();
        set_hidden(&self.factors, softmax);
        if softmax {
            // Several outputs (softmax): no single ŷ to write the chain through.
            set_text(
                &self.form,
                "With several outputs (softmax) the loss reaches this weight through every output: see the general form below.",
            );
            self.chain.remove_attribute("data-factors")?;
        }
        let dy_da = t.d_output.get(unit).copied().unwrap_or(f64::NAN);
        let da_dw = f_prime * input;
        let product = dl_dy * dy_da * da_dw;
        let g = match from {
            Some(i) => trace.gradients.weights[layer][unit][i],
            None => trace.gradients.biases[layer][unit],
        };
        let (w, a_name) = if from.is_some() { ("w", "a") } else { ("b", "1") };
        let h = names.short(layer, unit);
        // The last factor is where the weight itself acts: this unit's slope
        // f′(z) times what the weight multiplies (the input along the link, or
        // 1 for a bias).
        let (unit_symbol, local) = if layer == last {
            ("ŷ".to_string(), "ŷ")
        } else {
            (h.clone(), "this unit")
        };
        let local_words = match from {
            Some(_) => format!(
                "f′(z) = {} times the input a = {} along this link",
                n(f_prime),
                n(input)
            ),
            None => format!("f′(z) = {} of {local}, times 1 (a bias multiplies 1)", n(f_prime)),
        };
        let mut rows = vec![(
            "∂L/∂ŷ".to_string(),
            dl_dy,
            "how the loss changes with the output ŷ".to_string(),
        )];
        if layer != last {
            rows.push((
                format!("∂ŷ/∂{h}"),
                dy_da,
                format!("how ŷ changes with {h}, through every path after it"),
            ));
        }
        rows.push((format!("∂{unit_symbol}/∂{w}"), da_dw, local_words));
        if !softmax {
            let names_only: Vec<&str> = rows.iter().map(|(name, _, _)| name.as_str()).collect();
            set_text(&self.form, &format!("∂L/∂{w} = {}", join(&names_only, " · ")));
            // The rows keep their colours: output, path, link — the factor
            // next to the link is always the third key.
            let keyed = if layer == last {
                [Some(0), None, Some(1)]
            } else {
                [Some(0), Some(1), Some(2)]
            };
            // The factors and their product in one column, lined up at the point.
            let mut column: Vec<String> = rows.iter().map(|r| n(r.1)).collect();
            column.push(n(rows.iter().map(|r| r.1).product()));
            number::align_at_point(&mut column);
            for (row, which) in self.rows.iter().zip(keyed) {
                set_hidden(&row.row, which.is_none());
                if let Some(k) = which {
                    let (name, _, words) = &rows[k];
                    set_text(&row.name, name);
                    set_text(&row.value, &column[k]);
                    set_text(&row.what, words);
                }
            }
            set_text(&self.total.0, &format!("∂L/∂{w}"));
            set_text(&self.total.1, column.last().map_or("", String::as_str));
            let factors: Vec<f64> = rows.iter().map(|r| r.1).collect();
            self.chain.set_attribute("data-factors", &decimal::list(&factors))?;
        }
        let penalty = match (from, regularization) {
            (Some(_), Regularization::L1 { rate }) if rate > 0.0 => {
                format!("Plus the L1 penalty λ·sign(w): ∂/∂w = {}", n(g - product))
            }
            (Some(_), Regularization::L2 { rate }) if rate > 0.0 => {
                format!("Plus the L2 penalty λ·w: ∂/∂w = {}", n(g - product))
            }
            _ => String::new(),
        };
        set_text(&self.penalty, &penalty);
        set_hidden(&self.penalty, penalty.is_empty());
        self.chain.set_attribute("data-gradient", &format!("{:?}", Decimal(g)))?;

        // The general form, one layer at a time.
        let delta = t.dz[unit];
        let from_name = match from {
            Some(i) => format!("the output of {}", names.source(layer, i)),
            None => String::new(),
        };
        let sum = if layer == last {
            format!("δ = ∂L/∂ŷ · f′(z) = {} · {} = {}", f(dl_dy), f(f_prime), n(delta))
        } else {
            let next = &trace.layers[layer + 1];
            let terms: Vec<String> = (0..next.dz.len())
                .take(4)
                .map(|k| format!("{}·{}", f(net.weight(layer + 1, k, unit)), f(next.dz[k])))
                .collect();
            let more = if next.dz.len() > 4 { " + …" } else { "" };
            format!(
                "δ = f′(z) · Σₖ wₖ·δₖ = {} · ({}{more}) = {}",
                f(f_prime),
                join(&terms, " + "),
                n(delta)
            )
        };
        let tail = match from {
            Some(_) => format!("; here a is {from_name}"),
            None => String::new(),
        };
        set_text(
            &self.delta,
            &format!(
                "In general ∂L/∂{w} = δ · {a_name} = {} · {} = {}, where {sum}{tail}.",
                f(delta),
                f(input),
                n(delta * input)
            ),
        );
        Ok(())
    }

    fn show_equations(&self, names: &Names, net: &Network, trace: &Trace, x: &[f64], layer: usize, unit: usize) {
        let t = &trace.layers[layer];
        let shape = &net.layers()[layer];
        let inputs: Vec<f64> = if layer == 0 {
            x.to_vec()
        } else {
            trace.layers[layer - 1].a.clone()
        };
        let terms: Vec<String> = (0..shape.inputs)
            .take(6)
            .map(|i| format!("{}·{}", f(net.weight(layer, unit, i)), f(inputs[i])))
            .collect();
        let more = if shape.inputs > 6 { " + …" } else { "" };
        set_text(
            &self.equations,
            &format!(
                "{name}: z = Σ w·a + b = {}{more} + {} = {};  a = {}(z) = {}",
                join(&terms, " + "),
                f(net.bias(layer, unit)),
                n(t.z[unit]),
                shape.activation.facts().symbol,
                n(t.a[unit]),
                name = names.unit(layer, unit)
            ),
        );
    }

    fn show_batch(&self, session: &Session, net: &Network, layer: usize, unit: usize, from: Option<usize>) {
        let Some(preview) = session.preview_next() else {
            set_text(&self.batch, "");
            return;
        };
        let shape = &net.layers()[layer];
        let index = match from {
            Some(i) => shape.weights_at + unit * shape.inputs + i,
            None => shape.biases_at + unit,
        };
        let optimizer = session.settings().optimizer;
        let w = if from.is_some() { "w" } else { "b" };
        let rule = match optimizer {
            backprop::OptimizerKind::Sgd => {
                format!(
                    "−η·∂L/∂{w} = −{}·{}",
                    n(preview.learning_rate),
                    f(preview.gradient[index])
                )
            }
            backprop::OptimizerKind::Momentum => format!("μ·v − η·∂L/∂{w} (momentum)"),
            backprop::OptimizerKind::Adam => "−η·m̂/(√v̂ + ε) (Adam)".to_string(),
        };
        set_text(
            &self.batch,
            &format!(
                "Over the next batch ({}) the mean is ∂L/∂{w} = {}; the next step changes it by {rule} = {}.",
                match preview.rows.len() {
                    1 => "1 point".to_string(),
                    k => format!("{k} points"),
                },
                n(preview.gradient[index]),
                n(preview.delta[index])
            ),
        );
    }
}

/// One factor's row in the chain.
struct Row {
    row: HtmlElement,
    name: HtmlElement,
    value: HtmlElement,
    what: HtmlElement,
}

impl Row {
    fn find(root: &Root, k: usize) -> Result<Row, JsValue> {
        Ok(Row {
            row: root.by_id(&format!("factor-{k}"))?,
            name: root.by_id(&format!("factor-{k}-name"))?,
            value: root.by_id(&format!("factor-{k}-value"))?,
            what: root.by_id(&format!("factor-{k}-what"))?,
        })
    }
}

/// Names of units and inputs as the inspector writes them.
struct Names<'a> {
    net: &'a Network,
    features: &'a [backprop::Feature],
}

impl Names<'_> {
    fn unit(&self, layer: usize, unit: usize) -> String {
        if layer + 1 == self.net.layers().len() {
            "the output ŷ".into()
        } else {
            format!("unit {} of hidden layer {}", unit + 1, layer + 1)
        }
    }
    fn short(&self, layer: usize, unit: usize) -> String {
        format!("h{}{}", sub(layer + 1), sub(unit + 1))
    }
    fn source(&self, layer: usize, from: usize) -> String {
        if layer == 0 {
            format!("input {}", self.features.get(from).map_or("?", |&f| feature_label(f)))
        } else {
            self.unit(layer - 1, from)
        }
    }
}

/// A number in subscript digits.
fn sub(k: usize) -> String {
    k.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}
