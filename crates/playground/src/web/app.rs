//! The playground's application: the session (model), the views and the
//! bits of DOM that show numbers. One instance per playground, owned by its
//! host's lifecycle (`boot.rs`); listeners and scripts reach it through a
//! [`Handle`], which does not keep it alive.
//!
//! Its fields are private: `dispatch` (in `app/dispatch.rs`) is the only
//! code that changes them in answer to input. Each animation frame trains
//! (when playing) and lets every view redraw whatever changed.

mod dispatch;

use backprop::decimal::Decimal;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use backprop::Task;
use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, HtmlInputElement};

use super::action::{Action, Tool};
use super::cursor::DataCursor;
use super::controls;
use super::data_view::{DataFrame, DataView};
use super::dom::{self, format_number, set_hidden, set_text, Root};
use super::graph_view::GraphView;
use super::hidden_view::HiddenView;
use super::host::Host;
use super::inspector::Inspector;
use super::landscape_view::LandscapeView;
use super::loss_chart::LossChart;
use super::network_view::{feature_label, DiagramFrame, NetworkView, Target};
use super::neuron_panel::{single_neuron, NeuronPanel};
use super::share::Keeper;
use crate::model::lessons;
use crate::model::number;
use crate::model::phases::Stepper;
use crate::model::session::Session;
use crate::model::settings::Settings;

/// Training time per animation frame. With drawing, a frame then stays near
/// 16 ms (60 fps); a network or data set too big for that trains fewer
/// epochs (or part of one) per frame instead of freezing the page.
const TRAIN_BUDGET_MS: f64 = 10.0;

/// What a frame's script may take in all (ms): training gets what drawing
/// the last frame left of it (at least 2, at most [`TRAIN_BUDGET_MS`]), so
/// that with the browser's own painting a frame of a big network still
/// fits in 16.7 ms.
const FRAME_BUDGET_MS: f64 = 11.0;

/// The way to a playground's app from its listeners, its API and its frame
/// loop. It does not keep the app alive: once its host stops it, the app
/// and everything it holds are freed, and a late event finds nothing.
#[derive(Clone)]
pub struct Handle(Weak<RefCell<App>>);

impl Handle {
    pub fn new(app: &Rc<RefCell<App>>) -> Handle {
        Handle(Rc::downgrade(app))
    }

    /// Runs `f` on the app, unless it is gone or busy (an event that arrives
    /// while one of its own handlers runs).
    pub fn with<R>(&self, f: impl FnOnce(&mut App) -> R) -> Option<R> {
        let app = self.0.upgrade()?;
        let mut app = app.try_borrow_mut().ok()?;
        Some(f(&mut app))
    }

    /// Dispatches `action` (see [`App::dispatch`]).
    pub fn dispatch(&self, action: Action) {
        self.with(|a| a.dispatch(action));
    }
}

/// Elements that show numbers and messages.
struct Readouts {
    epoch: HtmlElement,
    train_loss: HtmlElement,
    test_loss: HtmlElement,
    accuracy: HtmlElement,
    message: HtmlElement,
    play: HtmlElement,
    tip: HtmlElement,
    editor: HtmlInputElement,
    /// The inspector's "Edit value" button, where focus returns from the editor.
    edit: HtmlElement,
    loss_readout: HtmlElement,
    phase_status: HtmlElement,
    lesson_panel: HtmlElement,
    lesson_title: HtmlElement,
    lesson_text: HtmlElement,
    lesson_value: HtmlElement,
    restore_offer: HtmlElement,
    copy_link: HtmlElement,
}

/// A running playground.
pub struct App {
    /// Where this playground's elements are.
    root: Root,
    host: Host,
    session: Session,
    data_view: DataView,
    network_view: NetworkView,
    loss_chart: LossChart,
    inspector: Inspector,
    landscape: LandscapeView,
    neuron: NeuronPanel,
    hidden: HiddenView,
    graph: GraphView,
    /// A training step being walked through phase by phase.
    stepper: Option<Stepper>,
    /// Index of the point the inspector follows.
    example: usize,
    tool: Tool,
    selected: Option<Target>,
    /// The keyboard's cursors on the data canvas and in the diagram, and
    /// whether each shows (while its canvas has the keyboard's focus).
    data_cursor: (DataCursor, bool),
    diagram_cursor: (Target, bool),
    readouts: Readouts,
    /// What the last action said: its error, or a note; until the next action.
    notice: Option<String>,
    /// What is kept between visits and owed to the address bar.
    keeper: Keeper,
    /// "Copy link" says "Copied" until this time (ms).
    copied_until: f64,
    /// The time of the current animation frame (ms).
    now_ms: f64,
    /// The controls must be brought in line with the settings and the tool.
    controls_stale: bool,
    /// The field whose typed value the last action refused: it keeps the
    /// text as typed and is marked invalid until the next action.
    refused: Option<&'static str>,
    /// Settings the controls were last synced to.
    synced: Option<Settings>,
    /// An embed's `controls` list: only these controls are shown.
    only_controls: Option<Vec<String>>,
    /// An embed's `stop-at`: playing pauses at this epoch.
    stop_at: Option<u64>,
    /// Milliseconds from navigation to the first drawn frame.
    first_frame_ms: Option<f64>,
    /// How long the last frame's drawing took (ms), and all frames' so far.
    draw_ms: f64,
    drawing_ms: f64,
    frames: u64,
}

impl App {
    /// Builds the app on the playground's elements, with default settings.
    pub fn new(root: Root, host: Host) -> Result<App, JsValue> {
        let session = Session::new(Settings::default()).map_err(|e| JsValue::from_str(&e))?;
        controls::fill(&root)?;
        Ok(App {
            root: root.clone(),
            host,
            session,
            data_view: DataView::new(root.by_id("data-canvas")?)?,
            network_view: NetworkView::new(root.by_id("network-canvas")?)?,
            loss_chart: LossChart::new(root.by_id("loss-canvas")?),
            inspector: Inspector::new(&root)?,
            landscape: LandscapeView::new(&root)?,
            neuron: NeuronPanel::new(&root)?,
            hidden: HiddenView::new(&root)?,
            graph: GraphView::new(&root)?,
            example: 0,
            stepper: None,
            tool: Tool::Add(0),
            selected: None,
            data_cursor: (DataCursor::default(), false),
            diagram_cursor: (Target::Unit { layer: 0, unit: 0 }, false),
            readouts: Readouts {
                epoch: root.by_id("epoch")?,
                train_loss: root.by_id("train-loss")?,
                test_loss: root.by_id("test-loss")?,
                accuracy: root.by_id("accuracy")?,
                message: root.by_id("message")?,
                play: root.by_id("play")?,
                tip: root.by_id("network-tip")?,
                editor: root.by_id("weight-editor")?,
                edit: root.by_id("inspector-edit")?,
                loss_readout: root.by_id("loss-readout")?,
                phase_status: root.by_id("phase-status")?,
                lesson_panel: root.by_id("lesson-panel")?,
                lesson_title: root.by_id("lesson-title")?,
                lesson_text: root.by_id("lesson-text")?,
                lesson_value: root.by_id("lesson-value")?,
                restore_offer: root.by_id("restore-offer")?,
                copy_link: root.by_id("copy-link")?,
            },
            notice: None,
            keeper: Keeper::new(),
            copied_until: 0.0,
            now_ms: 0.0,
            controls_stale: true,
            refused: None,
            synced: None,
            only_controls: None,
            stop_at: None,
            first_frame_ms: None,
            draw_ms: 0.0,
            drawing_ms: 0.0,
            frames: 0,
        })
    }

    /// The session: settings, points, network, training.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What the message line says: the last action's error or note, else
    /// the session's own (divergence, no points).
    pub fn message(&self) -> Option<&str> {
        self.notice.as_deref().or(self.session.message())
    }

    /// The phase of the step being walked through (`"none"` between steps).
    pub fn phase(&self) -> &'static str {
        self.stepper.as_ref().map_or("none", |s| s.phase.name())
    }

    /// Milliseconds from navigation to the first drawn frame, frames drawn,
    /// milliseconds spent drawing frames so far, and of that on pictures
    /// (the grid's forward pass for the heatmap and every unit's picture,
    /// and the heatmap's colours).
    pub fn metrics(&self) -> (Option<f64>, u64, f64, f64) {
        (self.first_frame_ms, self.frames, self.drawing_ms, self.data_view.pictures_ms)
    }

    /// An embed's host options: only the `controls` listed are shown, and
    /// playing pauses at epoch `stop_at`.
    pub fn embed(&mut self, controls: Option<Vec<String>>, stop_at: Option<u64>) {
        self.only_controls = controls;
        self.stop_at = stop_at;
        self.controls_stale = true;
    }

    /// The data coordinates under a pointer at CSS offset (x, y) of the data canvas.
    pub fn data_point(&self, offset_x: f64, offset_y: f64) -> (f64, f64) {
        self.data_view.to_data(self.session.points().domain, offset_x, offset_y)
    }

    /// What of the diagram is under a pointer at CSS offset (x, y).
    pub fn diagram_hit(&self, offset_x: f64, offset_y: f64) -> Option<Target> {
        self.network_view.hit(offset_x, offset_y)
    }

    /// Where the diagram shows `at` now, in CSS pixels from the viewport's
    /// top-left (the diagram is brought up to date first).
    pub fn position(&mut self, at: Target) -> Result<Option<(f64, f64)>, JsValue> {
        self.draw()?;
        let view = &self.network_view;
        let canvas = view.canvas();
        let rect = canvas.get_bounding_client_rect();
        Ok(view.position(at).map(|(x, y)| {
            (
                rect.left() + f64::from(canvas.client_left()) + x,
                rect.top() + f64::from(canvas.client_top()) + y,
            )
        }))
    }

    /// One animation frame: the address bar follows the kept state; then,
    /// if the playground is on screen (or has drawn nothing yet), the
    /// controls follow the settings, training runs if playing, and every
    /// view redraws what changed.
    pub fn frame(&mut self, now_ms: f64, visible: bool) -> Result<(), JsValue> {
        self.now_ms = now_ms;
        // Before drawing, so that a message about the address is drawn in
        // the same frame the address changes.
        if let Some(said) = self.keeper.write_address(&self.host, now_ms, false) {
            self.notice = Some(said.into());
        }
        if !visible && self.frames > 0 {
            return Ok(());
        }
        if self.controls_stale {
            let s = self.session.settings();
            controls::sync(
                &self.root,
                s,
                self.tool,
                self.synced.as_ref(),
                self.only_controls.as_deref(),
                self.refused,
            )?;
            self.synced = Some(s.clone());
            self.controls_stale = false;
        }
        if visible && self.session.running() {
            let speed = self.session.settings().speed;
            let speed = match self.stop_at {
                Some(stop) => speed.min(stop.saturating_sub(self.session.epoch()).min(u64::from(u32::MAX)) as u32),
                None => speed,
            };
            if speed == 0 {
                self.session.pause();
            } else {
                // Train until the speed's epochs are done or the frame's
                // training time is spent, whichever comes first.
                let start = dom::now_ms();
                let budget = (FRAME_BUDGET_MS - self.draw_ms).clamp(2.0, TRAIN_BUDGET_MS);
                self.session.train_within(speed, &mut || dom::now_ms() - start > budget);
            }
        }
        let drawing = dom::now_ms();
        self.draw()?;
        self.draw_ms = dom::now_ms() - drawing;
        self.drawing_ms += self.draw_ms;
        self.frames += 1;
        if self.first_frame_ms.is_none() {
            self.first_frame_ms = Some(now_ms);
        }
        Ok(())
    }

    /// Redraws the views and read-outs.
    pub fn draw(&mut self) -> Result<(), JsValue> {
        self.landscape.choose(&mut self.session)?;
        self.graph.show();
        let session = &self.session;
        let settings = session.settings();
        let features = settings.effective_features();
        let (params_version, points_version) = session.versions();
        let lesson = settings.lesson.as_deref().and_then(lessons::find);
        // A lesson's named points (Emily and Frank), where they are shown.
        let names = match &lesson {
            Some(lesson) if settings.show_test => lesson.named_points(session),
            _ => Vec::new(),
        };
        self.data_view.draw(&DataFrame {
            network: session.network(),
            features: &features,
            points: session.points(),
            show_test: settings.show_test,
            discretize: settings.discretize,
            params_version,
            points_version,
            moving: session.running(),
            boundary: single_neuron(session.network(), &features)
                .filter(|_| session.points().dimensions == 2 && session.points().task == Task::Classification),
            names: &names,
            cursor: self
                .data_cursor
                .1
                .then(|| self.data_cursor.0.at(session.points().domain)),
        })?;
        // A step walked through in phases shows its own numbers (and, in the
        // update phase, the new weights); any other change ends it.
        if self.stepper.as_ref().is_some_and(|s| s.versions != session.versions()) {
            self.stepper = None;
        }
        let stepped = self.stepper.as_ref().map(|s| s.network(session.network()));
        let labels = match (&self.stepper, &stepped) {
            (Some(step), Some(net)) => step.labels(net),
            _ => Vec::new(),
        };
        let phase_key = self.stepper.as_ref().map_or(0, |s| 1 + s.phase as u64);
        set_text(
            &self.readouts.phase_status,
            &self.stepper.as_ref().map(Stepper::describe).unwrap_or_default(),
        );
        self.network_view.draw(&DiagramFrame {
            labels: &labels,
            network: stepped.as_ref().unwrap_or(session.network()),
            features: &features,
            pictures: self.data_view.pass(),
            task: session.points().task,
            thumbnails: settings.thumbnails,
            params_version: params_version * 8 + phase_key,
            selected: self.selected,
            focused: self.diagram_cursor.1.then_some(self.diagram_cursor.0),
        })?;
        self.landscape.update(session, 10)?;
        self.hidden.update(session)?;
        let example = self.example.min(session.points().points.len().saturating_sub(1));
        self.inspector.draw(session, self.selected, example)?;
        self.neuron.draw(session, example);
        let others: Vec<(&str, &[crate::model::history::Sample])> = session
            .comparison()
            .map(|c| c.runs.iter().map(|r| (r.label.as_str(), r.history.samples())).collect())
            .unwrap_or_default();
        self.loss_chart
            .draw(session.history().samples(), settings.log_scale, &others)?;

        let r = &self.readouts;
        set_hidden(&r.lesson_panel, lesson.is_none());
        if let Some(lesson) = lesson {
            set_text(&r.lesson_title, lesson.title);
            set_text(&r.lesson_text, lesson.text);
            set_text(&r.lesson_value, &lesson.readout(session).0);
        }
        let m = session.measures();
        set_text(&r.epoch, &format!("Epoch {}", session.epoch()));
        set_text(&r.train_loss, &format_number(m.train_loss, 4));
        set_text(&r.test_loss, &format_number(m.test_loss, 4));
        let accuracy = match (session.points().task, m.accuracy) {
            (Task::Classification, Some(a)) => match m.test_accuracy {
                Some(t) => format!("{} % (test {} %)", number::show(100.0 * a), number::show(100.0 * t)),
                None => format!("{} %", number::show(100.0 * a)),
            },
            _ => "–".to_string(),
        };
        set_text(&r.accuracy, &accuracy);
        let running = session.running();
        if set_text(&r.play, if running { "❚❚ Pause" } else { "▶ Play" }) {
            r.play
                .set_attribute("aria-pressed", if running { "true" } else { "false" })?;
            r.play
                .set_attribute("aria-label", if running { "Pause (Space)" } else { "Play (Space)" })?;
        }
        set_hidden(&r.restore_offer, !self.keeper.offering());
        set_text(
            &r.copy_link,
            if self.now_ms < self.copied_until {
                "Copied"
            } else {
                "Copy link"
            },
        );
        let message = self.message();
        set_hidden(&self.readouts.message, message.is_none());
        set_text(&self.readouts.message, &number::with_minus_signs(message.unwrap_or("")));
        Ok(())
    }

    /// Shows the value under the pointer in the diagram (or hides the tip).
    pub fn hover_diagram(&self, target: Option<Target>) {
        let tip = &self.readouts.tip;
        let Some(target) = target else {
            set_hidden(tip, true);
            return;
        };
        let net = self.session.network();
        let features = self.session.settings().effective_features();
        let layers = net.layers().len();
        let unit_name = |layer: usize, unit: usize| {
            if layer + 1 == layers {
                "the output".to_string()
            } else {
                format!("unit {} of hidden layer {}", unit + 1, layer + 1)
            }
        };
        let source_name = |layer: usize, from: usize| {
            if layer == 0 {
                features.get(from).map_or("?", |&f| feature_label(f)).to_string()
            } else {
                unit_name(layer - 1, from)
            }
        };
        let text = match target {
            Target::Input { feature } => {
                format!("input {}", features.get(feature).map_or("?", |&f| feature_label(f)))
            }
            Target::Unit { layer, unit } => {
                format!(
                    "bias of {}\nb = {}\n(click or Enter: why it changes)",
                    unit_name(layer, unit),
                    number::precise(net.bias(layer, unit))
                )
            }
            Target::Link { layer, to, from } => format!(
                "weight from {} to {}\nw = {}\n(click or Enter: why it changes)",
                source_name(layer, from),
                unit_name(layer, to),
                number::precise(net.weight(layer, to, from))
            ),
        };
        set_text(tip, &text);
        if let Some((x, y)) = self.network_view.position(target) {
            let style = tip.style();
            let _ = style.set_property("left", &format!("{}px", Decimal(x + 12.0)));
            let _ = style.set_property("top", &format!("{}px", Decimal(y + 12.0)));
        }
        set_hidden(tip, false);
    }

    /// Shows the loss at the epoch under the pointer on the loss chart.
    pub fn hover_loss(&self, offset_x: Option<f64>) {
        let samples = self.session.history().samples();
        let text = offset_x
            .and_then(|x| self.loss_chart.sample_at(samples, x))
            .map(|s| {
                let test = s
                    .test
                    .map(|t| format!(", test {}", format_number(Some(t), 4)))
                    .unwrap_or_default();
                format!("epoch {}: training {}{test}", s.epoch, format_number(Some(s.train), 4))
            })
            .unwrap_or_default();
        set_text(&self.readouts.loss_readout, &text);
    }

    /// Marks the page ready for scripts and tests once the first frame is
    /// drawn; true the first time.
    pub fn mark_ready(&self) -> Result<bool, JsValue> {
        // Set on the first frame; no DOM look-up on every later one.
        if self.frames > 1 {
            return Ok(false);
        }
        let root: HtmlElement = self.root.by_id(super::ROOT_ID)?;
        let first = root.get_attribute("data-ready").as_deref() != Some("true");
        if first {
            root.set_attribute("data-ready", "true")?;
        }
        Ok(first)
    }
}
