//! The loss curve (training and test loss per epoch): axes, a log-scale
//! option, comparison runs, and a read-out of the nearest epoch under the
//! pointer.
//!
//! The canvas is all plot: the tick labels, the axis names and the key are
//! HTML around it ([`super::labels`]), outside the curves' way, made again
//! only when the axis ranges change — they snap to round numbers, so that is
//! rare. A frame that adds a sample strokes the grid and each curve once.
//!
//! The grid and each curve are `Path2D`s kept between frames: while the
//! axes stay put, a new sample adds one segment to its curve's path (one
//! call into the browser, not one per point of a thousand-point curve), and
//! the frame strokes the same paths a full redraw would build — the same
//! pixels. A new axis range, or a history that changed other than by
//! growing (thinned, reset, imported), builds them again.

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

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
    /// What the axes were last drawn for (see [`Axes`]), the grid's path,
    /// and the curves built on them: the main run's (training, test), then
    /// each comparison run's.
    axes: Option<Axes>,
    grid: Option<Path2d>,
    curves: Vec<Curves>,
}

/// Where the axes stand: the value range (of log₁₀ loss on a log scale),
/// the epochs' end, and the canvas's size. Equal axes put every sample at
/// the same pixel.
#[derive(Clone, Copy, PartialEq)]
struct Axes {
    lo: f64,
    hi: f64,
    x_max: f64,
    log_scale: bool,
    size: (f64, f64),
}

impl Axes {
    /// The value a loss is drawn at (log₁₀ of it on a log scale).
    fn value(&self, loss: f64) -> f64 {
        if self.log_scale {
            loss.max(1e-300).log10()
        } else {
            loss
        }
    }

    /// Pixel column of an epoch (the plot spans the canvas's width).
    fn x(&self, epoch: f64) -> f64 {
        epoch / self.x_max * self.size.0
    }

    /// Pixel row of a drawn value, from the bottom margin up to the top one.
    fn y(&self, v: f64) -> f64 {
        let (y0, y1) = (MARGIN, self.size.1 - MARGIN);
        y1 - (v - self.lo) / (self.hi - self.lo) * (y1 - y0)
    }

    /// Pixel row of a loss: no higher than the top of the range (a runaway
    /// comparison run leaves at the top edge); not a number stays one
    /// (f64::min would turn it into the top edge), which breaks the line.
    fn loss_y(&self, loss: f64) -> f64 {
        let v = self.value(loss);
        self.y(if v.is_nan() { v } else { v.min(self.hi) })
    }
}

/// The curves drawn from one list of samples — its training loss and (for
/// the main run) its test loss — as far as they have been built.
struct Curves {
    train: Path2d,
    test: Path2d,
    /// Per path: its last point was a number, so the next continues the line.
    pen_down: [bool; 2],
    /// Samples already in the paths, and the first and last of them as bit
    /// patterns: the list they came from has only grown if both are still
    /// where they were.
    taken: usize,
    ends: Option<(SampleBits, SampleBits)>,
}

/// A sample's exact bits (losses compared bit for bit, NaN included).
type SampleBits = (u64, u64, Option<u64>);

fn bits(s: &Sample) -> SampleBits {
    (s.epoch, s.train.to_bits(), s.test.map(f64::to_bits))
}

impl Curves {
    fn new() -> Result<Curves, JsValue> {
        Ok(Curves {
            train: Path2d::new()?,
            test: Path2d::new()?,
            pen_down: [false; 2],
            taken: 0,
            ends: None,
        })
    }

    /// Brings the paths up to `samples` on `axes`: the new samples' points
    /// added, or, if the list changed otherwise, all of them again (test
    /// losses only if `with_test`).
    fn follow(&mut self, samples: &[Sample], axes: &Axes, with_test: bool) -> Result<(), JsValue> {
        let grown = self.ends.is_some_and(|(first, last)| {
            samples.first().map(bits) == Some(first) && samples.get(self.taken.wrapping_sub(1)).map(bits) == Some(last)
        });
        if !grown && self.taken > 0 {
            *self = Curves::new()?;
        }
        for s in samples.get(self.taken..).unwrap_or_default() {
            let x = axes.x(s.epoch as f64);
            let test = s.test.filter(|_| with_test);
            for (k, loss) in [Some(s.train), test].into_iter().enumerate() {
                let Some(loss) = loss else { continue };
                let (path, y) = (if k == 0 { &self.train } else { &self.test }, axes.loss_y(loss));
                // A value that is not a number breaks the line instead of
                // drawing to nowhere.
                if !y.is_finite() {
                    self.pen_down[k] = false;
                } else if self.pen_down[k] {
                    path.line_to(x, y);
                } else {
                    path.move_to(x, y);
                    self.pen_down[k] = true;
                }
            }
        }
        self.taken = samples.len();
        self.ends = samples.first().zip(samples.last()).map(|(a, b)| (bits(a), bits(b)));
        Ok(())
    }
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
            axes: None,
            grid: None,
            curves: Vec::new(),
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
            self.axes = None;
            self.curves.clear();
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
        // Loops, not a chain of flat_map/chain/filter adapters (each its own
        // code in the wasm): the main run's losses, then the others' in range.
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut take = |v: f64| {
            let v = y(v);
            if v.is_finite() {
                (lo, hi) = (lo.min(v), hi.max(v));
            }
        };
        for s in samples {
            take(s.train);
            if let Some(test) = s.test {
                take(test);
            }
        }
        for (_, o) in others {
            for s in o.iter() {
                if log_scale || s.train <= 3.0 * main_max {
                    take(s.train);
                }
            }
        }
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
        self.x_pixels = (0.0, w);
        self.epochs = (0.0, x_max);
        let axes = Axes {
            lo,
            hi,
            x_max,
            log_scale,
            size: (w, h),
        };
        if self.axes != Some(axes) {
            self.new_axes(axes)?;
        }
        let has_test = samples.iter().any(|s| s.test.is_some());
        // The key's swatches take the curves' colours from web/style.css
        // (shown again only if it changed).
        let mut key = vec![Label::at("train", "training", f64::NAN, 0.0)];
        if has_test {
            key.push(Label::at("test", "test", f64::NAN, 0.0));
        }
        for ((name, _), class) in others.iter().zip(["g0", "g1", "g2"]) {
            key.push(Label::at(class, *name, f64::NAN, 0.0));
        }
        if let Some(k) = &mut self.key {
            k.show(key)?;
        }
        if let Some(grid) = &self.grid {
            ctx.set_line_width(1.0);
            ctx.set_stroke_style_str("#f0f2f5");
            ctx.stroke_with_path(grid);
        }

        // The main run's training and test curves, then each comparison
        // run's training curve.
        let runs = 1 + others.len();
        self.curves.truncate(runs);
        while self.curves.len() < runs {
            self.curves.push(Curves::new()?);
        }
        let runs = std::iter::once(samples).chain(others.iter().map(|(_, run)| *run));
        for (k, (curves, run)) in self.curves.iter_mut().zip(runs).enumerate() {
            curves.follow(run, &axes, k == 0)?;
        }
        ctx.set_line_width(2.0);
        ctx.set_line_join("round");
        ctx.set_stroke_style_str(TRAIN_COLOUR);
        ctx.stroke_with_path(&self.curves[0].train);
        if has_test {
            ctx.set_stroke_style_str(TEST_COLOUR);
            ctx.stroke_with_path(&self.curves[0].test);
        }
        if !others.is_empty() {
            ctx.set_line_dash(&js_sys::Array::of2(&JsValue::from(6.0), &JsValue::from(4.0)))?;
            for (curves, colour) in self.curves[1..].iter().zip(GHOSTS) {
                ctx.set_stroke_style_str(colour);
                ctx.stroke_with_path(&curves.train);
            }
            ctx.set_line_dash(&js_sys::Array::new())?;
        }
        Ok(())
    }

    /// New axes: the grid and the tick labels for them, and the curves to
    /// be built again (every point moves).
    fn new_axes(&mut self, axes: Axes) -> Result<(), JsValue> {
        self.axes = Some(axes);
        self.curves.clear();
        let Axes {
            lo, hi, x_max, size: (w, h), ..
        } = axes;
        // The grid, light, at the ticks; the labels name the same ticks.
        let grid = Path2d::new()?;
        for t in tick_values(0.0, x_max, 6, true) {
            grid.move_to(axes.x(t).round() + 0.5, 0.0);
            grid.line_to(axes.x(t).round() + 0.5, h);
        }
        for t in tick_values(lo, hi, 5, axes.log_scale) {
            grid.move_to(0.0, axes.y(t).round() + 0.5);
            grid.line_to(w, axes.y(t).round() + 0.5);
        }
        self.grid = Some(grid);
        let mut labels = ticks(true, (0.0, x_max), 6, (0.0, 0.8), Scale::Whole);
        // The y axis's labels at the rows the grid is drawn at (the range
        // runs from the bottom margin up to the top one, not over the whole
        // canvas height).
        let scale = if axes.log_scale { Scale::Log } else { Scale::Linear };
        let (y0, y1) = (MARGIN, h - MARGIN);
        for mut label in ticks(false, (lo, hi), 5, (0.0, 0.75), scale) {
            label.y = (y1 - (1.0 - label.y) * (y1 - y0)) / h;
            labels.push(label);
        }
        labels.push(Label::at("tx", "epoch", 1.0, 1.0));
        labels.push(Label::at("ty", "loss", 0.0, 0.0));
        if let Some(l) = &mut self.labels {
            l.show(labels)?;
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
