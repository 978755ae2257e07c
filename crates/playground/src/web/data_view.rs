//! The data canvas: the decision boundary as pixels under the points (2-D),
//! or the fitted curve through them (1-D regression). The canvas maps its
//! whole drawn area linearly onto the data set's domain, y upward.
//!
//! Three layers, each redrawn only when what it shows changes: the heatmap
//! (one reused `ImageData`, put on one small off-screen canvas and stretched
//! with smoothing), the points and edge labels (an off-screen canvas), and
//! the composite on the visible canvas — three painting calls a frame while
//! training, and nothing allocated on the JS side per frame. The heatmap's
//! values come from the page's one forward pass over a grid of the domain
//! ([`GridPass`]), which the network diagram's unit pictures share.

use backprop::{Domain, Feature, Network, Task};
use js_sys::Uint8ClampedArray;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::dom::{context_2d, now_ms, offscreen};
use super::labels::{colour_bar, ticks, Label, Labels, Scale};
use crate::model::grid_pass::GridPass;
use crate::model::number::axis_labels;
use crate::model::pixels::{self, class_color, Palette, BLUE, CLASS_COLORS};
use crate::model::points::{PointSet, Split};

/// Heatmap resolution at rest (TF Playground's: 100 × 100, stretched).
pub const HEATMAP_SIZE: usize = 100;
/// Heatmap resolution while training runs: a quarter of the pixels, so a deep
/// network still animates at full frame rate; smoothing hides the difference
/// in motion, and the full resolution returns as soon as training pauses.
pub const HEATMAP_SIZE_MOVING: usize = 50;
/// Time a frame spends on the grid's forward pass while training runs (ms):
/// a network too big for it finishes its pictures over several frames.
const PASS_BUDGET_MOVING_MS: f64 = 2.5;
/// … and at rest, when nothing else needs the frame.
const PASS_BUDGET_MS: f64 = 12.0;

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
    /// Points a lesson talks about by name (x, y, name): Emily and Frank.
    pub names: &'a [(f64, f64, &'a str)],
    /// The keyboard's cursor (data coordinates), while it shows.
    pub cursor: Option<(f64, f64)>,
}

/// The heatmap's one layer: an `ImageData` the size of the finest heatmap,
/// over a JS-side buffer it keeps for good (each new heatmap is copied into
/// that buffer: one copy, no new objects), and the off-screen canvas it is
/// put on. A coarser heatmap fills only its top-left corner.
struct HeatLayer {
    /// The pixels, RGBA, the layer's size square.
    rgba: Vec<u8>,
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
            rgba: vec![0; 4 * size * size],
            buffer,
            image,
            canvas,
            context,
        })
    }

    /// Colours the pass's outputs into the layer's top-left corner and puts
    /// them on its canvas.
    fn put(
        &mut self,
        palette: &Palette,
        pass: &GridPass,
        classification: bool,
        discretize: bool,
    ) -> Result<(), JsValue> {
        let n = pass.size();
        let k = (0..).take_while(|&k| !pass.output(k).is_empty()).count();
        let outputs: Vec<&[f64]> = (0..k).map(|k| pass.output(k)).collect();
        let stride = 4 * self.image.width() as usize;
        let rows = if 4 * n == stride {
            &mut self.rgba[..]
        } else {
            &mut self.rgba[..4 * n * n]
        };
        palette.heatmap(&outputs, classification, discretize, rows);
        if 4 * n != stride {
            // Spread the n-wide rows out to the layer's stride, last row first.
            for row in (1..n).rev() {
                self.rgba.copy_within(4 * n * row..4 * n * (row + 1), stride * row);
            }
        }
        super::dom::copy_pixels(&self.buffer, &self.rgba);
        self.context
            .put_image_data_with_dirty_x_and_dirty_y_and_dirty_width_and_dirty_height(
                &self.image,
                0.0,
                0.0,
                0.0,
                0.0,
                n as f64,
                n as f64,
            )
    }
}

/// The data canvas and its off-screen layers.
pub struct DataView {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    pass: GridPass,
    palette: Palette,
    layer: HeatLayer,
    points_canvas: HtmlCanvasElement,
    /// What each layer was last drawn for.
    drawn_heat: Option<(u64, bool, bool)>,
    drawn_points: Option<(u64, bool, usize)>,
    /// The axes and the colour bar, in the element after the canvas (if
    /// it is a `.labels` holder).
    labels: Option<Labels>,
    labels_for: Option<(Domain, usize, bool, usize, bool)>,
    /// Time spent on the grid's forward pass and the heatmap's colours since
    /// the start (ms), for `metrics()`.
    pub pictures_ms: f64,
    /// Where the keyboard's cursor was drawn.
    cursor: Option<(f64, f64)>,
}

impl DataView {
    /// A view drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> Result<DataView, JsValue> {
        let context = context_2d(&canvas)?;
        let points_canvas = offscreen(canvas.width(), canvas.height())?;
        let labels = Labels::after(&canvas);
        Ok(DataView {
            labels,
            labels_for: None,
            pictures_ms: 0.0,
            cursor: None,
            canvas,
            context,
            pass: GridPass::default(),
            palette: Palette::default(),
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

    /// The forward pass over the grid the heatmap was coloured from (the
    /// network diagram's unit pictures come from it too).
    pub fn pass(&self) -> &GridPass {
        &self.pass
    }

    /// The heatmap's side and its pixels (RGBA, rows from the top, the
    /// layer's 100-pixel stride), for tests.
    pub fn heatmap(&self) -> (usize, &[u8]) {
        (self.pass.size(), &self.layer.rgba)
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

    /// Advances the grid's forward pass and redraws what changed.
    pub fn draw(&mut self, frame: &DataFrame) -> Result<(), JsValue> {
        let points = frame.points;
        let one_d = points.dimensions == 1;
        let classification = points.task == Task::Classification;
        let start = now_ms();
        if !one_d {
            let (size, budget) = if frame.moving {
                (HEATMAP_SIZE_MOVING, PASS_BUDGET_MOVING_MS)
            } else {
                (HEATMAP_SIZE, PASS_BUDGET_MS)
            };
            let network = frame.network;
            self.pass.advance(
                network,
                frame.features,
                points.domain,
                size,
                frame.params_version,
                &mut || now_ms() - start > budget,
            );
        }
        let heat_key = (self.pass.completed(), frame.discretize, classification);
        let heat_changed = !one_d && self.pass.ready() && self.drawn_heat != Some(heat_key);
        if heat_changed {
            self.layer
                .put(&self.palette, &self.pass, classification, frame.discretize)?;
            self.drawn_heat = Some(heat_key);
        }
        self.pictures_ms += now_ms() - start;
        let points_key = (frame.points_version, frame.show_test, frame.names.len());
        let points_changed = self.drawn_points != Some(points_key);
        if points_changed {
            draw_points(&self.points_canvas, points, frame.show_test)?;
            draw_names(&self.points_canvas, points.domain, frame.names)?;
            self.drawn_points = Some(points_key);
        }
        // A 1-D curve follows the weights directly.
        let curve_changed = one_d && self.drawn_heat != Some((frame.params_version, false, false));
        let cursor_changed = self.cursor != frame.cursor;
        if !heat_changed && !points_changed && !curve_changed && !cursor_changed {
            return Ok(());
        }
        self.cursor = frame.cursor;
        if one_d {
            self.drawn_heat = Some((frame.params_version, false, false));
        }

        let labels_key = (
            points.domain,
            points.dimensions,
            classification,
            frame.network.output_size(),
            frame.discretize,
        );
        if let Some(labels) = self.labels.as_mut().filter(|_| self.labels_for != Some(labels_key)) {
            labels.show(axes(points, labels_key.3, frame.discretize))?;
            self.labels_for = Some(labels_key);
        }
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        if one_d || !self.pass.ready() {
            self.context.set_fill_style_str("#ffffff");
            self.context.fill_rect(0.0, 0.0, w, h);
        } else {
            self.context.set_image_smoothing_enabled(true);
            let size = self.pass.size() as f64;
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
        if let Some((x, y)) = frame.cursor {
            let d = points.domain;
            draw_cursor(
                &self.context,
                (x - d.x_min) / (d.x_max - d.x_min) * w,
                (d.y_max - y) / (d.y_max - d.y_min) * h,
            )?;
        }
        Ok(())
    }
}

/// The keyboard's cursor at canvas pixel (x, y): a ring round the place a
/// point would go, dark on a white halo so it reads over any colour.
fn draw_cursor(ctx: &CanvasRenderingContext2d, x: f64, y: f64) -> Result<(), JsValue> {
    ctx.begin_path();
    ctx.arc(x, y, 9.0, 0.0, std::f64::consts::TAU)?;
    for (colour, width) in [("#ffffff", 4.0), ("#1d2330", 2.0)] {
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        ctx.stroke();
    }
    Ok(())
}

/// A CSS colour.
fn css([r, g, b]: [u8; 3]) -> String {
    format!("rgb({r},{g},{b})")
}

/// The points and the domain's edge labels, on a transparent layer the size
/// of the visible canvas. Points of one colour and kind are one path: one
/// fill and one stroke each (training points filled with a white edge, test
/// points white with a coloured ring, drawn on top). The colours are few:
/// a class's, or for 2-D regression the target's on the ramp in steps of a
/// tenth.
fn draw_points(layer: &HtmlCanvasElement, points: &PointSet, show_test: bool) -> Result<(), JsValue> {
    let ctx = context_2d(layer)?;
    let (w, h) = (f64::from(layer.width()), f64::from(layer.height()));
    ctx.clear_rect(0.0, 0.0, w, h);
    let d = points.domain;
    let radius = if points.points.len() > 2000 { 2.0 } else { 4.0 };
    let classification = points.task == Task::Classification;
    // Each point's colour group, and each group's colour.
    let (groups, group_of): (usize, &dyn Fn(f64) -> usize) = if classification {
        (CLASS_COLORS.len(), &|label| label as usize % CLASS_COLORS.len())
    } else if points.dimensions == 1 {
        (1, &|_| 0)
    } else {
        (21, &|label| ((4.0 * label).clamp(-1.0, 1.0) * 10.0 + 10.5) as usize)
    };
    let colour = |g: usize| -> [u8; 3] {
        if classification {
            class_color(g)
        } else if points.dimensions == 1 {
            [29, 35, 48]
        } else {
            let [r, g, b, _] = pixels::ramp(g as f64 / 10.0 - 1.0);
            [r, g, b]
        }
    };
    for test in [false, true] {
        if test && !show_test {
            break;
        }
        for g in 0..groups {
            let mut any = false;
            ctx.begin_path();
            for p in &points.points {
                if (p.split == Split::Test) != test || group_of(p.label) != g {
                    continue;
                }
                let x = (p.x - d.x_min) / (d.x_max - d.x_min) * w;
                let y = (d.y_max - p.y) / (d.y_max - d.y_min) * h;
                ctx.move_to(x + radius, y);
                ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
                any = true;
            }
            if !any {
                continue;
            }
            let c = css(colour(g));
            let (fill, edge, width) = if test {
                ("#ffffff", c.as_str(), 2.0)
            } else {
                (c.as_str(), "#ffffff", 1.0)
            };
            ctx.set_fill_style_str(fill);
            ctx.fill();
            ctx.set_stroke_style_str(edge);
            ctx.set_line_width(width);
            ctx.stroke();
        }
    }
    Ok(())
}

/// The data canvas's axes — ticks of the domain on both axes (their names,
/// x₁ and x₂, at the far ends) — and the colour bar of the heatmap: the
/// probability of blue for two classes, for more each class's colour from
/// unsure (paper white) to sure, the predicted value for regression.
fn axes(points: &PointSet, outputs: usize, discretize: bool) -> Vec<Label> {
    let d = points.domain;
    let one_d = points.dimensions == 1;
    let mut labels = ticks(true, (d.x_min, d.x_max), 6, (0.0, 0.86), Scale::Linear);
    labels.extend(ticks(false, (d.y_min, d.y_max), 6, (0.03, 0.86), Scale::Linear));
    labels.push(Label::at("tx", if one_d { "x" } else { "x₁" }, 1.0, 1.0));
    labels.push(Label::at("ty", if one_d { "y" } else { "x₂" }, 0.0, 0.0));
    if one_d {
        return labels;
    }
    let classify = points.task == Task::Classification;
    let mut marks = Vec::new();
    // The bars' colours are those of `pixels::ramp` and `class_pixel`, set in
    // web/style.css (checked against the heatmap by tests/e2e/axes.test.mjs).
    let (bar, caption) = if classify && outputs > 1 {
        // One segment per class (numbered as the point tools number them).
        for c in 0..outputs {
            marks.push(((c as f64 + 0.5) / outputs as f64, (c + 1).to_string()));
        }
        let bar = match (outputs, discretize) {
            (3, false) => "bar c3",
            (3, true) => "bar c3d",
            (_, false) => "bar c4",
            (_, true) => "bar c4d",
        };
        (bar, "class")
    } else {
        let values = if classify { [0.0, 0.5, 1.0] } else { [-1.0, 0.0, 1.0] };
        marks.extend([0.0, 0.5, 1.0].into_iter().zip(axis_labels(&values)));
        match (classify, discretize) {
            (true, true) => ("bar pd", "P(blue)"),
            (true, false) => ("bar p", "P(blue)"),
            _ => ("bar p", "ŷ"),
        }
    };
    labels.extend(colour_bar(bar, marks, caption));
    labels
}

/// Writes the names a lesson gives its points (Emily, Frank) beside them,
/// dark on a white halo so they read over any colour.
fn draw_names(layer: &HtmlCanvasElement, d: Domain, names: &[(f64, f64, &str)]) -> Result<(), JsValue> {
    if names.is_empty() {
        return Ok(());
    }
    let ctx = context_2d(layer)?;
    let (w, h) = (f64::from(layer.width()), f64::from(layer.height()));
    ctx.set_font("bold 14px sans-serif");
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    ctx.set_line_width(4.0);
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_fill_style_str("#1d2330");
    for &(x, y, name) in names {
        let px = (x - d.x_min) / (d.x_max - d.x_min) * w + 9.0;
        let py = (d.y_max - y) / (d.y_max - d.y_min) * h;
        ctx.stroke_text(name, px, py)?;
        ctx.fill_text(name, px, py)?;
    }
    Ok(())
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
    let (mut xs, mut data) = (Vec::with_capacity(steps + 1), Vec::new());
    for i in 0..=steps {
        let x = d.x_min + (d.x_max - d.x_min) * i as f64 / steps as f64;
        xs.push(x);
        for f in features {
            data.push(f.compute(x, 0.0));
        }
    }
    let inputs =
        backprop::Matrix::new(xs.len(), features.len(), data).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let ys = network
        .predict(&inputs)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let span = d.y_max - d.y_min;
    let line = xs.iter().zip(ys.data()).filter(|(_, y)| y.is_finite()).map(|(&x, &y)| {
        // (`max`/`min`, not `clamp`: clamp's check of its bounds would
        // link core's float formatting for its panic message.)
        let y = y.max(d.y_min - 10.0 * span).min(d.y_max + 10.0 * span);
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
