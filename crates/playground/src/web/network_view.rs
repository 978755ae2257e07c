//! The network diagram: a column of units per layer (the input features
//! first), links coloured by the sign of their weight (blue +, orange −) and
//! as thick as its size, and in every unit a small picture of what it
//! computes over the data's domain. Hovering shows a value; clicking a link
//! or a unit selects it, and while one is selected the chain the inspector
//! writes is drawn here in its key colours: the output ringed in the output's,
//! the paths from the selected unit to it in the path's, the selected link
//! (or the unit whose bias it is) in the link's, the other links faded. The
//! keyboard's focus is a dark ring further out.
//!
//! A redraw costs a handful of painting calls whatever the network's size:
//! the links of each sign are filled paths (each link a band as wide as its
//! weight); the unit pictures are painted in Rust into one buffer holding a
//! strip per column, exactly as the boxes sit on the canvas, put once on a
//! layer and copied from it column by column; the outlines are one stroke;
//! the headings and the features' names are HTML over the canvas.
//!
//! What a redraw follows: the pictures change when a pass over the grid
//! completes ([`GridPass`]; a huge network's takes several frames), the links
//! when the weights do. A network whose links take long to draw (8 × 64
//! units: 29 000 of them) redraws them at most a fifth of the time.

use backprop::{Feature, Network, Task};
use js_sys::Uint8ClampedArray;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub use super::cursor::Target;
use super::dom::{context_2d, now_ms, offscreen};
use super::labels::{Label, Labels};
use crate::model::class_picture::class_picture;
use crate::model::grid_pass::GridPass;
use crate::model::pixels::{bounded_range, output_to_ramp, Palette};

/// Where everything was drawn, for hit-testing: whole canvas pixels, so the
/// pictures put into the boxes meet their outlines exactly.
#[derive(Default, PartialEq)]
struct Layout {
    /// Top-left corner of each unit box, per column.
    boxes: Vec<Vec<(f64, f64)>>,
    size: f64,
}

/// What the diagram needs to draw.
pub struct DiagramFrame<'a> {
    pub network: &'a Network,
    pub features: &'a [Feature],
    pub task: Task,
    pub thumbnails: bool,
    pub params_version: u64,
    pub selected: Option<Target>,
    /// The keyboard's focus, while it shows.
    pub focused: Option<Target>,
    /// Numbers written under each unit (`labels[column][unit]`, column 0 the
    /// inputs), as phase stepping shows them; empty for none.
    pub labels: &'a [Vec<String>],
    /// The pass over the grid the unit pictures come from.
    pub pictures: &'a GridPass,
}

/// Links in one filled path at most (see `draw`).
const LINKS_PER_PATH: usize = 64;

/// The most links drawn between two columns: between two layers of 64 units
/// (4 096 links, a solid mesh at this size) the strongest 512 by |w|.
const LINKS_SHOWN: usize = 512;

/// Links by sign: positive weights blue, negative orange (Okabe–Ito);
/// then the links on the inspector's path, in its key colour.
const LINK_COLOURS: [&str; 3] = ["rgba(0,114,178,0.75)", "rgba(230,159,0,0.75)", "rgba(204,121,167,0.9)"];

/// The inspector's key colours (web/style.css `.k-output`, `.k-path`,
/// `.k-link`): the output, the path from the selected unit to it, and the
/// selected link or bias.
const KEYS: [&str; 3] = ["#d55e00", "#cc79a7", "#009e73"];

/// Between two columns with more links than this, each link is a hairline
/// (one CSS pixel, coloured by sign) instead of a band as wide as |w|: a
/// software rasterizer fills thousands of overlapping bands slowly (an
/// 8 × 64 network's took most of a frame), while hairlines cost little.
const DENSE: usize = 256;

/// Drawing the links may take at most 1/LINK_SHARE of the time while they
/// keep changing (a slow drawing waits that many times its cost).
const LINK_SHARE: f64 = 5.0;

/// What a drawn link costs the browser after our code has returned (ms):
/// a canvas's drawing is recorded while we issue it and rasterized when
/// the frame is committed, so timing our calls misses most of a big
/// diagram's cost. Measured in headless Chromium's software rasterizer
/// (a trace's `LayerTreeHost::DoUpdateLayers`): the 8 × 64 network's
/// ~3 800 links took 5.8 ms a frame, ~1.5 µs each. Counted, it keeps that
/// diagram to about one redraw in three frames while it trains, and the
/// page's frame rate went from 49–51 to 58–59 fps.
const RASTER_MS_PER_LINK: f64 = 0.0015;

/// The unit pictures: a strip per column, side by side (column c's strip is
/// `size` pixels wide from x = c·size, and holds the column's boxes at their
/// heights on the canvas from its first box down), in one RGBA buffer; the
/// `ImageData` over a JS-side copy of it, and the layer it is put on once,
/// from which each column's strip is copied into place.
struct Strips {
    rgba: Vec<u8>,
    width: usize,
    height: usize,
    buffer: Uint8ClampedArray,
    image: ImageData,
    layer: Layer,
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

/// What the last drawing showed.
#[derive(PartialEq, Clone)]
struct Drawn {
    params_version: u64,
    pictures: Option<u64>,
    selected: Option<Target>,
    focused: Option<Target>,
    columns: Vec<usize>,
    labels: Vec<Vec<String>>,
}

/// The diagram canvas.
pub struct NetworkView {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    strips: Option<Strips>,
    /// The headings and names over the canvas, if the page has a holder.
    labels: Option<Labels>,
    palette: Palette,
    layout: Layout,
    drawn: Option<Drawn>,
    /// When the links were last drawn and what that cost (ms): our calls'
    /// time plus the browser's rasterizing of them ([`RASTER_MS_PER_LINK`]).
    links_drawn: (f64, f64),
    /// The features the headings were made for.
    headed: Vec<Feature>,
}

impl NetworkView {
    /// A diagram drawing into `canvas`.
    pub fn new(canvas: HtmlCanvasElement) -> Result<NetworkView, JsValue> {
        let context = context_2d(&canvas)?;
        let labels = Labels::after(&canvas);
        Ok(NetworkView {
            labels,
            canvas,
            context,
            strips: None,
            palette: Palette::default(),
            layout: Layout::default(),
            drawn: None,
            links_drawn: (f64::NEG_INFINITY, 0.0),
            headed: Vec::new(),
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
        let pass = frame.pictures;
        // Pictures of this very network (same shape) once a pass has completed.
        let pictures = (frame.thumbnails && !pass.picture(columns.len() - 1, 0).is_empty()).then(|| pass.completed());
        let key = Drawn {
            params_version: frame.params_version,
            pictures,
            selected: frame.selected,
            focused: frame.focused,
            columns: columns.clone(),
            labels: frame.labels.to_vec(),
        };
        let Some(before) = self.drawn.as_ref() else {
            return self.redraw(frame, key, columns);
        };
        if *before == key {
            return Ok(());
        }
        // Only the weights moved: a slow drawing of the links waits its turn.
        let only_weights = Drawn {
            params_version: before.params_version,
            ..key.clone()
        } == *before;
        let (at, cost) = self.links_drawn;
        if only_weights && now_ms() - at < LINK_SHARE * cost {
            return Ok(());
        }
        self.redraw(frame, key, columns)
    }

    fn redraw(&mut self, frame: &DiagramFrame, key: Drawn, columns: Vec<usize>) -> Result<(), JsValue> {
        let net = frame.network;
        let start = now_ms();
        let pictures_changed = self
            .drawn
            .as_ref()
            .is_none_or(|d| d.pictures != key.pictures || d.columns != key.columns);
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        let ctx = self.context.clone();
        ctx.clear_rect(0.0, 0.0, w, h);
        let tallest = columns.iter().copied().max().unwrap_or(1) as f64;
        let top = 28.0;
        let size = ((h - top - 8.0) / tallest * 0.7).clamp(8.0, 34.0).round();
        let gap = if columns.len() > 1 {
            (w - 2.0 * 30.0 - size) / (columns.len() - 1) as f64
        } else {
            0.0
        };
        let mut boxes = Vec::with_capacity(columns.len());
        for (c, &units) in columns.iter().enumerate() {
            let x = (30.0 + gap * c as f64).round();
            let step = (h - top - 8.0) / units as f64;
            let mut column = Vec::with_capacity(units);
            for u in 0..units {
                column.push((x, (top + step * (u as f64 + 0.5) - size / 2.0).round()));
            }
            boxes.push(column);
        }
        let layout = Layout { boxes, size };
        let layout_changed = layout != self.layout;
        self.layout = layout;

        let links = self.draw_links(net, key.selected);

        // Unit pictures: painted into the strips when they change, put on
        // the canvas column by column.
        if key.pictures.is_some() {
            if pictures_changed || layout_changed || self.strips.is_none() {
                self.paint_strips(frame)?;
            }
            if let Some(strips) = &self.strips {
                let s = self.layout.size;
                for (c, column) in self.layout.boxes.iter().enumerate() {
                    let (Some(&(x, y0)), Some(&(_, y1))) = (column.first(), column.last()) else {
                        continue;
                    };
                    let height = y1 - y0 + s;
                    ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                        &strips.layer.canvas,
                        c as f64 * s,
                        0.0,
                        s,
                        height,
                        x,
                        y0,
                        s,
                        height,
                    )?;
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

        // Every unit's outline (one stroke).
        ctx.begin_path();
        for &(x, y) in self.layout.boxes.iter().flatten() {
            ctx.rect(x + 0.5, y + 0.5, size - 1.0, size - 1.0);
        }
        ctx.set_stroke_style_str("#8a93a5");
        ctx.set_line_width(1.0);
        ctx.stroke();
        self.ring_chain(key.selected);
        self.ring_focus(key.focused);
        // The headings and the features' names: HTML over the canvas, made
        // only when the layout or the features change (the columns' units
        // are the layout's).
        if let Some(labels) = self.labels.as_mut().filter(|_| layout_changed || self.headed != frame.features) {
            labels.show(headings(&self.layout, frame.features, (w, h)))?;
            self.headed = frame.features.to_vec();
        }

        // Phase numbers under the units, at least 11 CSS pixels high
        // however small the canvas is shown.
        let grow = if frame.labels.is_empty() {
            1.0
        } else {
            self.backing_per_css().max(1.0)
        };
        if !frame.labels.is_empty() {
            // (Whole pixels as an integer: writing an f64 would link core's float printing.)
            ctx.set_font(&format!("bold {}px sans-serif", (11.0 * grow).round() as u32));
            ctx.set_text_align("center");
            ctx.set_text_baseline("alphabetic");
        }
        for (c, column) in self.layout.boxes.iter().enumerate() {
            for (u, &(x, y)) in column.iter().enumerate() {
                let Some(text) = frame.labels.get(c).and_then(|l| l.get(u)) else {
                    continue;
                };
                let width = ctx.measure_text(text).map(|m| m.width()).unwrap_or(40.0) + 6.0;
                ctx.set_fill_style_str("rgba(255,255,255,0.9)");
                ctx.fill_rect(x + size / 2.0 - width / 2.0, y + size + 1.0, width, 14.0 * grow);
                ctx.set_fill_style_str("#1d2330");
                ctx.fill_text(text, x + size / 2.0, y + size + 12.0 * grow)?;
            }
        }
        self.drawn = Some(key);
        let end = now_ms();
        self.links_drawn = (end, end - start + links as f64 * RASTER_MS_PER_LINK);
        Ok(())
    }

    /// The links, thickest for the largest |w| in the network: each a band
    /// (a quadrilateral as wide as the line would be), the bands of one sign
    /// filled together. Between two wide layers only the strongest
    /// [`LINKS_SHOWN`] are drawn; the selected link is drawn last, on top.
    /// With a selection, the links on the chain's path (every link after
    /// the selected unit, which the loss reaches it through) are in the
    /// path's key colour, the others faded.
    /// Returns how many links it drew.
    fn draw_links(&self, net: &Network, selected: Option<Target>) -> usize {
        let params = net.flat_params();
        let mut max_w = 1e-9f64;
        for l in net.layers() {
            for w in &params[l.weight_range()] {
                max_w = max_w.max(w.abs());
            }
        }
        let selected_link = match selected {
            Some(Target::Link { layer, to, from }) => Some((layer, to, from)),
            _ => None,
        };
        // The unit (layer, unit) the path starts from: the link's end, or the bias's unit.
        let start = match selected {
            Some(Target::Link { layer, to, .. }) => Some((layer, to)),
            Some(Target::Unit { layer, unit }) => Some((layer, unit)),
            _ => None,
        };
        let on_path = |l: usize, from: usize| start.is_some_and(|(sl, su)| l > sl + 1 || (l == sl + 1 && from == su));
        // Which of LINK_COLOURS a link is drawn in: the path's, else its sign's.
        let colour_of = |l: usize, from: usize, w: f64| if on_path(l, from) { 2 } else { usize::from(w < 0.0) };
        // Per layer, the weakest |w| drawn: 0 (all) unless there are more
        // links than are shown.
        let (mut floors, mut dense) = (Vec::new(), Vec::new());
        for l in net.layers() {
            floors.push(strongest_floor(&params[l.weight_range()], LINKS_SHOWN));
            dense.push(l.units * l.inputs > DENSE);
        }
        let ctx = &self.context;
        let mut drawn = 0;
        for (kind, colour) in LINK_COLOURS.iter().enumerate() {
            ctx.set_global_alpha(if start.is_some() && kind < 2 { 0.35 } else { 1.0 });
            ctx.set_fill_style_str(colour);
            ctx.begin_path();
            let mut in_path = 0;
            for (l, layer) in net.layers().iter().enumerate().filter(|&(l, _)| !dense[l]) {
                for (k, &wv) in params[layer.weight_range()].iter().enumerate() {
                    let (to, from) = (k / layer.inputs, k % layer.inputs);
                    let path = on_path(l, from);
                    if colour_of(l, from, wv) != kind || wv.abs() < floors[l] || selected_link == Some((l, to, from)) {
                        continue;
                    }
                    let width = 0.5 + 5.5 * (wv.abs() / max_w);
                    self.band(l, to, from, if path { width.max(2.5) } else { width });
                    drawn += 1;
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
            // (An empty path paints nothing: without a selection, the
            // path's kind has no links.)
            if in_path > 0 {
                ctx.fill();
            }
            // Between wide columns, hairlines (one CSS pixel wide): one
            // stroke for the kind.
            if dense.contains(&true) {
                ctx.set_line_width(self.backing_per_css());
                ctx.set_stroke_style_str(colour);
                ctx.begin_path();
                for (l, layer) in net.layers().iter().enumerate().filter(|&(l, _)| dense[l]) {
                    for (k, &wv) in params[layer.weight_range()].iter().enumerate() {
                        let (to, from) = (k / layer.inputs, k % layer.inputs);
                        if colour_of(l, from, wv) == kind && wv.abs() >= floors[l] && selected_link != Some((l, to, from)) {
                            self.line(l, to, from);
                            drawn += 1;
                        }
                    }
                }
                ctx.stroke();
            }
        }
        if let Some((l, to, from)) = selected_link.filter(|&(l, to, from)| {
            net.layers()
                .get(l)
                .is_some_and(|layer| to < layer.units && from < layer.inputs)
        }) {
            ctx.begin_path();
            self.band(l, to, from, 6.0);
            ctx.set_fill_style_str(KEYS[2]);
            ctx.fill();
            drawn += 1;
        }
        drawn
    }

    /// Rings the units of the selected chain in the inspector's key
    /// colours: every output (∂L/∂ŷ), the units on the path from the
    /// selected one to the output (∂ŷ/∂h), and the unit whose bias is
    /// selected (∂h/∂b). One stroke per colour.
    fn ring_chain(&self, selected: Option<Target>) {
        let (start, bias) = match selected {
            Some(Target::Link { layer, to, .. }) => ((layer, to), false),
            Some(Target::Unit { layer, unit }) => ((layer, unit), true),
            _ => return,
        };
        let boxes = &self.layout.boxes;
        let last = boxes.len() - 1;
        let (c0, u0) = (start.0 + 1, start.1);
        let ctx = &self.context;
        ctx.set_line_width(3.0);
        for (k, colour) in KEYS.iter().enumerate() {
            ctx.begin_path();
            for (c, column) in boxes.iter().enumerate() {
                for (u, &(x, y)) in column.iter().enumerate() {
                    let here = (c, u) == (c0, u0);
                    let ring = match k {
                        0 => c == last,
                        1 => c < last && (c > c0 || (here && !bias)),
                        _ => here && bias,
                    };
                    // The output's ring goes round the others (a selected output bias has both).
                    let out = if k == 0 && here && bias { 6.5 } else { 2.5 };
                    if ring {
                        self.context
                            .rect(x - out, y - out, self.layout.size + 2.0 * out, self.layout.size + 2.0 * out);
                    }
                }
            }
            ctx.set_stroke_style_str(colour);
            ctx.stroke();
        }
    }

    /// The keyboard's focus: a dark ring round a unit, or round the band of a link (outside the key colours' rings).
    fn ring_focus(&self, focused: Option<Target>) {
        let Some(target) = focused else { return };
        let ctx = &self.context;
        ctx.begin_path();
        match target {
            Target::Link { layer, to, from } => self.band(layer, to, from, 14.0),
            Target::Input { feature: u } | Target::Unit { unit: u, .. } => {
                let c = match target {
                    Target::Unit { layer, .. } => layer + 1,
                    _ => 0,
                };
                if let Some(&(x, y)) = self.layout.boxes.get(c).and_then(|c| c.get(u)) {
                    let s = self.layout.size;
                    ctx.rect(x - 9.5, y - 9.5, s + 19.0, s + 19.0);
                }
            }
        }
        ctx.set_line_width(2.0);
        ctx.set_stroke_style_str("#1d2330");
        ctx.stroke();
    }

    /// Paints every unit's picture into the strips (made again when the
    /// layout changes) and copies them to the JS side.
    fn paint_strips(&mut self, frame: &DiagramFrame) -> Result<(), JsValue> {
        let size = self.layout.size as usize;
        let columns = &self.layout.boxes;
        let width = (columns.len() * size).max(1);
        let height = columns
            .iter()
            .filter_map(|c| Some((c.last()?.1 - c.first()?.1) as usize + size))
            .max()
            .unwrap_or(1)
            .max(1);
        if self
            .strips
            .as_ref()
            .is_none_or(|s| (s.width, s.height) != (width, height))
        {
            let buffer = Uint8ClampedArray::new_with_length((4 * width * height) as u32);
            let image = ImageData::new_with_js_u8_clamped_array_and_sh(&buffer, width as u32, height as u32)?;
            self.strips = Some(Strips {
                rgba: vec![0; 4 * width * height],
                width,
                height,
                buffer,
                image,
                layer: Layer::new(width as u32, height as u32)?,
            });
        }
        let Some(strips) = self.strips.as_mut() else {
            return Ok(());
        };
        let net = frame.network;
        let classification = frame.task == Task::Classification;
        let last = net.layers().len();
        let multiclass = classification && net.output_size() > 1;
        let mut ramped = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let Some(&(_, top)) = column.first() else {
                continue;
            };
            for (u, &(_, y)) in column.iter().enumerate() {
                let values = frame.pictures.picture(c, u);
                let at = (c * size, (y - top) as usize);
                // Inputs and unbounded units on their own scale, bounded
                // ones on their activation's, the output as 2p − 1.
                if c == last && multiclass {
                    // Output k is class k's probability: in class k's colour.
                    class_picture(values, u, &mut strips.rgba, width, at, size);
                } else if c == last {
                    ramped.clear();
                    ramped.extend(values.iter().map(|&v| output_to_ramp(v, classification, false)));
                    self.palette
                        .picture(&ramped, Some(1.0), &mut strips.rgba, width, at, size);
                } else {
                    let range = (c > 0).then(|| bounded_range(net.layers()[c - 1].activation)).flatten();
                    self.palette.picture(values, range, &mut strips.rgba, width, at, size);
                }
            }
        }
        super::dom::copy_pixels(&strips.buffer, &strips.rgba);
        let (w, h) = (width as f64, height as f64);
        strips
            .layer
            .context
            .put_image_data_with_dirty_x_and_dirty_y_and_dirty_width_and_dirty_height(
                &strips.image,
                0.0,
                0.0,
                0.0,
                0.0,
                w,
                h,
            )
    }

    /// Where the link from unit `from` of column `layer` to unit `to` of the
    /// next column starts and ends: the middles of the boxes' facing sides.
    fn ends(&self, layer: usize, to: usize, from: usize) -> Option<(f64, f64, f64, f64)> {
        let size = self.layout.size;
        let &(x0, y0) = self.layout.boxes.get(layer)?.get(from)?;
        let &(x1, y1) = self.layout.boxes.get(layer + 1)?.get(to)?;
        Some((x0 + size, y0 + size / 2.0, x1, y1 + size / 2.0))
    }

    /// Adds that link's centre line to the current path (a hairline).
    fn line(&self, layer: usize, to: usize, from: usize) {
        if let Some((ax, ay, bx, by)) = self.ends(layer, to, from) {
            self.context.move_to(ax, ay);
            self.context.line_to(bx, by);
        }
    }

    /// Adds to the current path the band of the link from unit `from` of
    /// column `layer` to unit `to` of the next column, `width` pixels wide.
    fn band(&self, layer: usize, to: usize, from: usize, width: f64) {
        let Some((ax, ay, bx, by)) = self.ends(layer, to, from) else {
            return;
        };
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

    /// Canvas pixels per CSS pixel as the canvas is shown now.
    fn backing_per_css(&self) -> f64 {
        f64::from(self.canvas.width()) / f64::from(self.canvas.client_width().max(1))
    }

    /// What is under a pointer at canvas-CSS offset (x, y). A link is hit
    /// up to 12 CSS pixels either side of its line (a finger's 24), the
    /// nearest link winning.
    pub fn hit(&self, offset_x: f64, offset_y: f64) -> Option<Target> {
        let scale = self.backing_per_css();
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
        for (layer, pair) in self.layout.boxes.windows(2).enumerate() {
            for to in 0..pair[1].len() {
                for from in 0..pair[0].len() {
                    let Some((ax, ay, bx, by)) = self.ends(layer, to, from) else {
                        continue;
                    };
                    let d = segment_distance((x, y), (ax, ay), (bx, by));
                    if d <= 12.0 * scale && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, Target::Link { layer, to, from }));
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

/// The column headings ("inputs", "4 units", …, "output") and the input
/// features' names beside their boxes, as labels over the canvas.
fn headings(layout: &Layout, features: &[Feature], (w, h): (f64, f64)) -> Vec<Label> {
    let size = layout.size;
    let last = layout.boxes.len().saturating_sub(1);
    let mut labels = Vec::new();
    for (c, column) in layout.boxes.iter().enumerate() {
        let Some(&(x, _)) = column.first() else {
            continue;
        };
        let text = match c {
            0 => "inputs".to_string(),
            c if c == last => "output".to_string(),
            _ => format!("{} units", column.len()),
        };
        labels.push(Label::at("head", text, (x + size / 2.0) / w, 14.0 / h));
    }
    for (&f, &(x, y)) in features.iter().zip(layout.boxes.first().into_iter().flatten()) {
        labels.push(Label::at("side", feature_label(f), x / w, (y + size / 2.0) / h));
    }
    labels
}

/// The smallest |w| among the `shown` largest of `weights` (0 when there
/// are no more than that), to 2⁻³⁰ of the largest: found by halving the
/// range of |w|, with no sorting.
fn strongest_floor(weights: &[f64], shown: usize) -> f64 {
    if weights.len() <= shown {
        return 0.0;
    }
    let count = |floor: f64| weights.iter().filter(|w| w.abs() >= floor).count();
    let (mut lo, mut hi) = (0.0, weights.iter().fold(0.0f64, |m, w| m.max(w.abs())));
    // Invariant: at least `shown` links reach `lo`, fewer than `shown` reach
    // anything above `hi` (ties at the floor are all drawn).
    for _ in 0..30 {
        let mid = 0.5 * (lo + hi);
        if count(mid) >= shown {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
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
