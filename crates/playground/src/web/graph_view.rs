//! The computational-graph panel: type a formula and values for its
//! variables; see every node with its forward value and backward gradient,
//! and step through the forward pass node by node, then the backward pass.

use backprop::decimal::Decimal;
use backprop::expression::{NodeView, Op};
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use super::dom::{context_2d, set_text, Root};
use crate::model::graph::{sum, Graph};

/// The panel's elements and its graph.
pub struct GraphView {
    /// The `<details>` panel: closed, nothing is parsed or drawn (the
    /// canvas's first text costs a cold page tens of milliseconds of font
    /// set-up, for a panel the first frame does not show).
    panel: HtmlElement,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    formula: HtmlInputElement,
    vars: HtmlInputElement,
    status: HtmlElement,
    /// The graph shown, or `None` after an error.
    pub graph: Option<Graph>,
    /// Whether the inputs have been parsed into `graph` since they changed.
    parsed: bool,
    /// Whether the canvas and the status line show `graph`.
    shown: bool,
}

impl GraphView {
    /// Finds the elements; the default formula is shown when the panel is
    /// first opened ([`GraphView::show`]).
    pub fn new(root: &Root) -> Result<GraphView, JsValue> {
        let canvas: HtmlCanvasElement = root.by_id("graph-canvas")?;
        let context = context_2d(&canvas)?;
        Ok(GraphView {
            panel: root.by_id("graph-mode")?,
            canvas,
            context,
            formula: root.by_id("graph-formula")?,
            vars: root.by_id("graph-vars")?,
            status: root.by_id("graph-status")?,
            graph: None,
            parsed: false,
            shown: false,
        })
    }

    /// Parses the inputs anew; an error is shown as text and keeps nothing.
    pub fn rebuild(&mut self) {
        self.parse();
        self.shown = false;
        self.show();
    }

    /// Moves the step counter by `delta` (clamped), or to the end/start.
    pub fn step(&mut self, delta: i64) {
        if !self.parsed {
            self.parse();
        }
        if let Some(g) = self.graph.as_mut() {
            g.step = (g.step as i64 + delta).clamp(0, g.steps() as i64) as usize;
        }
        self.shown = false;
        self.show();
    }

    /// Draws the graph if the panel is open and does not show it yet
    /// (every frame asks: the panel opens without an event of ours).
    pub fn show(&mut self) {
        if self.shown || !self.panel.has_attribute("open") {
            return;
        }
        if !self.parsed {
            self.parse();
        }
        self.draw();
        self.shown = true;
    }

    fn parse(&mut self) {
        match Graph::new(&self.formula.value(), &self.vars.value()) {
            Ok(graph) => {
                self.graph = Some(graph);
            }
            Err(e) => {
                self.graph = None;
                set_text(&self.status, &e);
            }
        }
        self.parsed = true;
    }

    /// Draws the nodes (columns by depth), their links, values and gradients.
    /// The canvas takes the graph's size at one canvas unit per CSS pixel
    /// (times the screen's pixel ratio), so its text is [`FONT`]'s 13 CSS
    /// pixels on any screen; a wide graph scrolls sideways.
    fn draw(&self) {
        let ctx = &self.context;
        let Some(g) = &self.graph else {
            let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
            ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, w, h);
            return;
        };
        set_text(&self.status, &g.describe());
        ctx.set_font(FONT);
        // Each box: the sub-expression, its value, its gradient (the sizes
        // from the full texts, so the layout stays put while stepping).
        let mut texts: Vec<[String; 3]> = Vec::with_capacity(g.nodes.len());
        for node in &g.nodes {
            texts.push([node.label.clone(), format!("value {}", value(node.value)), grad_line(node)]);
        }
        let measure = |t: &str| {
            ctx.measure_text(t)
                .map(|m| m.width())
                .unwrap_or(8.0 * t.chars().count() as f64)
        };
        let columns = g.depth.iter().copied().max().unwrap_or(0) + 1;
        let mut widths = vec![0.0f64; columns];
        let mut rows = vec![0usize; columns];
        let mut row_of = vec![0usize; g.nodes.len()];
        for (i, &d) in g.depth.iter().enumerate() {
            row_of[i] = rows[d];
            rows[d] += 1;
            let widest = texts[i].iter().map(|t| measure(t)).fold(0.0, f64::max);
            widths[d] = widths[d].max(widest + 2.0 * PAD);
        }
        let box_h = 2.0 * PAD + 3.0 * LINE;
        let most_rows = rows.iter().copied().max().unwrap_or(1) as f64;
        let w = 2.0 * MARGIN + widths.iter().sum::<f64>() + GAP_X * (columns - 1) as f64;
        let h = 2.0 * MARGIN + most_rows * box_h + (most_rows - 1.0) * GAP_Y;
        let mut left = Vec::with_capacity(columns);
        let mut x = MARGIN;
        for &width in &widths {
            left.push(x);
            x += width + GAP_X;
        }
        // Rows of a column centred in the canvas's height.
        let pos = |i: usize| {
            let d = g.depth[i];
            let top = (h - rows[d] as f64 * (box_h + GAP_Y) + GAP_Y) / 2.0;
            (left[d], top + row_of[i] as f64 * (box_h + GAP_Y))
        };
        self.resize(w, h);
        ctx.set_font(FONT);
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, w, h);
        // A link per use: a binary node's left input arrives a third of the
        // way down its box, the right one two thirds, so x·x shows both.
        ctx.set_stroke_style_str("#8a93a5");
        ctx.set_line_width(1.0);
        for (i, node) in g.nodes.iter().enumerate() {
            let inputs: Vec<(usize, f64)> = match node.op {
                Op::Unary { input, .. } => vec![(input, 0.5)],
                Op::Binary { left, right, .. } => vec![(left, 1.0 / 3.0), (right, 2.0 / 3.0)],
                _ => vec![],
            };
            let (x1, y1) = pos(i);
            for (input, at) in inputs {
                let (x0, y0) = pos(input);
                ctx.begin_path();
                ctx.move_to(x0 + widths[g.depth[input]], y0 + box_h / 2.0);
                ctx.line_to(x1, y1 + box_h * at);
                ctx.stroke();
            }
        }
        ctx.set_text_align("left");
        ctx.set_text_baseline("alphabetic");
        let n = g.nodes.len();
        for (i, texts) in texts.iter().enumerate() {
            let (x, y) = pos(i);
            let width = widths[g.depth[i]];
            let current = g.step == i + 1 || (g.step > n && 2 * n - g.step == i);
            ctx.set_fill_style_str(if current { "#fff4e0" } else { "#f7f8fa" });
            ctx.fill_rect(x, y, width, box_h);
            ctx.set_stroke_style_str(if current { "#e69f00" } else { "#8a93a5" });
            ctx.stroke_rect(x, y, width, box_h);
            let line = |k: usize| y + PAD + LINE * (k as f64 + 1.0) - 4.0;
            ctx.set_fill_style_str("#1d2330");
            let _ = ctx.fill_text(&texts[0], x + PAD, line(0));
            if g.value_shown(i) {
                let _ = ctx.fill_text(&texts[1], x + PAD, line(1));
            }
            if g.grad_shown(i) {
                ctx.set_fill_style_str("#0072b2");
                let _ = ctx.fill_text(&texts[2], x + PAD, line(2));
            }
        }
    }

    /// Sizes the canvas to `w` × `h` CSS pixels, drawn at the screen's pixel
    /// ratio, and scales the drawing to CSS pixels.
    fn resize(&self, w: f64, h: f64) {
        let ratio = web_sys::window()
            .map_or(1.0, |win| win.device_pixel_ratio())
            .clamp(1.0, 4.0);
        let (pw, ph) = ((w * ratio).ceil() as u32, (h * ratio).ceil() as u32);
        if (self.canvas.width(), self.canvas.height()) != (pw, ph) {
            self.canvas.set_width(pw);
            self.canvas.set_height(ph);
        }
        let style = self.canvas.style();
        let _ = style.set_property("width", &format!("{}px", Decimal(f64::from(pw) / ratio)));
        let _ = style.set_property("height", &format!("{}px", Decimal(f64::from(ph) / ratio)));
        let _ = self.context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    }
}

/// The boxes' font: 13 CSS pixels.
const FONT: &str = "13px sans-serif";
/// A line of text in a box, its padding, and the gaps between boxes (CSS px).
const LINE: f64 = 17.0;
const PAD: f64 = 6.0;
const GAP_X: f64 = 40.0;
const GAP_Y: f64 = 14.0;
const MARGIN: f64 = 10.0;

/// A value in a box, or a mark whose reason the status line gives in words.
fn value(v: f64) -> String {
    if v.is_finite() {
        crate::model::number::show(v)
    } else if v.is_nan() {
        "undefined ⚠".to_string()
    } else if v > 0.0 {
        "+∞ ⚠".to_string()
    } else {
        "−∞ ⚠".to_string()
    }
}

/// The gradient line of a box: `grad 3 + 3 = 6` for a node used twice.
fn grad_line(node: &NodeView) -> String {
    "grad ".to_string() + &sum(node).unwrap_or_else(|| value(node.grad))
}
