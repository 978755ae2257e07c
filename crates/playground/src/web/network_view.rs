//! The network diagram: a column of units per layer (the input features
//! first), links coloured by the sign of their weight (blue +, orange −) and
//! as thick as its size, and in every unit a small picture of what it
//! computes over the data's domain. Hovering shows a value; clicking a link
//! or a unit selects it for editing (weight or bias).
//!
//! A redraw (every frame while training) costs few painting calls: the links
//! of each sign are one filled path (each link a band as wide as its
//! weight), all unit pictures are put at once into one atlas canvas and
//! copied box by box, and what only moves with the layout — outlines,
//! headings, feature names — is a cached overlay layer copied in one call.

use backprop::{Domain, Feature, Network, Task};
use js_sys::Uint8ClampedArray;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use super::dom::{context_2d, offscreen};
use crate::model::pixels::Thumbnails;

/// Side of a unit's picture, in picture pixels.
const THUMB: usize = 20;

/// Something in the diagram a pointer can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An input feature (column 0).
    Input { feature: usize },
    /// A unit of layer `layer` (0 = first layer after the input): its bias.
    Unit { layer: usize, unit: usize },
    /// The weight from unit `from` of the layer below to unit `to` of `layer`.
    Link { layer: usize, to: usize, from: usize },
}

/// Where everything was drawn, for hit-testing.
#[derive(Default)]
struct Layout {
    /// Top-left corner of each unit box, per column.
    boxes: Vec<Vec<(f64, f64)>>,
    size: f64,
}

/// What the diagram needs to draw.
pub struct DiagramFrame<'a> {
    pub network: &'a Network,
    pub features: &'a [Feature],
    pub domain: Domain,
    pub task: Task,
    pub thumbnails: bool,
    pub params_version: u64,
    pub selected: Option<Target>,
    /// Numbers written under each unit (`labels[column][unit]`, column 0 the
    /// inputs), as phase stepping shows them; empty for none.
    pub labels: &'a [Vec<String>],
}

/// Everything the last drawing showed: params version, pictures on, the
/// selection, the layer sizes and the phase numbers.
type DrawnKey = (u64, bool, Option<Target>, Vec<usize>, Vec<Vec<String>>);

/// What the overlay layer shows: canvas size, layer sizes, feature names and
/// the selected unit.
type OverlayKey = ((u32, u32), Vec<usize>, Vec<&'static str>, Option<Target>);

/// Links in one filled path at most (see `draw`).
const LINKS_PER_PATH: usize = 64;

/// Links by sign: positive weights blue, negative orange (Okabe–Ito).
const LINK_COLOURS: [&str; 2] = ["rgba(0,114,178,0.75)", "rgba(230,159,0,0.75)"];

/// The unit pictures' atlas: one `ImageData` over a JS-side buffer, made
/// again only when the network's shape changes, and the canvas it is put on.
struct AtlasLayer {
    buffer: Uint8ClampedArray,
    image: ImageData,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

/// A canvas layer and its context.
struct Layer {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl Layer {
    fn new(width: u32, height: u32) -> Result<Layer, JsValue> {
        let canvas = offscreen(width.max(1), height.max(1))?;
        let context = context_2d(&canvas)?;
        Ok(Layer { canvas, context })
    }
}

/// The diagram canvas.
pub struct NetworkView {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    atlas: Option<AtlasLayer>,
    overlay: Option<(Layer, OverlayKey)>,
    thumbnails: Thumbnails,
    layout: Layout,
    drawn: Option<DrawnKey>,
}

impl NetworkView {
    /// A diagram drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> Result<NetworkView, JsValue> {
        let context = context_2d(&canvas)?;
        Ok(NetworkView {
            canvas,
            context,
            atlas: None,
            overlay: None,
            thumbnails: Thumbnails::new(THUMB),
            layout: Layout::default(),
            drawn: None,
        })
    }

    /// The canvas.
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }

    /// Forces a redraw on the next frame (e.g. after a resize).
    pub fn invalidate(&mut self) {
        self.drawn = None;
    }

    /// Redraws if anything shown changed.
    pub fn draw(&mut self, frame: &DiagramFrame) -> Result<(), JsValue> {
        let net = frame.network;
        let mut columns = vec![frame.features.len()];
        columns.extend(net.layers().iter().map(|l| l.units));
        let key = (
            frame.params_version,
            frame.thumbnails,
            frame.selected,
            columns.clone(),
            frame.labels.to_vec(),
        );
        if self.drawn.as_ref() == Some(&key) {
            return Ok(());
        }
        self.drawn = Some(key);

        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        let ctx = &self.context;
        ctx.clear_rect(0.0, 0.0, w, h);
        let tallest = columns.iter().copied().max().unwrap_or(1) as f64;
        let top = 28.0;
        let size = ((h - top - 8.0) / tallest * 0.7).clamp(8.0, 34.0);
        let gap = if columns.len() > 1 {
            (w - 2.0 * 30.0 - size) / (columns.len() - 1) as f64
        } else {
            0.0
        };
        self.layout = Layout {
            boxes: columns
                .iter()
                .enumerate()
                .map(|(c, &units)| {
                    let x = 30.0 + gap * c as f64;
                    let step = (h - top - 8.0) / units as f64;
                    (0..units)
                        .map(|u| (x, top + step * (u as f64 + 0.5) - size / 2.0))
                        .collect()
                })
                .collect(),
            size,
        };

        // Links, thickest for the largest |w| in the network: each a band
        // (a quadrilateral as wide as the line would be), all bands of one
        // sign one path and one fill.
        let params = net.flat_params();
        let max_w = net
            .layers()
            .iter()
            .flat_map(|l| params[l.weight_range()].iter())
            .fold(1e-9f64, |m, w| m.max(w.abs()));
        let selected_link = match frame.selected {
            Some(Target::Link { layer, to, from }) => Some((layer, to, from)),
            _ => None,
        };
        for (sign, colour) in LINK_COLOURS.iter().enumerate() {
            ctx.set_fill_style_str(colour);
            ctx.begin_path();
            let mut in_path = 0;
            for (l, layer) in net.layers().iter().enumerate() {
                for to in 0..layer.units {
                    for from in 0..layer.inputs {
                        let wv = net.weight(l, to, from);
                        if usize::from(wv < 0.0) != sign || selected_link == Some((l, to, from)) {
                            continue;
                        }
                        self.band(l, to, from, 0.5 + 5.5 * (wv.abs() / max_w));
                        // Filling one path of thousands of overlapping bands
                        // costs far more than many small fills (the rasterizer
                        // works out the winding of every overlap): a big
                        // network's links go in paths of at most this many.
                        in_path += 1;
                        if in_path == LINKS_PER_PATH {
                            ctx.fill();
                            ctx.begin_path();
                            in_path = 0;
                        }
                    }
                }
            }
            ctx.fill();
        }
        if let Some((l, to, from)) = selected_link.filter(|&(l, to, from)| {
            net.layers()
                .get(l)
                .is_some_and(|layer| to < layer.units && from < layer.inputs)
        }) {
            ctx.begin_path();
            self.band(l, to, from, 6.0);
            let positive = net.weight(l, to, from) >= 0.0;
            ctx.set_fill_style_str(if positive { "rgb(0,114,178)" } else { "rgb(230,159,0)" });
            ctx.fill();
        }

        // Unit pictures: the atlas put once, then copied box by box.
        ctx.set_image_smoothing_enabled(false);
        if frame.thumbnails {
            self.thumbnails
                .render(net, frame.features, frame.domain, frame.task == Task::Classification);
            let (aw, ah) = self.thumbnails.atlas_size();
            if self
                .atlas
                .as_ref()
                .is_none_or(|a| (a.image.width(), a.image.height()) != (aw as u32, ah as u32))
            {
                let layer = Layer::new(aw as u32, ah as u32)?;
                let buffer = Uint8ClampedArray::new_with_length((4 * aw * ah).max(4) as u32);
                let image =
                    ImageData::new_with_js_u8_clamped_array_and_sh(&buffer, aw.max(1) as u32, ah.max(1) as u32)?;
                self.atlas = Some(AtlasLayer {
                    buffer,
                    image,
                    canvas: layer.canvas,
                    context: layer.context,
                });
            }
            if let Some(atlas) = &self.atlas {
                if self.thumbnails.atlas.len() == atlas.buffer.length() as usize {
                    atlas.buffer.copy_from(&self.thumbnails.atlas);
                    atlas.context.put_image_data(&atlas.image, 0.0, 0.0)?;
                }
                for (c, column) in self.layout.boxes.iter().enumerate() {
                    for (u, &(x, y)) in column.iter().enumerate() {
                        let (sx, sy, s) = ((u * THUMB) as f64, (c * THUMB) as f64, THUMB as f64);
                        ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                            &atlas.canvas,
                            sx,
                            sy,
                            s,
                            s,
                            x,
                            y,
                            size,
                            size,
                        )?;
                    }
                }
            }
        } else {
            ctx.begin_path();
            for &(x, y) in self.layout.boxes.iter().flatten() {
                ctx.rect(x, y, size, size);
            }
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
        }

        // Outlines, headings and feature names: a layer redrawn only when
        // the layout or the selected unit changes.
        let names: Vec<&'static str> = frame.features.iter().map(|&f| feature_label(f)).collect();
        let overlay_key = (
            (w as u32, h as u32),
            columns.clone(),
            names,
            frame.selected.filter(|t| matches!(t, Target::Unit { .. })),
        );
        if self.overlay.as_ref().is_none_or(|(_, k)| *k != overlay_key) {
            let layer = match self.overlay.take() {
                Some((layer, _)) if (layer.canvas.width(), layer.canvas.height()) == overlay_key.0 => layer,
                _ => Layer::new(overlay_key.0 .0, overlay_key.0 .1)?,
            };
            draw_overlay(&layer.context, (w, h), &self.layout, &overlay_key)?;
            self.overlay = Some((layer, overlay_key));
        }
        if let Some((layer, _)) = &self.overlay {
            ctx.draw_image_with_html_canvas_element(&layer.canvas, 0.0, 0.0)?;
        }

        // Phase numbers under the units.
        ctx.set_font("bold 11px sans-serif");
        ctx.set_text_align("center");
        ctx.set_text_baseline("alphabetic");
        for (c, column) in self.layout.boxes.iter().enumerate() {
            for (u, &(x, y)) in column.iter().enumerate() {
                let Some(text) = frame.labels.get(c).and_then(|l| l.get(u)) else {
                    continue;
                };
                let width = ctx.measure_text(text).map(|m| m.width()).unwrap_or(40.0) + 6.0;
                ctx.set_fill_style_str("rgba(255,255,255,0.9)");
                ctx.fill_rect(x + size / 2.0 - width / 2.0, y + size + 1.0, width, 14.0);
                ctx.set_fill_style_str("#1d2330");
                ctx.fill_text(text, x + size / 2.0, y + size + 12.0)?;
            }
        }
        Ok(())
    }

    /// Adds to the current path the band of the link from unit `from` of
    /// column `layer` to unit `to` of the next column, `width` pixels wide.
    fn band(&self, layer: usize, to: usize, from: usize, width: f64) {
        let size = self.layout.size;
        let (Some(&(x0, y0)), Some(&(x1, y1))) = (
            self.layout.boxes.get(layer).and_then(|c| c.get(from)),
            self.layout.boxes.get(layer + 1).and_then(|c| c.get(to)),
        ) else {
            return;
        };
        let (ax, ay, bx, by) = (x0 + size, y0 + size / 2.0, x1, y1 + size / 2.0);
        let length = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1e-9);
        // Half the width along the normal of the link.
        let (nx, ny) = (-(by - ay) / length * width / 2.0, (bx - ax) / length * width / 2.0);
        let ctx = &self.context;
        ctx.move_to(ax + nx, ay + ny);
        ctx.line_to(bx + nx, by + ny);
        ctx.line_to(bx - nx, by - ny);
        ctx.line_to(ax - nx, ay - ny);
        ctx.close_path();
    }

    /// What is under a pointer at canvas-CSS offset (x, y).
    pub fn hit(&self, offset_x: f64, offset_y: f64) -> Option<Target> {
        let scale = f64::from(self.canvas.width()) / f64::from(self.canvas.client_width().max(1));
        let (x, y) = (offset_x * scale, offset_y * scale);
        let size = self.layout.size;
        for (c, column) in self.layout.boxes.iter().enumerate() {
            for (u, &(bx, by)) in column.iter().enumerate() {
                if x >= bx && x <= bx + size && y >= by && y <= by + size {
                    return Some(if c == 0 {
                        Target::Input { feature: u }
                    } else {
                        Target::Unit { layer: c - 1, unit: u }
                    });
                }
            }
        }
        let mut best: Option<(f64, Target)> = None;
        for c in 1..self.layout.boxes.len() {
            for (to, &(x1, y1)) in self.layout.boxes[c].iter().enumerate() {
                for (from, &(x0, y0)) in self.layout.boxes[c - 1].iter().enumerate() {
                    let d = segment_distance((x, y), (x0 + size, y0 + size / 2.0), (x1, y1 + size / 2.0));
                    if d < 5.0 && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, Target::Link { layer: c - 1, to, from }));
                    }
                }
            }
        }
        best.map(|(_, t)| t)
    }

    /// Canvas-CSS position of a target's centre (to place a tooltip or editor).
    pub fn position(&self, target: Target) -> Option<(f64, f64)> {
        let scale = f64::from(self.canvas.client_width().max(1)) / f64::from(self.canvas.width().max(1));
        let size = self.layout.size;
        let centre = |c: usize, u: usize| {
            self.layout
                .boxes
                .get(c)?
                .get(u)
                .map(|&(x, y)| (x + size / 2.0, y + size / 2.0))
        };
        let (x, y) = match target {
            Target::Input { feature } => centre(0, feature)?,
            Target::Unit { layer, unit } => centre(layer + 1, unit)?,
            Target::Link { layer, to, from } => {
                let (x0, y0) = centre(layer, from)?;
                let (x1, y1) = centre(layer + 1, to)?;
                ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
            }
        };
        Some((x * scale, y * scale))
    }
}

/// The overlay: every unit's outline (the selected one bold), the column
/// headings and the input features' names, on a transparent layer.
fn draw_overlay(
    ctx: &CanvasRenderingContext2d,
    (w, h): (f64, f64),
    layout: &Layout,
    (_, columns, names, selected): &OverlayKey,
) -> Result<(), JsValue> {
    ctx.clear_rect(0.0, 0.0, w, h);
    let size = layout.size;
    ctx.begin_path();
    for &(x, y) in layout.boxes.iter().flatten() {
        ctx.rect(x, y, size, size);
    }
    ctx.set_stroke_style_str("#8a93a5");
    ctx.set_line_width(1.0);
    ctx.stroke();
    if let Some(Target::Unit { layer, unit }) = selected {
        if let Some(&(x, y)) = layout.boxes.get(layer + 1).and_then(|c| c.get(*unit)) {
            ctx.set_stroke_style_str("#1d2330");
            ctx.set_line_width(3.0);
            ctx.stroke_rect(x, y, size, size);
        }
    }
    ctx.set_fill_style_str("#5b6475");
    ctx.set_font("12px sans-serif");
    ctx.set_text_align("center");
    for (c, column) in layout.boxes.iter().enumerate() {
        let Some(&(x, _)) = column.first() else {
            continue;
        };
        let label = if c == 0 {
            "inputs".to_string()
        } else if c == columns.len() - 1 {
            "output".to_string()
        } else {
            format!("{} units", columns[c])
        };
        ctx.fill_text(&label, x + size / 2.0, 14.0)?;
    }
    ctx.set_text_align("left");
    for (name, &(x, y)) in names.iter().zip(layout.boxes.first().into_iter().flatten()) {
        ctx.fill_text(name, (x - 28.0).max(0.0), y + size / 2.0 + 4.0)?;
    }
    Ok(())
}

/// A feature's label in the diagram.
pub fn feature_label(feature: Feature) -> &'static str {
    match feature {
        Feature::X1 => "x₁",
        Feature::X2 => "x₂",
        Feature::X1Squared => "x₁²",
        Feature::X2Squared => "x₂²",
        Feature::X1X2 => "x₁x₂",
        Feature::SinX1 => "sin x₁",
        Feature::SinX2 => "sin x₂",
    }
}

/// Distance from p to the segment a–b.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}
