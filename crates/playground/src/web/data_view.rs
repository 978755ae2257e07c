//! The data canvas: the decision boundary as pixels under the points (2-D),
//! or the fitted curve through them (1-D regression). The canvas maps its
//! whole drawn area linearly onto the data set's domain, y upward.
//!
//! Three layers, each redrawn only when what it shows changes:
//! the heatmap (an `ImageData` on a small off-screen canvas, stretched with
//! smoothing), the points and axis labels (plotters on an off-screen canvas),
//! and the composite on the visible canvas.

use backprop::{Domain, Feature, Network, Task};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::dom::{context_2d, offscreen};
use crate::model::pixels::{self, class_color, Heatmap, BLUE};
use crate::model::points::{PointSet, Split};

/// Heatmap resolution at rest (TF Playground's: 100 × 100, stretched).
pub const HEATMAP_SIZE: usize = 100;
/// Heatmap resolution while training runs: a quarter of the pixels, so a deep
/// network still animates at full frame rate; smoothing hides the difference
/// in motion, and the full resolution returns as soon as training pauses.
pub const HEATMAP_SIZE_MOVING: usize = 50;

/// What the data view needs to know to draw.
pub struct DataFrame<'a> {
    pub network: &'a Network,
    pub features: &'a [Feature],
    pub points: &'a PointSet,
    pub show_test: bool,
    pub discretize: bool,
    /// Changes whenever the parameters change.
    pub params_version: u64,
    /// Changes whenever the points change.
    pub points_version: u64,
    /// Training is running: draw the heatmap at the coarser resolution.
    pub moving: bool,
    /// A single neuron's (w₁, w₂, b): draw its line w₁x₁ + w₂x₂ + b = 0.
    pub boundary: Option<(f64, f64, f64)>,
}

/// One heatmap resolution and the off-screen canvas it is put on.
struct HeatLayer {
    heatmap: Heatmap,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl HeatLayer {
    fn new(size: usize) -> Result<HeatLayer, JsValue> {
        let canvas = offscreen(size as u32, size as u32)?;
        let context = context_2d(&canvas)?;
        Ok(HeatLayer {
            heatmap: Heatmap::new(size, size),
            canvas,
            context,
        })
    }
}

/// The data canvas and its off-screen layers.
pub struct DataView {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    fine: HeatLayer,
    coarse: HeatLayer,
    points_canvas: HtmlCanvasElement,
    /// What each layer was last drawn for.
    drawn_heat: Option<(u64, bool, usize, bool)>,
    drawn_points: Option<(u64, bool)>,
}

impl DataView {
    /// A view drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> Result<DataView, JsValue> {
        let context = context_2d(&canvas)?;
        let points_canvas = offscreen(canvas.width(), canvas.height())?;
        Ok(DataView {
            canvas,
            context,
            fine: HeatLayer::new(HEATMAP_SIZE)?,
            coarse: HeatLayer::new(HEATMAP_SIZE_MOVING)?,
            points_canvas,
            drawn_heat: None,
            drawn_points: None,
        })
    }

    /// The visible canvas.
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }

    /// The full-resolution heatmap's pixels (for tests).
    pub fn heatmap(&self) -> &Heatmap {
        &self.fine.heatmap
    }

    /// Data coordinates of a pointer position given in CSS pixels from the
    /// canvas's top-left corner (its `offsetX`/`offsetY`).
    pub fn to_data(&self, domain: Domain, offset_x: f64, offset_y: f64) -> (f64, f64) {
        let (w, h) = (
            f64::from(self.canvas.client_width().max(1)),
            f64::from(self.canvas.client_height().max(1)),
        );
        let x = domain.x_min + offset_x / w * (domain.x_max - domain.x_min);
        let y = domain.y_max - offset_y / h * (domain.y_max - domain.y_min);
        (x, y)
    }

    /// Redraws what changed.
    pub fn draw(&mut self, frame: &DataFrame) -> Result<(), JsValue> {
        let points = frame.points;
        let one_d = points.dimensions == 1;
        let heat_key = (
            frame.params_version,
            frame.discretize,
            frame.features.len(),
            frame.moving,
        );
        let heat_changed = self.drawn_heat != Some(heat_key);
        let layer = if frame.moving { &mut self.coarse } else { &mut self.fine };
        if heat_changed && !one_d {
            let classify = points.task == Task::Classification;
            layer
                .heatmap
                .render(frame.network, frame.features, points.domain, classify, frame.discretize);
            let size = layer.heatmap.width() as u32;
            let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&layer.heatmap.rgba), size, size)?;
            layer.context.put_image_data(&image, 0.0, 0.0)?;
        }
        let points_key = (frame.points_version, frame.show_test);
        let points_changed = self.drawn_points != Some(points_key);
        if points_changed {
            draw_points(&self.points_canvas, points, frame.show_test)
                .map_err(|e| JsValue::from_str(&format!("drawing the points failed: {e}")))?;
        }
        if !heat_changed && !points_changed {
            return Ok(());
        }
        self.drawn_heat = Some(heat_key);
        self.drawn_points = Some(points_key);

        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        if one_d {
            self.context.set_fill_style_str("#ffffff");
            self.context.fill_rect(0.0, 0.0, w, h);
        } else {
            self.context.set_image_smoothing_enabled(true);
            let layer = if frame.moving { &self.coarse } else { &self.fine };
            self.context
                .draw_image_with_html_canvas_element_and_dw_and_dh(&layer.canvas, 0.0, 0.0, w, h)?;
        }
        self.context
            .draw_image_with_html_canvas_element(&self.points_canvas, 0.0, 0.0)?;
        if let Some((w1, w2, b)) = frame.boundary {
            draw_line(&self.context, points.domain, w, h, (w1, w2, b));
        }
        if one_d {
            draw_curve(&self.canvas, frame.network, frame.features, points.domain)
                .map_err(|e| JsValue::from_str(&format!("drawing the curve failed: {e}")))?;
        }
        Ok(())
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// The points and the domain's edge labels, with plotters, on a transparent
/// layer the size of the visible canvas.
fn draw_points(layer: &HtmlCanvasElement, points: &PointSet, show_test: bool) -> DrawResult {
    // Filling with a transparent colour paints nothing: clear the layer itself.
    let context = context_2d(layer).map_err(|_| "no 2d context")?;
    context.clear_rect(0.0, 0.0, f64::from(layer.width()), f64::from(layer.height()));
    let backend = CanvasBackend::with_canvas_object(layer.clone()).ok_or("no canvas backend")?;
    let root = backend.into_drawing_area();
    let d = points.domain;
    let mut chart = ChartBuilder::on(&root).build_cartesian_2d(d.x_min..d.x_max, d.y_min..d.y_max)?;
    let (width, height) = root.dim_in_pixel();
    let radius = if points.points.len() > 2000 { 2 } else { 4 };
    let classification = points.task == Task::Classification;
    let colour = |label: f64| -> RGBColor {
        if classification {
            rgb(class_color(label as usize))
        } else if points.dimensions == 1 {
            RGBColor(29, 35, 48)
        } else {
            let [r, g, b, _] = pixels::ramp(label * 4.0);
            RGBColor(r, g, b)
        }
    };
    let visible = points.points.iter().filter(|p| p.split == Split::Train || show_test);
    chart.draw_series(visible.clone().map(|p| {
        let (fill, edge) = match p.split {
            Split::Train => (colour(p.label).filled(), WHITE.stroke_width(1)),
            Split::Test => (WHITE.filled(), colour(p.label).stroke_width(2)),
        };
        EmptyElement::at((p.x, p.y)) + Circle::new((0, 0), radius, fill) + Circle::new((0, 0), radius, edge)
    }))?;
    // Edge labels: the domain's extent, drawn inside the plot so the whole
    // canvas stays the plot area.
    let label = ("sans-serif", 12).into_font().color(&RGBColor(91, 100, 117));
    let fmt = |v: f64| format!("{}", (v * 100.0).round() / 100.0);
    let (w, h) = (width as i32, height as i32);
    root.draw(&Text::new(fmt(d.x_min), (4, h - 16), label.clone()))?;
    root.draw(&Text::new(fmt(d.x_max), (w - 30, h - 16), label.clone()))?;
    root.draw(&Text::new(fmt(d.y_max), (4, 4), label.clone()))?;
    let axis = if points.dimensions == 1 {
        "x → y"
    } else {
        "x₁ → , x₂ ↑"
    };
    root.draw(&Text::new(axis, (w / 2 - 30, h - 16), label))?;
    root.present()?;
    Ok(())
}

/// The network's prediction along x, as a line over the 1-D data.
fn draw_curve(canvas: &HtmlCanvasElement, network: &Network, features: &[Feature], d: Domain) -> DrawResult {
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas backend")?;
    let root = backend.into_drawing_area();
    let mut chart = ChartBuilder::on(&root).build_cartesian_2d(d.x_min..d.x_max, d.y_min..d.y_max)?;
    let steps = 200;
    let xs: Vec<f64> = (0..=steps)
        .map(|i| d.x_min + (d.x_max - d.x_min) * i as f64 / steps as f64)
        .collect();
    let rows: Vec<Vec<f64>> = xs
        .iter()
        .map(|&x| features.iter().map(|f| f.compute(x, 0.0)).collect())
        .collect();
    let inputs = backprop::Matrix::from_rows(&rows, features.len(), "curve")?;
    let ys = network.predict(&inputs)?;
    let line: Vec<(f64, f64)> = xs
        .iter()
        .zip(ys.data())
        .filter(|(_, y)| y.is_finite())
        .map(|(&x, &y)| {
            (
                x,
                y.clamp(
                    d.y_min - 10.0 * (d.y_max - d.y_min),
                    d.y_max + 10.0 * (d.y_max - d.y_min),
                ),
            )
        })
        .collect();
    chart.draw_series(LineSeries::new(line, rgb(BLUE).stroke_width(3)))?;
    root.present()?;
    Ok(())
}

/// The line w₁x₁ + w₂x₂ + b = 0 across the domain (where a single sigmoid
/// neuron says ½).
fn draw_line(ctx: &CanvasRenderingContext2d, d: Domain, w: f64, h: f64, (w1, w2, b): (f64, f64, f64)) {
    let to_px = |x: f64, y: f64| {
        (
            (x - d.x_min) / (d.x_max - d.x_min) * w,
            (d.y_max - y) / (d.y_max - d.y_min) * h,
        )
    };
    let ends = if w2.abs() > 1e-12 {
        let y_at = |x: f64| -(w1 * x + b) / w2;
        [to_px(d.x_min, y_at(d.x_min)), to_px(d.x_max, y_at(d.x_max))]
    } else if w1.abs() > 1e-12 {
        let x = -b / w1;
        [to_px(x, d.y_min), to_px(x, d.y_max)]
    } else {
        return;
    };
    ctx.set_stroke_style_str("#1d2330");
    ctx.set_line_width(2.5);
    ctx.set_line_dash(&js_sys::Array::of2(&JsValue::from(8.0), &JsValue::from(5.0)))
        .ok();
    ctx.begin_path();
    ctx.move_to(ends[0].0, ends[0].1);
    ctx.line_to(ends[1].0, ends[1].1);
    ctx.stroke();
    ctx.set_line_dash(&js_sys::Array::new()).ok();
}
