//! The computational-graph panel: type a formula and values for its
//! variables; see every node with its forward value and backward gradient,
//! and step through the forward pass node by node, then the backward pass.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, Event, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use super::dom::{context_2d, listen, set_text, Root};
use crate::model::graph::Graph;

/// The panel's elements and its graph.
pub struct GraphView {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    formula: HtmlInputElement,
    vars: HtmlInputElement,
    status: HtmlElement,
    /// The graph shown, or `None` after an error.
    pub graph: Option<Graph>,
}

impl GraphView {
    /// Finds the elements and shows the default formula.
    pub fn new(root: &Root) -> Result<GraphView, JsValue> {
        let canvas: HtmlCanvasElement = root.by_id("graph-canvas")?;
        let context = context_2d(&canvas)?;
        let mut view = GraphView {
            canvas,
            context,
            formula: root.by_id("graph-formula")?,
            vars: root.by_id("graph-vars")?,
            status: root.by_id("graph-status")?,
            graph: None,
        };
        view.rebuild();
        Ok(view)
    }

    /// Parses the inputs anew; an error is shown as text and keeps nothing.
    pub fn rebuild(&mut self) {
        match Graph::new(&self.formula.value(), &self.vars.value()) {
            Ok(graph) => {
                self.graph = Some(graph);
            }
            Err(e) => {
                self.graph = None;
                set_text(&self.status, &e);
            }
        }
        self.draw();
    }

    /// Moves the step counter by `delta` (clamped), or to the end/start.
    pub fn step(&mut self, delta: i64) {
        if let Some(g) = self.graph.as_mut() {
            g.step = (g.step as i64 + delta).clamp(0, g.steps() as i64) as usize;
        }
        self.draw();
    }

    /// Draws the nodes (columns by depth), their links, values and gradients.
    pub fn draw(&self) {
        let ctx = &self.context;
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, w, h);
        let Some(g) = &self.graph else { return };
        set_text(&self.status, &g.describe());
        let columns = g.depth.iter().copied().max().unwrap_or(0) + 1;
        let mut rows = vec![0usize; columns];
        let mut row_of = vec![0usize; g.nodes.len()];
        for (i, &d) in g.depth.iter().enumerate() {
            row_of[i] = rows[d];
            rows[d] += 1;
        }
        let (box_w, box_h) = (118.0, 50.0);
        let col_gap = ((w - box_w - 20.0) / (columns.max(2) - 1) as f64).max(box_w + 10.0);
        let pos = |i: usize| {
            let d = g.depth[i];
            let step = (h - 20.0) / rows[d] as f64;
            (
                10.0 + d as f64 * col_gap,
                10.0 + step * (row_of[i] as f64 + 0.5) - box_h / 2.0,
            )
        };
        ctx.set_stroke_style_str("#8a93a5");
        ctx.set_line_width(1.0);
        for (i, node) in g.nodes.iter().enumerate() {
            let inputs: Vec<usize> = match node.op {
                backprop::expression::Op::Unary { input, .. } => vec![input],
                backprop::expression::Op::Binary { left, right, .. } => vec![left, right],
                _ => vec![],
            };
            let (x1, y1) = pos(i);
            for input in inputs {
                let (x0, y0) = pos(input);
                ctx.begin_path();
                ctx.move_to(x0 + box_w, y0 + box_h / 2.0);
                ctx.line_to(x1, y1 + box_h / 2.0);
                ctx.stroke();
            }
        }
        ctx.set_font("12px sans-serif");
        ctx.set_text_align("left");
        // In a 118-px box: the number, or a mark whose reason the status line
        // under the canvas gives in words.
        let fmt = |v: f64| {
            if v.is_finite() {
                crate::model::number::show(v)
            } else if v.is_nan() {
                "undefined ⚠".to_string()
            } else if v > 0.0 {
                "+∞ ⚠".to_string()
            } else {
                "−∞ ⚠".to_string()
            }
        };
        for (i, node) in g.nodes.iter().enumerate() {
            let (x, y) = pos(i);
            let current_forward = g.step == i + 1;
            let current_backward = g.step > g.nodes.len() && g.nodes.len() * 2 - g.step == i;
            ctx.set_fill_style_str(if current_forward || current_backward {
                "#fff4e0"
            } else {
                "#f7f8fa"
            });
            ctx.fill_rect(x, y, box_w, box_h);
            ctx.set_stroke_style_str(if current_forward || current_backward {
                "#e69f00"
            } else {
                "#8a93a5"
            });
            ctx.stroke_rect(x, y, box_w, box_h);
            ctx.set_fill_style_str("#1d2330");
            let _ = ctx.fill_text(&format!("#{i} {}", node.label), x + 4.0, y + 14.0);
            if g.value_shown(i) {
                let _ = ctx.fill_text(&format!("value {}", fmt(node.value)), x + 4.0, y + 30.0);
            }
            if g.grad_shown(i) {
                ctx.set_fill_style_str("#0072b2");
                let _ = ctx.fill_text(&format!("∂J/∂#{i} {}", fmt(node.grad)), x + 4.0, y + 45.0);
            }
        }
    }
}

/// Connects the panel's inputs and buttons.
pub fn bind(root: &Root, view: &Rc<RefCell<GraphView>>) -> Result<(), JsValue> {
    for id in ["graph-formula", "graph-vars"] {
        let element: HtmlElement = root.by_id(id)?;
        let view = view.clone();
        listen::<Event>(&element, "change", move |_| {
            if let Ok(mut v) = view.try_borrow_mut() {
                v.rebuild();
            }
        })?;
    }
    for (id, delta) in [
        ("graph-prev", -1i64),
        ("graph-next", 1),
        ("graph-start", -1_000_000),
        ("graph-end", 1_000_000),
    ] {
        let element: HtmlElement = root.by_id(id)?;
        let view = view.clone();
        listen::<Event>(&element, "click", move |_| {
            if let Ok(mut v) = view.try_borrow_mut() {
                v.step(delta);
            }
        })?;
    }
    Ok(())
}
