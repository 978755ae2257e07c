//! The data canvas: the decision boundary as pixels under the points (2-D),
//! or the fitted curve through them (1-D regression). The canvas maps its
//! whole drawn area linearly onto the data set's domain, y upward.
//!
//! Three layers, each redrawn only when what it shows changes: the heatmap
//! (one reused `ImageData`, put on one small off-screen canvas and stretched
//! with smoothing), the points and edge labels (an off-screen canvas), and
//! the composite on the visible canvas — three painting calls a frame while
//! training, and nothing allocated on the JS side per frame.

use backprop::{Domain, Feature, Network, Task};
use js_sys::Uint8ClampedArray;
use wasm_bindgen::JsValue;
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

/// The heatmap's one layer: an `ImageData` the size of the finest heatmap,
/// over a JS-side buffer it keeps for good (each frame copies the Rust
/// pixels into that buffer: one copy, no new objects), and the off-screen
/// canvas it is put on. A coarser heatmap fills only its top-left corner.
struct HeatLayer {
    staging: Vec<u8>,
    buffer: Uint8ClampedArray,
    image: ImageData,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl HeatLayer {
    fn new(size: usize) -> Result<HeatLayer, JsValue> {
        let canvas = offscreen(size as u32, size as u32)?;
        let context = context_2d(&canvas)?;
        let buffer = Uint8ClampedArray::new_with_length((4 * size * size) as u32);
        let image = ImageData::new_with_js_u8_clamped_array_and_sh(&buffer, size as u32, size as u32)?;
        Ok(HeatLayer {
            staging: vec![0; 4 * size * size],
            buffer,
            image,
            canvas,
            context,
        })
    }

    /// Puts `heatmap`'s pixels in the layer's top-left corner.
    fn put(&mut self, heatmap: &Heatmap) -> Result<(), JsValue> {
        let (w, h) = (heatmap.width(), heatmap.height());
        let stride = 4 * self.image.width() as usize;
        if 4 * w == stride {
            self.buffer.copy_from(&heatmap.rgba);
        } else {
            for (row, line) in heatmap.rgba.chunks_exact(4 * w).enumerate().take(h) {
                self.staging[row * stride..row * stride + 4 * w].copy_from_slice(line);
            }
            self.buffer.copy_from(&self.staging);
        }
        self.context
            .put_image_data_with_dirty_x_and_dirty_y_and_dirty_width_and_dirty_height(
                &self.image,
                0.0,
                0.0,
                0.0,
                0.0,
                w as f64,
                h as f64,
            )
    }
}

/// The data canvas and its off-screen layers.
pub struct DataView {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    fine: Heatmap,
    coarse: Heatmap,
    layer: HeatLayer,
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
            fine: Heatmap::new(HEATMAP_SIZE, HEATMAP_SIZE),
            coarse: Heatmap::new(HEATMAP_SIZE_MOVING, HEATMAP_SIZE_MOVING),
            layer: HeatLayer::new(HEATMAP_SIZE)?,
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
        &self.fine
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
        let heatmap = if frame.moving { &mut self.coarse } else { &mut self.fine };
        if heat_changed && !one_d {
            let classify = points.task == Task::Classification;
            heatmap.render(frame.network, frame.features, points.domain, classify, frame.discretize);
            self.layer.put(heatmap)?;
        }
        let points_key = (frame.points_version, frame.show_test);
        let points_changed = self.drawn_points != Some(points_key);
        if points_changed {
            draw_points(&self.points_canvas, points, frame.show_test)?;
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
            let size = if frame.moving { &self.coarse } else { &self.fine }.width() as f64;
            self.context
                .draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                    &self.layer.canvas,
                    0.0,
                    0.0,
                    size,
                    size,
                    0.0,
                    0.0,
                    w,
                    h,
                )?;
        }
        self.context
            .draw_image_with_html_canvas_element(&self.points_canvas, 0.0, 0.0)?;
        if let Some((w1, w2, b)) = frame.boundary {
            draw_line(&self.context, points.domain, w, h, (w1, w2, b));
        }
        if one_d {
            draw_curve(&self.context, (w, h), frame.network, frame.features, points.domain)?;
        }
        Ok(())
    }
}

/// A CSS colour.
fn css([r, g, b]: [u8; 3]) -> String {
    format!("rgb({r},{g},{b})")
}

/// The points and the domain's edge labels, on a transparent layer the size
/// of the visible canvas. Points of one colour and kind are one path: one
/// fill and one stroke each (training points filled with a white edge, test
/// points white with a coloured ring, drawn on top).
fn draw_points(layer: &HtmlCanvasElement, points: &PointSet, show_test: bool) -> Result<(), JsValue> {
    let ctx = context_2d(layer)?;
    let (w, h) = (f64::from(layer.width()), f64::from(layer.height()));
    ctx.clear_rect(0.0, 0.0, w, h);
    let d = points.domain;
    let radius = if points.points.len() > 2000 { 2.0 } else { 4.0 };
    let classification = points.task == Task::Classification;
    let colour = |label: f64| -> [u8; 3] {
        if classification {
            class_color(label as usize)
        } else if points.dimensions == 1 {
            [29, 35, 48]
        } else {
            let [r, g, b, _] = pixels::ramp(label * 4.0);
            [r, g, b]
        }
    };
    let mut marks: Vec<(bool, [u8; 3], f64, f64)> = points
        .points
        .iter()
        .filter(|p| p.split == Split::Train || show_test)
        .map(|p| {
            let x = (p.x - d.x_min) / (d.x_max - d.x_min) * w;
            let y = (d.y_max - p.y) / (d.y_max - d.y_min) * h;
            (p.split == Split::Test, colour(p.label), x, y)
        })
        .collect();
    marks.sort_by_key(|&(test, c, _, _)| (test, c));
    for group in marks.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (test, c, _, _) = group[0];
        ctx.begin_path();
        for &(_, _, x, y) in group {
            ctx.move_to(x + radius, y);
            ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
        }
        let (fill, edge, width) = if test {
            ("#ffffff".to_string(), css(c), 2.0)
        } else {
            (css(c), "#ffffff".to_string(), 1.0)
        };
        ctx.set_fill_style_str(&fill);
        ctx.fill();
        ctx.set_stroke_style_str(&edge);
        ctx.set_line_width(width);
        ctx.stroke();
    }
    // Edge labels: the domain's extent, drawn inside the plot so the whole
    // canvas stays the plot area.
    ctx.set_fill_style_str("rgb(91,100,117)");
    ctx.set_font("12px sans-serif");
    ctx.set_text_align("left");
    ctx.set_text_baseline("top");
    let fmt = crate::model::number::show;
    ctx.fill_text(&fmt(d.x_min), 4.0, h - 16.0)?;
    ctx.fill_text(&fmt(d.x_max), w - 30.0, h - 16.0)?;
    ctx.fill_text(&fmt(d.y_max), 4.0, 4.0)?;
    let axis = if points.dimensions == 1 {
        "x → y"
    } else {
        "x₁ → , x₂ ↑"
    };
    ctx.fill_text(axis, w / 2.0 - 30.0, h - 16.0)
}

/// The network's prediction along x, as one line over the 1-D data.
fn draw_curve(
    ctx: &CanvasRenderingContext2d,
    (w, h): (f64, f64),
    network: &Network,
    features: &[Feature],
    d: Domain,
) -> Result<(), JsValue> {
    let steps = 200;
    let xs: Vec<f64> = (0..=steps)
        .map(|i| d.x_min + (d.x_max - d.x_min) * i as f64 / steps as f64)
        .collect();
    let data = xs
        .iter()
        .flat_map(|&x| features.iter().map(move |f| f.compute(x, 0.0)))
        .collect();
    let inputs =
        backprop::Matrix::new(xs.len(), features.len(), data).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let ys = network
        .predict(&inputs)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let span = d.y_max - d.y_min;
    let line = xs.iter().zip(ys.data()).filter(|(_, y)| y.is_finite()).map(|(&x, &y)| {
        let y = y.clamp(d.y_min - 10.0 * span, d.y_max + 10.0 * span);
        ((x - d.x_min) / (d.x_max - d.x_min) * w, (d.y_max - y) / span * h)
    });
    ctx.set_stroke_style_str(&css(BLUE));
    ctx.set_line_width(3.0);
    ctx.set_line_join("round");
    super::dom::polyline(ctx, line);
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
