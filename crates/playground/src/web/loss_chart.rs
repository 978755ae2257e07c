//! The loss curve (training and test loss per epoch), drawn with plotters on
//! its canvas: axes, a log-scale option, and a read-out of the nearest epoch
//! under the pointer.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::model::history::Sample;
use crate::model::pixels::{BLUE, ORANGE};

/// The chart and where its plotting area was last drawn.
pub struct LossChart {
    canvas: HtmlCanvasElement,
    /// Pixel range of the plotting area (x) and the epochs it spanned.
    x_pixels: (i32, i32),
    epochs: (f64, f64),
    drawn: Option<(usize, u64, bool, Vec<usize>)>,
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

impl LossChart {
    /// A chart drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> LossChart {
        LossChart {
            canvas,
            x_pixels: (0, 1),
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
    pub fn draw(&mut self, samples: &[Sample], log_scale: bool, others: &[(&str, &[Sample])]) -> DrawResult {
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
        let backend = CanvasBackend::with_canvas_object(self.canvas.clone()).ok_or("no canvas backend")?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE)?;
        if samples.is_empty() {
            root.draw(&Text::new(
                "The loss appears here as you train.",
                (12, 20),
                ("sans-serif", 13),
            ))?;
            return Ok(root.present()?);
        }
        let last_epoch = samples.last().map_or(1, |s| s.epoch).max(1) as f64;
        // Comparison runs share the axes, but a diverging one must not flatten
        // the main curve: on a linear scale the axis stops at 3× the main run's
        // highest loss and a runaway curve leaves the top of the chart.
        let main_max = samples.iter().map(|s| s.train).fold(0.0f64, f64::max);
        let other_values = others
            .iter()
            .flat_map(|(_, o)| o.iter().map(|s| s.train))
            .filter(move |&v| log_scale || v <= 3.0 * main_max);
        // On a log scale the curve is drawn as log₁₀(loss) on a linear axis
        // whose labels undo the logarithm.
        let y = |v: f64| if log_scale { v.max(1e-300).log10() } else { v };
        let values = samples
            .iter()
            .flat_map(|s| std::iter::once(s.train).chain(s.test))
            .chain(other_values)
            .map(y);
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let lo = if log_scale { lo.floor() } else { lo.min(0.0) };
        let hi = if log_scale {
            hi.ceil().max(lo + 1.0)
        } else if hi > lo {
            hi * 1.05
        } else {
            lo + 1.0
        };
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0..last_epoch, lo..hi)?;
        let label_y = |v: &f64| {
            if log_scale {
                short(10f64.powf(*v))
            } else {
                short(*v)
            }
        };
        chart
            .configure_mesh()
            .x_desc("epoch")
            .x_labels(6)
            .y_labels(5)
            .light_line_style(RGBColor(235, 237, 241))
            .label_style(("sans-serif", 11))
            // Epochs are whole numbers: label only the ticks that fall on one.
            .x_label_formatter(&|v| {
                if v.fract() == 0.0 {
                    format!("{v}")
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&label_y)
            .draw()?;
        let (xr, _) = chart.plotting_area().get_pixel_range();
        self.x_pixels = (xr.start, xr.end);
        self.epochs = (0.0, last_epoch);

        let blue = RGBColor(BLUE[0], BLUE[1], BLUE[2]);
        let train = samples.iter().map(|s| (s.epoch as f64, y(s.train)));
        chart
            .draw_series(LineSeries::new(train, blue.stroke_width(2)))?
            .label("training")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], blue.stroke_width(2)));
        if samples.iter().any(|s| s.test.is_some()) {
            let orange = RGBColor(ORANGE[0], ORANGE[1], ORANGE[2]);
            let test = samples.iter().filter_map(|s| s.test.map(|t| (s.epoch as f64, y(t))));
            chart
                .draw_series(LineSeries::new(test, orange.stroke_width(2)))?
                .label("test")
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], orange.stroke_width(2)));
        }
        const GHOSTS: [RGBColor; 3] = [RGBColor(120, 94, 240), RGBColor(0, 158, 115), RGBColor(204, 121, 167)];
        for ((label, run), colour) in others.iter().zip(GHOSTS) {
            // A runaway curve is drawn up to the top edge, not beyond it.
            let points = run.iter().map(|s| (s.epoch as f64, y(s.train).min(hi)));
            chart
                .draw_series(DashedLineSeries::new(points, 6, 4, colour.stroke_width(2)))?
                .label(*label)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(217, 221, 229))
            .label_font(("sans-serif", 11))
            .draw()?;
        root.present()?;
        Ok(())
    }

    /// The sample nearest to a pointer at canvas-CSS x offset, if the pointer
    /// is over the plotting area.
    pub fn sample_at<'a>(&self, samples: &'a [Sample], offset_x: f64) -> Option<&'a Sample> {
        let scale = f64::from(self.canvas.width()) / f64::from(self.canvas.client_width().max(1));
        let x = offset_x * scale;
        let (x0, x1) = (f64::from(self.x_pixels.0), f64::from(self.x_pixels.1));
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

/// A short label for an axis value.
fn short(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() < 1e-2 || v.abs() >= 1e4 {
        format!("{v:.0e}")
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0)
    }
}
