//! The hidden-space panel: pick a hidden layer and two of its units (or its
//! principal directions); see the training points and the input grid as that
//! layer represents them.

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlSelectElement};

use super::dom::{context_2d, fill_select, polyline, Root};
use crate::model::hidden_space::{self, HiddenSpace, Projection};
use crate::model::pixels::class_color;
use crate::model::points::Split;
use crate::model::session::Session;

/// The panel.
pub struct HiddenView {
    details: HtmlElement,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    layer: HtmlSelectElement,
    projection: HtmlSelectElement,
    /// The layer sizes the menus were made for.
    menus_for: Vec<usize>,
    drawn: Option<(u64, u64, String, String)>,
}

impl HiddenView {
    /// Finds the elements.
    pub fn new(root: &Root) -> Result<HiddenView, JsValue> {
        let canvas: HtmlCanvasElement = root.by_id("hidden-canvas")?;
        let context = context_2d(&canvas)?;
        Ok(HiddenView {
            details: root.by_id("hidden-mode")?,
            canvas,
            context,
            layer: root.by_id("hidden-layer")?,
            projection: root.by_id("hidden-projection")?,
            menus_for: Vec::new(),
            drawn: None,
        })
    }

    /// Redraws when open and something changed.
    pub fn update(&mut self, session: &Session) -> Result<(), JsValue> {
        // Closed, it shows nothing: its menus are made when it is opened.
        let details: &web_sys::Element = &self.details;
        if !details.has_attribute("open") {
            return Ok(());
        }
        let network = session.network();
        let hidden: Vec<usize> = network
            .layers()
            .iter()
            .take(network.layers().len().saturating_sub(1))
            .map(|l| l.units)
            .collect();
        if hidden != self.menus_for {
            let layers: Vec<(String, String)> = hidden
                .iter()
                .enumerate()
                .map(|(l, n)| (l.to_string(), format!("hidden layer {} ({n} units)", l + 1)))
                .collect();
            fill_select(&self.layer, &layers, "0")?;
            self.menus_for = hidden.clone();
            self.drawn = None;
        }
        let layer = self.layer.value().parse::<usize>().ok().filter(|&l| l < hidden.len());
        let units = layer.map_or(0, |l| hidden[l]);
        let mut options = vec![("pca".to_string(), "principal directions".to_string())];
        for u in 0..units.min(4) {
            for v in u + 1..units.min(4) {
                options.push((format!("{u},{v}"), format!("units {} and {}", u + 1, v + 1)));
            }
        }
        // A new layer gets its own default axes: its two units, or its
        // principal directions when it has more.
        if self.projection.length() as usize != options.len() {
            fill_select(&self.projection, &options, if units == 2 { "0,1" } else { "pca" })?;
        }
        let (params, points) = session.versions();
        let key = (params, points, self.layer.value(), self.projection.value());
        if self.drawn.as_ref() == Some(&key)
            || (session.running() && self.drawn.as_ref().is_some_and(|d| params < d.0 + 5))
        {
            return Ok(());
        }
        self.drawn = Some(key);
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        let ctx = &self.context;
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, w, h);
        let Some(layer) = layer else {
            ctx.set_fill_style_str("#5b6475");
            ctx.set_font("14px sans-serif");
            ctx.fill_text("Add a hidden layer to see its space.", 20.0, 30.0)?;
            return Ok(());
        };
        let projection = match self.projection.value().split_once(',') {
            Some((u, v)) => Projection::Units(u.parse().unwrap_or(0), v.parse().unwrap_or(1)),
            None => Projection::Principal,
        };
        let train: Vec<_> = session
            .points()
            .points
            .iter()
            .filter(|p| p.split == Split::Train)
            .collect();
        let raw: Vec<(f64, f64)> = train
            .iter()
            .map(|p| (p.x, if session.points().dimensions == 1 { 0.0 } else { p.y }))
            .collect();
        let features = session.settings().effective_features();
        let space = hidden_space::compute(network, &features, &raw, session.points().domain, layer, projection);
        draw(ctx, w, h, &space, &train.iter().map(|p| p.label).collect::<Vec<_>>());
        Ok(())
    }
}

fn draw(ctx: &CanvasRenderingContext2d, w: f64, h: f64, space: &HiddenSpace, labels: &[f64]) {
    // A loop over the points, then the grid's (not a chain/flatten/filter/fold).
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for line in std::slice::from_ref(&space.points).iter().chain(&space.grid) {
        for p in line {
            if p.0.is_finite() && p.1.is_finite() {
                (x0, x1, y0, y1) = (x0.min(p.0), x1.max(p.0), y0.min(p.1), y1.max(p.1));
            }
        }
    }
    let (sx, sy) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    let at = |p: (f64, f64)| {
        (
            12.0 + (p.0 - x0) / sx * (w - 24.0),
            h - 12.0 - (p.1 - y0) / sy * (h - 24.0),
        )
    };
    ctx.set_stroke_style_str("rgba(91,100,117,0.45)");
    ctx.set_line_width(1.0);
    for line in &space.grid {
        polyline(ctx, line.iter().map(|&p| at(p)));
    }
    for (&p, &label) in space.points.iter().zip(labels) {
        let (x, y) = at(p);
        let [r, g, b] = class_color(label as usize);
        ctx.set_fill_style_str(&format!("rgb({r},{g},{b})"));
        ctx.begin_path();
        let _ = ctx.arc(x, y, 3.5, 0.0, std::f64::consts::TAU);
        ctx.fill();
    }
}
