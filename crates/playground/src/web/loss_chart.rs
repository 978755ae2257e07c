//! The loss curve (training and test loss per epoch): axes, a log-scale
//! option, comparison runs, and a read-out of the nearest epoch under the
//! pointer.
//!
//! Drawn for little per frame: the axes, grid, labels and legend live in a
//! cached layer, rebuilt only when the axis range (or the legend) changes —
//! the ranges snap to round numbers so that happens rarely — and each curve
//! is one path and one stroke, redrawn only when a sample is added.

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::dom::{context_2d, offscreen};
use crate::model::axes::{nice_ceil, ticks};
use crate::model::history::Sample;
use crate::model::number::axis_labels;

/// The plotting area's insets from the canvas edges: left (room for the
/// value labels), top, right, bottom (epoch labels and the axis name).
const INSETS: (f64, f64, f64, f64) = (56.0, 8.0, 10.0, 34.0);
const TRAIN_COLOUR: &str = "rgb(0,114,178)";
const TEST_COLOUR: &str = "rgb(230,159,0)";
const GHOSTS: [&str; 3] = ["rgb(120,94,240)", "rgb(0,158,115)", "rgb(204,121,167)"];

/// What the axes layer shows: the axis ranges (as bits: exact equality),
/// the scale, and the legend's entries.
#[derive(PartialEq)]
struct AxesKey {
    x_max: u64,
    y: (u64, u64),
    log_scale: bool,
    legend: Vec<String>,
    size: (u32, u32),
}

/// The chart, its axes layer and where its plotting area was last drawn.
pub struct LossChart {
    canvas: HtmlCanvasElement,
    axes: Option<(HtmlCanvasElement, CanvasRenderingContext2d)>,
    axes_for: Option<AxesKey>,
    /// Pixel range of the plotting area (x) and the epochs it spanned.
    x_pixels: (f64, f64),
    epochs: (f64, f64),
    drawn: Option<(usize, u64, bool, Vec<usize>)>,
}

impl LossChart {
    /// A chart drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> LossChart {
        LossChart {
            canvas,
            axes: None,
            axes_for: None,
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
        let ctx = context_2d(&self.canvas)?;
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        if samples.is_empty() {
            self.axes_for = None;
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, w, h);
            ctx.set_fill_style_str("#1d2330");
            ctx.set_font("13px sans-serif");
            ctx.set_text_align("left");
            ctx.set_text_baseline("top");
            return ctx.fill_text("The loss appears here as you train.", 12.0, 20.0);
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

        let (left, top, right, bottom) = INSETS;
        let (x0, x1, y0, y1) = (left, w - right, top, h - bottom);
        self.x_pixels = (x0, x1);
        self.epochs = (0.0, x_max);

        let mut legend = vec!["training".to_string()];
        if samples.iter().any(|s| s.test.is_some()) {
            legend.push("test".into());
        }
        legend.extend(others.iter().take(GHOSTS.len()).map(|(l, _)| l.to_string()));
        let axes_key = AxesKey {
            x_max: x_max.to_bits(),
            y: (lo.to_bits(), hi.to_bits()),
            log_scale,
            legend,
            size: (self.canvas.width(), self.canvas.height()),
        };
        if self.axes_for.as_ref() != Some(&axes_key) {
            let (layer, layer_ctx) = match self.axes.take() {
                Some(l) => l,
                None => {
                    let layer = offscreen(self.canvas.width(), self.canvas.height())?;
                    let layer_ctx = context_2d(&layer)?;
                    (layer, layer_ctx)
                }
            };
            if (layer.width(), layer.height()) != axes_key.size {
                layer.set_width(axes_key.size.0);
                layer.set_height(axes_key.size.1);
            }
            draw_axes(&layer_ctx, (w, h), (x0, x1, y0, y1), x_max, (lo, hi), &axes_key)?;
            self.axes = Some((layer, layer_ctx));
            self.axes_for = Some(axes_key);
        }
        if let Some((layer, _)) = &self.axes {
            // The layer is opaque: copying it also clears the old curves.
            ctx.draw_image_with_html_canvas_element(layer, 0.0, 0.0)?;
        }

        let px = |epoch: u64| x0 + epoch as f64 / x_max * (x1 - x0);
        // Not a number stays one (`series` breaks the line there); f64::min
        // would turn it into the top edge.
        let py = |v: f64| {
            let v = y(v);
            y1 - (if v.is_nan() { v } else { v.min(hi) } - lo) / (hi - lo) * (y1 - y0)
        };
        ctx.set_line_width(2.0);
        ctx.set_line_join("round");
        series(&ctx, TRAIN_COLOUR, samples.iter().map(|s| (px(s.epoch), py(s.train))));
        if samples.iter().any(|s| s.test.is_some()) {
            let test = samples.iter().filter_map(|s| s.test.map(|t| (px(s.epoch), py(t))));
            series(&ctx, TEST_COLOUR, test);
        }
        if !others.is_empty() {
            ctx.set_line_dash(&js_sys::Array::of2(&JsValue::from(6.0), &JsValue::from(4.0)))?;
            for ((_, run), colour) in others.iter().zip(GHOSTS) {
                // A runaway curve is drawn up to the top edge, not beyond it.
                series(&ctx, colour, run.iter().map(|s| (px(s.epoch), py(s.train))));
            }
            ctx.set_line_dash(&js_sys::Array::new())?;
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

/// The axes layer: background, grid (one path), axis lines, tick labels, the
/// axis name and the legend.
fn draw_axes(
    ctx: &CanvasRenderingContext2d,
    (w, h): (f64, f64),
    (x0, x1, y0, y1): (f64, f64, f64, f64),
    x_max: f64,
    (lo, hi): (f64, f64),
    key: &AxesKey,
) -> Result<(), JsValue> {
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let x_ticks = ticks(0.0, x_max, 6, true);
    let y_ticks = ticks(lo, hi, 5, key.log_scale);
    let px = |v: f64| x0 + v / x_max * (x1 - x0);
    let py = |v: f64| y1 - (v - lo) / (hi - lo) * (y1 - y0);
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str("#ebedf1");
    ctx.begin_path();
    for &t in &x_ticks {
        ctx.move_to(px(t).round() + 0.5, y0);
        ctx.line_to(px(t).round() + 0.5, y1);
    }
    for &t in &y_ticks {
        ctx.move_to(x0, py(t).round() + 0.5);
        ctx.line_to(x1, py(t).round() + 0.5);
    }
    ctx.stroke();
    ctx.set_stroke_style_str("#5b6475");
    ctx.begin_path();
    ctx.move_to(x0 - 0.5, y0);
    ctx.line_to(x0 - 0.5, y1 + 0.5);
    ctx.line_to(x1, y1 + 0.5);
    ctx.stroke();

    ctx.set_fill_style_str("#3b4252");
    ctx.set_font("11px sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for (&t, label) in x_ticks.iter().zip(axis_labels(&x_ticks)) {
        ctx.fill_text(&label, px(t), y1 + 4.0)?;
    }
    ctx.fill_text("epoch", (x0 + x1) / 2.0, y1 + 19.0)?;
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    let values: Vec<f64> = y_ticks
        .iter()
        .map(|&t| if key.log_scale { backprop::math::pow(10.0, t) } else { t })
        .collect();
    for (&t, label) in y_ticks.iter().zip(axis_labels(&values)) {
        ctx.fill_text(&label, x0 - 5.0, py(t))?;
    }

    // The legend, top right: a line of each curve's colour and its name.
    let colours = [TRAIN_COLOUR, TEST_COLOUR];
    let has_test = key.legend.get(1).is_some_and(|l| l == "test");
    let entries = key.legend.iter().enumerate().map(|(i, label)| {
        let colour = match (i, has_test) {
            (0, _) => colours[0],
            (1, true) => colours[1],
            (i, true) => GHOSTS[(i - 2) % GHOSTS.len()],
            (i, false) => GHOSTS[(i - 1) % GHOSTS.len()],
        };
        (label, colour)
    });
    let width = key
        .legend
        .iter()
        .map(|l| ctx.measure_text(l).map_or(60.0, |m| m.width()))
        .fold(0.0f64, f64::max)
        + 34.0;
    let (lx, ly) = (x1 - width - 4.0, y0 + 4.0);
    ctx.set_fill_style_str("rgba(255,255,255,0.8)");
    ctx.fill_rect(lx, ly, width, 16.0 * key.legend.len() as f64 + 6.0);
    ctx.set_stroke_style_str("#d9dde5");
    ctx.stroke_rect(lx + 0.5, ly + 0.5, width, 16.0 * key.legend.len() as f64 + 6.0);
    ctx.set_text_align("left");
    ctx.set_line_width(2.0);
    for (i, (label, colour)) in entries.enumerate() {
        let row = ly + 11.0 + 16.0 * i as f64;
        ctx.set_stroke_style_str(colour);
        ctx.begin_path();
        ctx.move_to(lx + 6.0, row);
        ctx.line_to(lx + 22.0, row);
        ctx.stroke();
        ctx.set_fill_style_str("#1d2330");
        ctx.fill_text(label, lx + 28.0, row)?;
    }
    Ok(())
}
