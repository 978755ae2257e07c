//! The page's application: the session (model), the three views and the
//! bits of DOM that show numbers. One instance per page, owned by the event
//! handlers and the animation loop through `Rc<RefCell<App>>` — no globals.
//!
//! Input handlers only change the session; each animation frame trains (when
//! playing) and then lets every view redraw whatever changed.

use backprop::strict::Value;
use backprop::Task;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, HtmlInputElement};

use super::data_view::{DataFrame, DataView};
use super::dom::{self, format_number, set_hidden, set_text, Root};
use super::hidden_view::HiddenView;
use super::inspector::Inspector;
use super::landscape_view::LandscapeView;
use super::loss_chart::LossChart;
use super::network_view::{feature_label, DiagramFrame, NetworkView, Target};
use super::neuron_panel::{single_neuron, NeuronPanel};
use crate::model::lessons::{self, Focus};
use crate::model::number;
use crate::model::phases::{Phase, Stepper};
use crate::model::session::Session;
use crate::model::settings::Settings;

/// Training time per animation frame. With drawing, a frame then stays near
/// 16 ms (60 fps); a network or data set too big for that trains fewer
/// epochs (or part of one) per frame instead of freezing the page.
const TRAIN_BUDGET_MS: f64 = 10.0;

/// What a click on the data canvas does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Add a point of class 0 (orange) or 1 (blue).
    Add(u8),
    /// Remove the nearest point.
    Erase,
    /// Choose the nearest point as the inspector's example.
    Pick,
}

/// Which page holds this playground. The host, not the app, owns what lies
/// outside the playground: only the full page and the `?embed=1` iframe
/// (inside its own frame) write an address, and each kind keeps its session
/// under its own storage key, so an embed never reads or overwrites the full
/// page's kept session.
pub enum Host {
    /// The full page: its address bar and the page's kept session.
    Page,
    /// The page in another site's iframe (`?embed=1`): its own address, and a
    /// key of its own for each embed snippet (its query).
    Frame(String),
    /// A `<backprop-playground>` element: never the host page's address;
    /// storage only under the key its `persist` attribute names.
    Element(Option<String>),
}

impl Host {
    /// Where this playground keeps its session, if anywhere.
    pub fn storage_key(&self) -> Option<&str> {
        match self {
            Host::Page => Some(super::share::STORAGE_KEY),
            Host::Frame(key) => Some(key),
            Host::Element(key) => key.as_deref(),
        }
    }

    /// Whether the playground may write the address bar (its own window's).
    pub fn owns_address(&self) -> bool {
        !matches!(self, Host::Element(_))
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
    loss_readout: HtmlElement,
    phase_status: HtmlElement,
    lesson_panel: HtmlElement,
    lesson_title: HtmlElement,
    lesson_text: HtmlElement,
    lesson_value: HtmlElement,
    restore_offer: HtmlElement,
    copy_link: HtmlElement,
}

/// The running page.
pub struct App {
    /// Where this playground's elements are.
    pub root: Root,
    pub host: Host,
    pub session: Session,
    pub data_view: DataView,
    pub network_view: NetworkView,
    pub loss_chart: LossChart,
    pub inspector: Inspector,
    pub landscape: LandscapeView,
    pub neuron: NeuronPanel,
    pub hidden: HiddenView,
    /// A training step being walked through phase by phase.
    pub stepper: Option<Stepper>,
    /// Index of the point the inspector follows.
    pub example: usize,
    pub tool: Tool,
    pub selected: Option<Target>,
    readouts: Readouts,
    /// A message from the last failed action (bad input), shown until the next action.
    pub notice: Option<String>,
    /// The state last kept and put in the address bar (a link's payload).
    pub remembered: Option<String>,
    /// The address bar is behind `remembered` (it is rewritten at most
    /// every 100 ms) …
    pub address_due: bool,
    /// … and was last written at this time (ms).
    pub address_written_at: f64,
    /// The page has said that the state no longer fits in a link.
    pub told_too_long: bool,
    /// A kept session that differs from the link the page was opened
    /// with: offered back ("Restore your previous session") and not
    /// overwritten until the learner changes something or dismisses it.
    pub offer: Option<String>,
    /// "Copy link" says "Copied" until this time (ms).
    pub copied_until: f64,
    /// The time of the current animation frame (ms).
    pub now_ms: f64,
    /// The points' version it was written for; cleared whenever the
    /// controls follow new settings (or a new session). While it holds, the
    /// saved state cannot have changed.
    pub remembered_for: Option<u64>,
    /// The state the plain address produces for a newcomer (a lesson, or
    /// the defaults): while the session equals it, the address has no state.
    pub baseline: Option<String>,
    /// Settings the controls were last synced to.
    pub controls_synced_to: Option<Settings>,
    /// Embedded with a `controls` attribute: only these controls are shown.
    pub embed_controls: Option<Vec<String>>,
    /// Embedded with `stop-at`: playing pauses at this epoch.
    pub stop_at: Option<u64>,
    /// Stopped for good (an element taken out of its page): no more frames.
    pub detached: bool,
    /// Milliseconds from navigation to the first drawn frame.
    pub first_frame_ms: Option<f64>,
    pub frames: u64,
}

impl App {
    /// Builds the app on the page's elements with default settings.
    pub fn new(root: Root, host: Host, settings: Settings) -> Result<App, JsValue> {
        let session = Session::new(settings).map_err(|e| JsValue::from_str(&e))?;
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
            example: 0,
            stepper: None,
            tool: Tool::Add(0),
            selected: None,
            readouts: Readouts {
                epoch: root.by_id("epoch")?,
                train_loss: root.by_id("train-loss")?,
                test_loss: root.by_id("test-loss")?,
                accuracy: root.by_id("accuracy")?,
                message: root.by_id("message")?,
                play: root.by_id("play")?,
                tip: root.by_id("network-tip")?,
                editor: root.by_id("weight-editor")?,
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
            remembered: None,
            address_due: false,
            address_written_at: f64::NEG_INFINITY,
            told_too_long: false,
            offer: None,
            copied_until: 0.0,
            now_ms: 0.0,
            remembered_for: None,
            baseline: None,
            controls_synced_to: None,
            embed_controls: None,
            stop_at: None,
            first_frame_ms: None,
            detached: false,
            frames: 0,
        })
    }

    /// Shows an error from a user action until the next action.
    pub fn report<T>(&mut self, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => {
                self.notice = None;
                Some(v)
            }
            Err(e) => {
                self.notice = Some(e);
                None
            }
        }
    }

    /// Applies a change to the settings (from a control).
    pub fn update(&mut self, change: impl FnOnce(&mut Settings)) {
        let mut next = self.session.settings().clone();
        change(&mut next);
        let result = self.session.apply(next);
        if result.is_ok() {
            self.selected = None;
        }
        self.report(result);
    }

    /// Applies a partial config object, as `setConfig({...})` does: its keys
    /// replace the current ones; unknown keys or bad values are errors and
    /// change nothing.
    pub fn set_config(&mut self, partial: JsValue) -> Result<(), String> {
        if !partial.is_object() {
            return Err("setConfig needs an object such as { learningRate: 0.1 }".into());
        }
        let current = serde_wasm_bindgen::to_value(self.session.settings()).map_err(|e| e.to_string())?;
        let mut tree: Value = serde_wasm_bindgen::from_value(current).map_err(|e| e.to_string())?;
        let changes: Value = serde_wasm_bindgen::from_value(partial).map_err(|e| format!("invalid config: {e}"))?;
        tree.merge(changes);
        let next = Settings::deserialize(tree).map_err(|e| format!("invalid config: {e}"))?;
        self.session.apply(next)?;
        self.selected = None;
        Ok(())
    }

    /// Adds or erases a point at data coordinates, as the current tool says;
    /// `other_class` (shift) adds the other class, `erase` (alt, long press) erases.
    pub fn click_data(&mut self, x: f64, y: f64, other_class: bool, erase: bool) {
        let d = self.session.points().domain;
        match (self.tool, erase) {
            (Tool::Pick, false) => {
                let nearest = self
                    .session
                    .points()
                    .points
                    .iter()
                    .enumerate()
                    .min_by(|(_, a), (_, b)| {
                        let da = (a.x - x).powi(2) + (a.y - y).powi(2);
                        let db = (b.x - x).powi(2) + (b.y - y).powi(2);
                        da.total_cmp(&db)
                    });
                if let Some((i, _)) = nearest {
                    self.example = i;
                }
            }
            (Tool::Erase, _) | (_, true) => {
                let radius = 0.04 * (d.x_max - d.x_min).max(d.y_max - d.y_min);
                self.session.remove_nearest(x, y, radius);
                self.notice = None;
            }
            (Tool::Add(class), false) => {
                // Shift-click adds the next class (the other one, with two).
                let classes = self.session.settings().classes.max(2) as u8;
                let class = if other_class { (class + 1) % classes } else { class };
                let result = self.session.add_point(x, y, f64::from(class));
                self.report(result);
            }
        }
    }

    /// Opens a lesson (by its id) in a fresh session, or free play for `""`.
    pub fn load_lesson(&mut self, id: &str) -> Result<(), String> {
        let mut session = Session::new(Settings::default())?;
        self.selected = None;
        self.example = 0;
        if !id.is_empty() {
            let lesson = lessons::find(id).ok_or_else(|| {
                let known: Vec<&str> = lessons::all().iter().map(|l| l.id).collect();
                format!("there is no lesson \"{id}\" (lessons: {})", known.join(", "))
            })?;
            lesson.load(&mut session)?;
            self.selected = lesson.focus.map(|f| match f {
                Focus::Weight(layer, to, from) => Target::Link { layer, to, from },
                Focus::Bias(layer, unit) => Target::Unit { layer, unit },
            });
        }
        self.session = session;
        self.controls_synced_to = None;
        self.notice = None;
        self.stepper = None;
        self.mark_baseline();
        if self.host.owns_address() {
            super::share::write_lesson(id);
        }
        Ok(())
    }

    /// Shows the next phase of a step (starting one if none is under way;
    /// after the update phase, applies it).
    pub fn phase_next(&mut self) {
        self.session.pause();
        match self.stepper.as_mut() {
            None => self.stepper = Stepper::begin(&self.session),
            Some(step) => match step.phase {
                Phase::Forward => step.phase = Phase::Loss,
                Phase::Loss => step.phase = Phase::Backward,
                Phase::Backward => step.phase = Phase::Update,
                Phase::Update => {
                    self.stepper = None;
                    self.session.train_batch();
                }
            },
        }
        if self.stepper.is_none() && self.session.points().count(crate::model::points::Split::Train) == 0 {
            self.notice = Some("Add some points to train on: click on the data canvas.".into());
        }
    }

    /// Goes back one phase (nothing has been applied before the update).
    pub fn phase_prev(&mut self) {
        if let Some(step) = self.stepper.as_mut() {
            match step.phase {
                Phase::Forward => self.stepper = None,
                Phase::Loss => step.phase = Phase::Forward,
                Phase::Backward => step.phase = Phase::Loss,
                Phase::Update => step.phase = Phase::Backward,
            }
        }
    }

    /// Replaces the whole session (an import, a shared link).
    pub fn replace_session(&mut self, session: Session) {
        self.session = session;
        self.selected = None;
        self.example = 0;
        self.stepper = None;
        self.controls_synced_to = None;
        self.notice = None;
    }

    /// Records the current state as what the plain address stands for.
    pub fn mark_baseline(&mut self) {
        self.baseline = super::share::payload(&self.session).ok();
    }

    /// Starts fresh: forgets this host's kept session (no other) and
    /// returns to the defaults.
    pub fn start_fresh(&mut self) -> Result<(), String> {
        super::share::forget_stored(&self.host);
        self.load_lesson("")?;
        self.mark_baseline();
        Ok(())
    }

    /// Stops for good and gives back the memory the session and views
    /// hold: a fresh App (whose views have drawn nothing, so hold no
    /// buffers) on the smallest session (one point, no hidden layer)
    /// replaces this one, which is dropped here.
    pub fn detach(&mut self) {
        let host = std::mem::replace(&mut self.host, Host::Element(None));
        let tiny = Settings {
            points: 1,
            hidden: Vec::new(),
            ..Settings::default()
        };
        if let Ok(fresh) = App::new(self.root.clone(), host, tiny) {
            *self = fresh;
        }
        self.detached = true;
    }

    /// Toggles Play/Pause.
    pub fn toggle_play(&mut self) {
        if self.session.running() {
            self.session.pause();
        } else {
            self.session.play();
        }
    }

    /// One animation frame: train if playing, then redraw what changed.
    pub fn frame(&mut self, now_ms: f64, train: bool) -> Result<(), JsValue> {
        self.now_ms = now_ms;
        if train && self.session.running() {
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
                let clock = dom::window()?.performance();
                let start = clock.as_ref().map_or(0.0, |c| c.now());
                self.session.train_within(speed, &mut || {
                    clock.as_ref().is_some_and(|c| c.now() - start > TRAIN_BUDGET_MS)
                });
            }
        }
        self.draw()?;
        self.frames += 1;
        if self.first_frame_ms.is_none() {
            self.first_frame_ms = Some(now_ms);
        }
        Ok(())
    }

    /// Redraws the views and read-outs.
    pub fn draw(&mut self) -> Result<(), JsValue> {
        self.landscape.choose(&mut self.session)?;
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
        set_hidden(&r.restore_offer, self.offer.is_none());
        set_text(
            &r.copy_link,
            if self.now_ms < self.copied_until {
                "Copied"
            } else {
                "Copy link"
            },
        );
        let message = self.notice.as_deref().or(session.message());
        set_hidden(&r.message, message.is_none());
        set_text(&r.message, message.unwrap_or(""));
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
                    "bias of {}\nb = {}\n(click to edit)",
                    unit_name(layer, unit),
                    number::precise(net.bias(layer, unit))
                )
            }
            Target::Link { layer, to, from } => format!(
                "weight from {} to {}\nw = {}\n(click to edit)",
                source_name(layer, from),
                unit_name(layer, to),
                number::precise(net.weight(layer, to, from))
            ),
        };
        set_text(tip, &text);
        if let Some((x, y)) = self.network_view.position(target) {
            let style = tip.style();
            let _ = style.set_property("left", &format!("{}px", x + 12.0));
            let _ = style.set_property("top", &format!("{}px", y + 12.0));
        }
        set_hidden(tip, false);
    }

    /// Selects a weight or bias for editing and opens the number editor on it.
    pub fn select(&mut self, target: Option<Target>) {
        let editor = &self.readouts.editor;
        let value = match target {
            Some(Target::Unit { layer, unit }) => Some(self.session.network().bias(layer, unit)),
            Some(Target::Link { layer, to, from }) => Some(self.session.network().weight(layer, to, from)),
            _ => None,
        };
        let Some(value) = value else {
            self.selected = None;
            editor.set_hidden(true);
            return;
        };
        self.selected = target;
        editor.set_value(&number::for_editing(value));
        if let Some((x, y)) = target.and_then(|t| self.network_view.position(t)) {
            let style = editor.style();
            let _ = style.set_property("left", &format!("{}px", (x - 50.0).max(0.0)));
            let _ = style.set_property("top", &format!("{}px", y + 10.0));
        }
        editor.set_hidden(false);
        let _ = editor.focus();
        editor.select();
    }

    /// Applies the editor's value to the selected weight or bias.
    pub fn commit_edit(&mut self) {
        let text = self.readouts.editor.value();
        // The box shows 6 digits: Enter on it unchanged keeps the exact value.
        let net = self.session.network();
        let current = match self.selected {
            Some(Target::Unit { layer, unit }) => Some(net.bias(layer, unit)),
            Some(Target::Link { layer, to, from }) => Some(net.weight(layer, to, from)),
            _ => None,
        };
        if current.is_some_and(|v| number::for_editing(v) == text.trim()) {
            return self.cancel_edit();
        }
        let result = match (self.selected, text.trim().parse::<f64>()) {
            (_, Err(_)) => Err(format!("\"{text}\" is not a number")),
            (Some(Target::Unit { layer, unit }), Ok(v)) => self.session.set_weight(layer, unit, None, v),
            (Some(Target::Link { layer, to, from }), Ok(v)) => self.session.set_weight(layer, to, Some(from), v),
            _ => Ok(()),
        };
        if self.report(result).is_some() {
            self.readouts.editor.set_hidden(true);
            self.selected = None;
        }
    }

    /// Closes the editor without changing anything.
    pub fn cancel_edit(&mut self) {
        self.readouts.editor.set_hidden(true);
        self.selected = None;
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
