//! The loss curve (training and test loss per epoch): axes, a log-scale
//! option, comparison runs, and a read-out of the nearest epoch under the
//! pointer.
//!
//! The canvas is all plot: the tick labels, the axis names and the key are
//! HTML around it ([`super::labels`]), outside the curves' way, made again
//! only when the axis ranges change — they snap to round numbers, so that is
//! rare. A frame that adds a sample draws the grid (one stroke), the axis
//! lines (one) and each curve (one path, one stroke each).

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::dom::context_2d;
use super::labels::{ticks, Label, Labels, Scale};
use crate::model::axes::{nice_ceil, ticks as tick_values};
use crate::model::history::Sample;

/// Room above and below the curves inside the canvas (pixels), so a line
/// along the top or bottom of the range is drawn whole.
const MARGIN: f64 = 3.0;
/// The curves' colours (the key's swatches in web/style.css are the same).
const TRAIN_COLOUR: &str = "rgb(0,114,178)";
const TEST_COLOUR: &str = "rgb(230,159,0)";
const GHOSTS: [&str; 3] = ["rgb(120,94,240)", "rgb(0,158,115)", "rgb(204,121,167)"];

/// The chart and where its plotting area was last drawn.
pub struct LossChart {
    canvas: HtmlCanvasElement,
    context: Option<CanvasRenderingContext2d>,
    /// The tick labels over the canvas, and the key before it (both HTML,
    /// if the page has them: see web/index.html).
    labels: Option<Labels>,
    key: Option<Labels>,
    /// Pixel range of the plotting area (x) and the epochs it spanned.
    x_pixels: (f64, f64),
    epochs: (f64, f64),
    drawn: Option<(usize, u64, bool, Vec<usize>)>,
}

impl LossChart {
    /// A chart drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> LossChart {
        // The tick labels follow the canvas; the key comes before its plot box.
        let labels = Labels::after(&canvas);
        let key = canvas
            .parent_element()
            .and_then(|plot| plot.previous_element_sibling())
            .filter(|key| key.get_attribute("class").as_deref() == Some("chart-key"))
            .map(Labels::of);
        LossChart {
            context: context_2d(&canvas).ok(),
            labels,
            key,
            canvas,
            x_pixels: (0.0, 1.0),
            epochs: (0.0, 1.0),
            drawn: None,
        }
    }

    /// The canvas.
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }

    /// Redraws when the history or the scale changed. `others` are
    /// comparison runs: (legend, training-loss samples).
    pub fn draw(&mut self, samples: &[Sample], log_scale: bool, others: &[(&str, &[Sample])]) -> Result<(), JsValue> {
        let key = (
            samples.len(),
            samples.last().map_or(0, |s| s.epoch ^ s.train.to_bits()),
            log_scale,
            others.iter().map(|(_, o)| o.len()).collect(),
        );
        if self.drawn.as_ref() == Some(&key) {
            return Ok(());
        }
        self.drawn = Some(key);
        let Some(ctx) = self.context.clone() else {
            return Ok(());
        };
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        ctx.clear_rect(0.0, 0.0, w, h);
        if samples.is_empty() {
            return self.show_labels(
                vec![Label::at("note", "The loss appears here as you train.", 0.5, 0.5)],
                Vec::new(),
            );
        }

        // On a log scale the curve is drawn as log₁₀(loss) on a linear axis
        // whose labels undo the logarithm.
        let y = |v: f64| if log_scale { v.max(1e-300).log10() } else { v };
        // Comparison runs share the axes, but a diverging one must not flatten
        // the main curve: on a linear scale the axis stops at 3× the main run's
        // highest loss and a runaway curve leaves the top of the chart.
        let main_max = samples.iter().map(|s| s.train).fold(0.0f64, f64::max);
        let others_in_range = others
            .iter()
            .flat_map(|(_, o)| o.iter().map(|s| s.train))
            .filter(|&v| log_scale || v <= 3.0 * main_max);
        let (lo, hi) = samples
            .iter()
            .flat_map(|s| std::iter::once(s.train).chain(s.test))
            .chain(others_in_range)
            .map(y)
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
        // Round ends, so the axes stay put while the curve grows within them.
        let (lo, hi) = if log_scale {
            (lo.floor(), hi.ceil().max(lo.floor() + 1.0))
        } else {
            let lo = lo.min(0.0);
            let top = nice_ceil((hi - lo) * 1.02).max(1e-12);
            (lo, lo + top)
        };
        let last_epoch = samples.last().map_or(1, |s| s.epoch).max(1) as f64;
        let x_max = nice_ceil(last_epoch).max(1.0);
        let (x0, x1, y0, y1) = (0.0, w, MARGIN, h - MARGIN);
        self.x_pixels = (x0, x1);
        self.epochs = (0.0, x_max);
        let px = |epoch: f64| x0 + epoch / x_max * (x1 - x0);
        let py_axis = |v: f64| y1 - (v - lo) / (hi - lo) * (y1 - y0);

        // The grid, light, at the ticks; the labels name the same ticks.
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str("#f0f2f5");
        ctx.begin_path();
        for t in tick_values(0.0, x_max, 6, true) {
            ctx.move_to(px(t).round() + 0.5, 0.0);
            ctx.line_to(px(t).round() + 0.5, h);
        }
        for t in tick_values(lo, hi, 5, log_scale) {
            ctx.move_to(0.0, py_axis(t).round() + 0.5);
            ctx.line_to(w, py_axis(t).round() + 0.5);
        }
        ctx.stroke();
        let mut labels = ticks(true, (0.0, x_max), 6, (0.0, 0.8), Scale::Whole);
        // The y axis's labels at the rows the grid is drawn at (the range
        // runs from y1 up to y0, not over the whole canvas height).
        for mut label in ticks(
            false,
            (lo, hi),
            5,
            (0.0, 0.75),
            if log_scale { Scale::Log } else { Scale::Linear },
        ) {
            label.y = (y1 - (1.0 - label.y) * (y1 - y0)) / h;
            labels.push(label);
        }
        labels.push(Label::at("tx", "epoch", 1.0, 1.0));
        labels.push(Label::at("ty", "loss", 0.0, 0.0));
        // The key's swatches take the curves' colours from web/style.css.
        let mut key = vec![Label::at("train", "training", f64::NAN, 0.0)];
        if samples.iter().any(|s| s.test.is_some()) {
            key.push(Label::at("test", "test", f64::NAN, 0.0));
        }
        for ((name, _), class) in others.iter().zip(["g0", "g1", "g2"]) {
            key.push(Label::at(class, *name, f64::NAN, 0.0));
        }
        self.show_labels(labels, key)?;

        // Not a number stays one (`series` breaks the line there); f64::min
        // would turn it into the top edge.
        let py = |v: f64| {
            let v = y(v);
            py_axis(if v.is_nan() { v } else { v.min(hi) })
        };
        ctx.set_line_width(2.0);
        ctx.set_line_join("round");
        series(
            &ctx,
            TRAIN_COLOUR,
            samples.iter().map(|s| (px(s.epoch as f64), py(s.train))),
        );
        if samples.iter().any(|s| s.test.is_some()) {
            let test = samples
                .iter()
                .filter_map(|s| s.test.map(|t| (px(s.epoch as f64), py(t))));
            series(&ctx, TEST_COLOUR, test);
        }
        if !others.is_empty() {
            ctx.set_line_dash(&js_sys::Array::of2(&JsValue::from(6.0), &JsValue::from(4.0)))?;
            for ((_, run), colour) in others.iter().zip(GHOSTS) {
                // A runaway curve is drawn up to the top edge, not beyond it.
                series(&ctx, colour, run.iter().map(|s| (px(s.epoch as f64), py(s.train))));
            }
            ctx.set_line_dash(&js_sys::Array::new())?;
        }
        Ok(())
    }

    /// Shows the labels over the canvas and the key (each only if changed).
    fn show_labels(&mut self, labels: Vec<Label>, key: Vec<Label>) -> Result<(), JsValue> {
        if let Some(l) = &mut self.labels {
            l.show(labels)?;
        }
        if let Some(k) = &mut self.key {
            k.show(key)?;
        }
        Ok(())
    }

    /// The sample nearest to a pointer at canvas-CSS x offset, if the pointer
    /// is over the plotting area.
    pub fn sample_at<'a>(&self, samples: &'a [Sample], offset_x: f64) -> Option<&'a Sample> {
        let scale = f64::from(self.canvas.width()) / f64::from(self.canvas.client_width().max(1));
        let x = offset_x * scale;
        let (x0, x1) = self.x_pixels;
        if x < x0 || x > x1 || x1 <= x0 {
            return None;
        }
        let epoch = self.epochs.0 + (x - x0) / (x1 - x0) * (self.epochs.1 - self.epochs.0);
        samples.iter().min_by(|a, b| {
            (a.epoch as f64 - epoch)
                .abs()
                .total_cmp(&(b.epoch as f64 - epoch).abs())
        })
    }
}

/// One curve: one path, one stroke. A value that is not a number breaks the
/// line instead of drawing to nowhere.
fn series(ctx: &CanvasRenderingContext2d, colour: &str, points: impl Iterator<Item = (f64, f64)>) {
    ctx.set_stroke_style_str(colour);
    ctx.begin_path();
    let mut pen_down = false;
    for (x, y) in points {
        if !y.is_finite() {
            pen_down = false;
        } else if pen_down {
            ctx.line_to(x, y);
        } else {
            ctx.move_to(x, y);
            pen_down = true;
        }
    }
    ctx.stroke();
}
