//! Text around and over the canvases as HTML: axis ticks, axis names, the
//! diagram's headings, colour bars and keys. Each label sits at a fraction
//! of its holder's box — an element laid exactly over a canvas (web/style.css
//! `.labels`) — so it follows the canvas at any size, stays crisp at any
//! zoom, keeps its CSS size (never below 11 px however small the canvas is
//! drawn) and costs nothing per frame: the labels are made again only when
//! what they say changes (an axis range, the task, the layout). Text goes in
//! as text, never as HTML.

use backprop::decimal::Decimal;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use super::dom::document;
use crate::model::number::axis_labels;

/// One label: its CSS classes (which set how it hangs from its point and
/// the colours of a swatch or a colour bar: see web/style.css), its text,
/// and where it is — fractions of the holder's width and height from its
/// top-left corner (NaN: an item of a key, which flows in a row).
#[derive(Clone)]
pub struct Label {
    pub class: &'static str,
    pub text: String,
    pub x: f64,
    pub y: f64,
}

/// Equal when shown the same: positions compare bit for bit, so a key's
/// items (at NaN) equal themselves. With `==` on f64 they never would, and
/// the chart's key was made again, four DOM calls an item, every frame.
impl PartialEq for Label {
    fn eq(&self, other: &Label) -> bool {
        self.class == other.class
            && self.text == other.text
            && self.x.to_bits() == other.x.to_bits()
            && self.y.to_bits() == other.y.to_bits()
    }
}

impl Label {
    /// A label at (x, y) of the holder.
    pub fn at(class: &'static str, text: impl Into<String>, x: f64, y: f64) -> Label {
        Label {
            class,
            text: text.into(),
            x,
            y,
        }
    }
}

/// The labels of one holder element, as last shown.
pub struct Labels {
    holder: HtmlElement,
    shown: Option<Vec<Label>>,
}

impl Labels {
    /// Labels in `holder`.
    pub fn of(holder: Element) -> Labels {
        Labels {
            holder: holder.unchecked_into(),
            shown: None,
        }
    }

    /// The labels holder right after `element` in the page, if there is one
    /// (an element whose class is `labels`).
    pub fn after(element: &Element) -> Option<Labels> {
        let next = element.next_element_sibling()?;
        (next.get_attribute("class")? == "labels").then(|| Labels::of(next))
    }

    /// Shows `labels` in place of the ones shown, if they differ.
    pub fn show(&mut self, labels: Vec<Label>) -> Result<(), JsValue> {
        if self.shown.as_ref() == Some(&labels) {
            return Ok(());
        }
        self.holder.set_text_content(None);
        let document = document()?;
        for label in &labels {
            let span: HtmlElement = document.create_element("span")?.unchecked_into();
            span.set_attribute("class", label.class)?;
            span.set_text_content(Some(&label.text));
            let style = span.style();
            if label.x.is_finite() {
                style.set_property("left", &percent(label.x))?;
                style.set_property("top", &percent(label.y))?;
            }
            self.holder.append_child(&span)?;
        }
        self.shown = Some(labels);
        Ok(())
    }
}

/// A fraction as a CSS percentage.
fn percent(f: f64) -> String {
    // Rounded to 1/1000 of a percent (what `{:.3}` wrote).
    format!("{}%", Decimal((100_000.0 * f).round() / 1000.0))
}

/// How an axis's ticks step and what they stand for.
#[derive(Clone, Copy, PartialEq)]
pub enum Scale {
    /// Any round step (1, 2 or 5 × 10ᵏ).
    Linear,
    /// Whole steps only (epochs).
    Whole,
    /// log₁₀ of the values: whole steps (decades), tick t labelled 10ᵗ.
    Log,
}

/// Tick labels along an axis from `lo` to `hi` (as the ticks of
/// [`crate::model::axes::ticks`], `count` intervals at most, labelled in one
/// notation), the x axis under the holder or the y axis left of it. Ticks
/// are labelled only within `(from, to)`, fractions of the axis: the rest is
/// left to the axis's name at its far end, or to the other axis's label at
/// the corner they share.
pub fn ticks(x_axis: bool, (lo, hi): (f64, f64), count: usize, (from, to): (f64, f64), scale: Scale) -> Vec<Label> {
    let mut at = Vec::new();
    let mut values = Vec::new();
    for t in crate::model::axes::ticks(lo, hi, count, scale != Scale::Linear) {
        let f = (t - lo) / (hi - lo);
        // With a little slack: a tick is a multiple of its step, so 3 × 0.2
        // is 0.6000000000000001, and on an axis to 0.8 it sits a hair past
        // 3/4 of the way up: it must still count as at 3/4.
        if f >= from - 1e-9 && f <= to + 1e-9 {
            at.push(f);
            values.push(if scale == Scale::Log {
                backprop::math::pow(10.0, t)
            } else {
                t
            });
        }
    }
    let mut labels = Vec::new();
    for (f, text) in at.into_iter().zip(axis_labels(&values)) {
        labels.push(if x_axis {
            Label::at("x", text, f, 1.0)
        } else {
            Label::at("y", text, 0.0, 1.0 - f)
        });
    }
    labels
}

/// A colour bar right of the holder — `gradient`, a class of web/style.css
/// with its colours, the heatmap's own — with `marks` (fraction of its
/// height from the bottom, text) beside it and its caption under it.
pub fn colour_bar(gradient: &'static str, marks: Vec<(f64, String)>, caption: &str) -> Vec<Label> {
    let mut labels = vec![Label::at(gradient, "", 1.0, 0.0)];
    for (f, text) in marks {
        // The marks at the ends stay within the bar's height.
        let class = match f {
            f if f >= 1.0 => "k top",
            f if f <= 0.0 => "k bottom",
            _ => "k",
        };
        labels.push(Label::at(class, text, 1.0, 1.0 - f));
    }
    labels.push(Label::at("cap", caption, 1.0, 1.0));
    labels
}
