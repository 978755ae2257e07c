//! The loss-landscape panel: pick one or two parameters; see the training
//! loss over them (a curve, or a contour-coloured map) with the path the
//! parameters have taken, recomputed as training moves them.

use backprop::Network;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlSelectElement, ImageData};

use super::dom::{context_2d, fill_select, offscreen, polyline, set_text, Root};
use super::labels::{colour_bar, ticks, Label, Labels, Scale};
use super::network_view::feature_label;
use crate::model::landscape::{self, Landscape, Path, GRID};
use crate::model::number::{axis_labels, show};
use crate::model::pixels::ramp;
use crate::model::points::Split;
use crate::model::session::Session;
use crate::model::text::join;

/// The panel.
pub struct LandscapeView {
    details: HtmlElement,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    grid_canvas: HtmlCanvasElement,
    grid_context: CanvasRenderingContext2d,
    select_a: HtmlSelectElement,
    select_b: HtmlSelectElement,
    status: HtmlElement,
    /// Parameter names, for the menus, for the network they were made for.
    names_for: Vec<usize>,
    /// The network shape the menus were made for (empty: not made).
    menus_for: Vec<usize>,
    path: Path,
    computed: Option<(u64, Landscape)>,
    /// The axes' ticks and the colour bar (HTML over the canvas).
    labels: Option<Labels>,
}

/// "w x₁→h₁₁", "b output", … for every flat parameter.
fn parameter_names(network: &Network, features: &[backprop::Feature]) -> Vec<String> {
    let last = network.layers().len() - 1;
    let unit = |l: usize, j: usize| {
        if l == last {
            "output".to_string()
        } else {
            format!("h{}.{}", l + 1, j + 1)
        }
    };
    let mut names = vec![String::new(); network.flat_params().len()];
    for (l, layer) in network.layers().iter().enumerate() {
        for j in 0..layer.units {
            for i in 0..layer.inputs {
                let from = if l == 0 {
                    features.get(i).map_or("?".into(), |&f| feature_label(f).to_string())
                } else {
                    unit(l - 1, i)
                };
                names[layer.weights_at + j * layer.inputs + i] = format!("w {from} → {}", unit(l, j));
            }
            names[layer.biases_at + j] = format!("b {}", unit(l, j));
        }
    }
    names
}

impl LandscapeView {
    /// Finds the elements.
    pub fn new(root: &Root) -> Result<LandscapeView, JsValue> {
        let canvas: HtmlCanvasElement = root.by_id("landscape-canvas")?;
        let labels = Labels::after(&canvas);
        let grid_canvas = offscreen(GRID as u32, GRID as u32)?;
        Ok(LandscapeView {
            details: root.by_id("landscape-mode")?,
            context: context_2d(&canvas)?,
            grid_context: context_2d(&grid_canvas)?,
            canvas,
            grid_canvas,
            select_a: root.by_id("landscape-a")?,
            select_b: root.by_id("landscape-b")?,
            status: root.by_id("landscape-status")?,
            names_for: Vec::new(),
            menus_for: Vec::new(),
            path: Path::default(),
            computed: None,
            labels,
        })
    }

    /// The chosen free parameters.
    fn free(&self) -> Vec<usize> {
        [self.select_a.value(), self.select_b.value()]
            .iter()
            .filter_map(|v| v.parse::<usize>().ok())
            .collect()
    }

    /// Tells the session which parameters the descent path follows: the
    /// menus' choice, read while the panel is open (closed, nothing in it can
    /// change, and nothing is read from the page). The session records the
    /// path at every epoch, whether the panel is open or not.
    pub fn choose(&mut self, session: &mut Session) -> Result<(), JsValue> {
        let network = session.network();
        let shape: Vec<usize> = network.layers().iter().map(|l| l.units * 1000 + l.inputs).collect();
        if shape != self.names_for {
            // A new network: the path follows the output's bias across and
            // the first weight up (for a line: intercept across, slope up,
            // as in seed 000) until the menus say otherwise.
            let a = network.layers().last().map_or(0, |l| l.biases_at);
            self.names_for = shape;
            self.menus_for.clear();
            self.computed = None;
            session.follow(&[a, 0]);
        }
        let details: &web_sys::Element = &self.details;
        if !details.has_attribute("open") {
            return Ok(());
        }
        // The menus are made when the panel is first opened for a network: an
        // 8 × 64 network has 29 000 parameters, and two menus of them in the
        // page would make every style recalculation of every frame slower.
        if self.menus_for != self.names_for {
            let names = parameter_names(session.network(), &session.settings().effective_features());
            let options: Vec<(String, String)> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (i.to_string(), n.clone()))
                .collect();
            let free = session.path().free.clone();
            let chosen = |k: usize| free.get(k).map(|i| i.to_string()).unwrap_or_default();
            fill_select(&self.select_a, &options, &chosen(0))?;
            let mut with_none = vec![(String::new(), "none (a curve)".to_string())];
            with_none.extend(options);
            fill_select(&self.select_b, &with_none, &chosen(1))?;
            self.menus_for.clone_from(&self.names_for);
        }
        if session.follow(&self.free()) {
            self.computed = None;
        }
        Ok(())
    }

    /// Recomputes and redraws the map, with the session's descent path, when
    /// the parameters moved (while training, at most every `every` versions).
    pub fn update(&mut self, session: &Session, every: u64) -> Result<(), JsValue> {
        let details: &web_sys::Element = &self.details;
        if !details.has_attribute("open") {
            return Ok(());
        }
        let network = session.network();
        let features = session.settings().effective_features();
        if self.path != *session.path() {
            self.path.clone_from(session.path());
        }
        let version = session.versions().0;
        let stale = match &self.computed {
            None => true,
            Some((v, _)) => *v != version && (!session.running() || version >= v + every),
        };
        if !stale {
            return Ok(());
        }
        let free = self.free();
        if free.is_empty() {
            return Ok(());
        }
        let ranges: Vec<(f64, f64)> = (0..free.len())
            .map(|k| landscape::auto_range(self.path.points.iter().map(|p| p[k])))
            .collect();
        let (xs, ys) = session.points().matrices(Split::Train, &features);
        if xs.rows() == 0 {
            set_text(&self.status, "Add training points to see the loss landscape.");
            return Ok(());
        }
        let map = landscape::compute(network, &xs, &ys, &free, &ranges);
        self.draw(&map)?;
        self.computed = Some((version, map));
        Ok(())
    }

    fn draw(&mut self, map: &Landscape) -> Result<(), JsValue> {
        let ctx = &self.context;
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, w, h);
        let finite: Vec<f64> = map.loss.iter().copied().filter(|v| v.is_finite() && *v > 0.0).collect();
        let (lo, hi) = finite.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v.ln()), b.max(v.ln()))
        });
        let to_x = |v: f64| (v - map.ranges[0].0) / (map.ranges[0].1 - map.ranges[0].0) * w;
        if map.free.len() == 2 {
            // Low loss blue, high loss orange, on a log scale.
            let mut rgba = Vec::with_capacity(4 * map.loss.len());
            for &v in &map.loss {
                rgba.extend_from_slice(&ramp(if v > 0.0 && hi > lo {
                    1.0 - 2.0 * (v.ln() - lo) / (hi - lo)
                } else {
                    1.0
                }));
            }
            let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), GRID as u32, GRID as u32)?;
            self.grid_context.put_image_data(&image, 0.0, 0.0)?;
            ctx.set_image_smoothing_enabled(true);
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&self.grid_canvas, 0.0, 0.0, w, h)?;
            let to_y = |v: f64| h - (v - map.ranges[1].0) / (map.ranges[1].1 - map.ranges[1].0) * h;
            self.draw_path(|p| (to_x(p[0]), to_y(p[1])));
        } else {
            let n = map.loss.len();
            let y_of = |v: f64| {
                if hi > lo && v > 0.0 {
                    h - 10.0 - (v.ln() - lo) / (hi - lo) * (h - 20.0)
                } else {
                    h - 10.0
                }
            };
            ctx.set_stroke_style_str("#0072b2");
            ctx.set_line_width(2.0);
            polyline(
                ctx,
                map.loss
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| (k as f64 / (n - 1) as f64 * w, y_of(v))),
            );
            let curve_at = |v: f64| {
                let k = ((v - map.ranges[0].0) / (map.ranges[0].1 - map.ranges[0].0) * (n - 1) as f64).round();
                map.loss
                    // `as usize` takes NaN and negatives to 0 (no `clamp`,
                    // whose bounds check links core's float formatting).
                    .get((k as usize).min(n - 1))
                    .copied()
                    .unwrap_or(f64::NAN)
            };
            self.draw_path(|p| (to_x(p[0]), y_of(curve_at(p[0]))));
        }
        // Ticks of the parameters' values (a curve's height is the loss), and
        // for a map its colour bar: low loss blue at the bottom, high orange.
        if let Some(labels) = self.labels.as_mut() {
            let mut shown = ticks(true, map.ranges[0], 6, (0.0, 1.0), Scale::Linear);
            let losses = [lo, (lo + hi) / 2.0, hi].map(backprop::math::exp);
            let marks: Vec<(f64, String)> = [0.0, 0.5, 1.0].into_iter().zip(axis_labels(&losses)).collect();
            if let Some(&r) = map.ranges.get(1) {
                shown.extend(ticks(false, r, 6, (0.03, 1.0), Scale::Linear));
                shown.extend(colour_bar("bar l", marks, "loss"));
            } else if hi > lo {
                // The curve's loss axis, log scale: its ends and middle.
                for (f, t) in marks {
                    shown.push(Label::at("y", t, 0.0, (h - 10.0 - f * (h - 20.0)) / h));
                }
                shown.push(Label::at("ty", "loss", 0.0, 0.0));
            }
            labels.show(shown)?;
        }
        let last = self.path.points.last();
        set_text(
            &self.status,
            &format!(
                "{} path points; now at {}. Colour (or height): log of the training loss, other parameters frozen.",
                self.path.points.len(),
                last.map(|p| join(&p.iter().map(|&v| show(v)).collect::<Vec<_>>(), ", "))
                    .unwrap_or_default()
            ),
        );
        Ok(())
    }

    /// The path as a line with a dot per step, the current point ringed.
    fn draw_path(&self, at: impl Fn(&[f64]) -> (f64, f64)) {
        let ctx = &self.context;
        ctx.set_stroke_style_str("#1d2330");
        ctx.set_fill_style_str("#1d2330");
        ctx.set_line_width(1.5);
        polyline(ctx, self.path.points.iter().map(|p| at(p)));
        for p in &self.path.points {
            let (x, y) = at(p);
            ctx.fill_rect(x - 1.5, y - 1.5, 3.0, 3.0);
        }
        if let Some(p) = self.path.points.last() {
            let (x, y) = at(p);
            ctx.set_stroke_style_str("#d55e00");
            ctx.set_line_width(3.0);
            ctx.begin_path();
            let _ = ctx.arc(x, y, 6.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
    }
}
