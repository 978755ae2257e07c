//! `App::dispatch`: the one place input changes the playground. Each
//! action is applied whole or refused; then, in one place, the message line
//! is decided (the action's error or note, else nothing), the session is
//! kept if the action may have changed what is kept, and the views an
//! action made stale are marked (the controls, the diagram).
//!
//! Also here: how a playground starts (from its address, a lesson or the
//! session its host kept), which is not an input but the same changes.

use backprop::decimal::Decimal;
use backprop::strict::Value;
use wasm_bindgen::JsValue;

use super::App;
use crate::model::lessons::{self, Focus};
use crate::model::number;
use crate::model::read::Read;
use crate::model::text::join;
use crate::model::write::ToTree;
use crate::model::phases::{Phase, Stepper};
use crate::model::points::Split;
use crate::model::session::Session;
use crate::model::settings::{Settings, MAX_HIDDEN_UNITS};
use crate::web::action::{Action, Canvas, Export, Patch, Selection, Tool};
use crate::web::control_table;
use crate::web::host::Host;
use crate::web::network_view::Target;
use crate::web::share::{self, Imported};

/// What an action leaves on the message line when it succeeds.
type Note = Option<String>;

const NO_POINTS: &str = "Add some points to train on: click on the data canvas.";

impl App {
    /// Applies `action`, then decides its consequences: the message line,
    /// keeping the session, stale views. An error is also returned (a
    /// script's call throws it).
    pub fn dispatch(&mut self, action: Action) -> Result<(), String> {
        let action = self.at_cursor(action);
        let keeps = action.keeps();
        let before = (self.session.settings().clone(), self.tool);
        let field = match &action {
            Action::SetConfig(Patch::Control(id, _)) => Some(*id),
            _ => None,
        };
        let result = self.apply(action);
        self.notice = match &result {
            Ok(note) => note.clone(),
            Err(e) => Some(e.clone()),
        };
        let refused = field.filter(|_| result.is_err());
        if refused != self.refused {
            self.refused = refused;
            self.controls_stale = true;
        }
        if (self.session.settings(), self.tool) != (&before.0, before.1) {
            self.controls_stale = true;
            self.network_view.invalidate();
        }
        if keeps && result.is_ok() {
            self.keeper.keep(&self.host, &self.session);
        }
        result.map(|_| ())
    }

    fn apply(&mut self, action: Action) -> Result<Note, String> {
        let s = &mut self.session;
        match action {
            Action::Play => s.play(),
            Action::Pause => s.pause(),
            Action::TogglePlay if s.running() => s.pause(),
            Action::TogglePlay => s.play(),
            Action::Step => s.train_epochs(1),
            Action::StepBatch => s.train_batch(),
            Action::Reset => s.reset(),
            Action::SetConfig(patch) => {
                let mut next = s.settings().clone();
                apply_patch(&patch, &mut next)?;
                s.apply(next)?;
                self.selected = None;
                // A class that is gone cannot be the one a click adds.
                if matches!(self.tool, Tool::Add(k) if usize::from(k) >= self.session.settings().classes) {
                    self.tool = Tool::Add(0);
                }
            }
            Action::AddPoint { x, y, label } => s.add_point(x, y, label)?,
            Action::ClickData {
                x,
                y,
                other_class,
                erase,
            } => return self.click_data(x, y, other_class, erase),
            Action::ClearPoints => s.clear_points(),
            Action::Regenerate => s.regenerate()?,
            Action::SetTool(Tool::Add(k)) if usize::from(k) >= s.settings().classes => {}
            Action::SetTool(tool) => self.tool = tool,
            Action::Select(at) => {
                self.select(at);
                // The keyboard's focus follows a selection (a click, the API).
                if let Some(t) = self.selected {
                    self.diagram_cursor.0 = t;
                }
            }
            Action::OpenEditor => self.open_editor(),
            Action::EditWeight { at, value } => s.set_weight(at.layer, at.unit, at.from, value)?,
            Action::CommitEdit(text) => return self.commit_edit(&text),
            Action::CancelEdit => self.close_editor(),
            Action::ShowCursor(Canvas::Data, shown) => self.data_cursor.1 = shown,
            Action::ShowCursor(Canvas::Diagram, shown) => self.move_focus(0, 0, shown),
            Action::MoveCursor {
                on: Canvas::Data,
                dx,
                dy,
            } => self.data_cursor = (self.data_cursor.0.moved(dx, dy), true),
            Action::MoveCursor {
                on: Canvas::Diagram,
                dx,
                dy,
            } => self.move_focus(dx, dy, true),
            // Turned into the click it stands for by `at_cursor`, unless there is none.
            Action::PressCursor { .. } => {}
            Action::SetParams(params) => s.set_params(&params)?,
            Action::LoadLesson(id) => self.load_lesson(&id)?,
            Action::Import { name, text } => match share::import(&name, &text)? {
                Imported::Points(points) => s.import_points(&points).map_err(|e| format!("{name}: {e}"))?,
                Imported::Session(session, note) => {
                    self.replace_session(*session);
                    return Ok(note.map(String::from));
                }
            },
            Action::StartFresh => {
                share::forget_stored(&self.host);
                self.load_lesson("")?;
            }
            Action::RestoreOffer => {
                if let Some(text) = self.keeper.take_offer() {
                    let (session, _) = share::read_stored(&text)?;
                    self.replace_session(session);
                }
            }
            Action::DismissOffer => self.keeper.dismiss_offer(&self.host),
            Action::CopyLink => return Ok(self.copy_link()),
            Action::Export(what) => self
                .export(what)
                .map_err(|e| format!("The export failed: {}", e.as_string().unwrap_or_default()))?,
            Action::PhaseNext => return Ok(self.phase_next()),
            Action::PhasePrev => self.phase_prev(),
            Action::GraphRebuild => self.graph.rebuild(),
            Action::GraphStep(delta) => self.graph.step(delta),
            Action::Tell(text) => return Ok(Some(text)),
        }
        Ok(None)
    }

    /// Enter at a canvas's cursor is the click it stands for: in the
    /// diagram on the item in focus (an input has nothing to select); on
    /// the data at the cursor, Delete an Alt-click. Every point is within
    /// a click's erasing radius of some place of the cursor: half a step's
    /// diagonal is at most √2/40 of the domain's wider side, under the 1/25
    /// of it a click erases within.
    fn at_cursor(&mut self, action: Action) -> Action {
        match action {
            Action::PressCursor {
                on: Canvas::Data,
                other_class,
                erase,
            } => {
                self.data_cursor.1 = true;
                let (x, y) = self.data_cursor.0.at(self.session.points().domain);
                Action::ClickData {
                    x,
                    y,
                    other_class,
                    erase,
                }
            }
            Action::PressCursor { .. } => match self.diagram_cursor.0.selection() {
                Some(at) => Action::Select(Some(at)),
                None => action,
            },
            action => action,
        }
    }

    /// Moves the diagram's keyboard focus by (dx, dy) items, kept inside
    /// the network as it is now, and shows its value as on hover (or, not
    /// `shown`, hides both).
    fn move_focus(&mut self, dx: i32, dy: i32, shown: bool) {
        let net = self.session.network();
        let mut columns = vec![net.layers().first().map_or(0, |l| l.inputs)];
        columns.extend(net.layers().iter().map(|l| l.units));
        self.diagram_cursor = (self.diagram_cursor.0.moved(&columns, dx, dy), shown);
        self.hover_diagram(shown.then_some(self.diagram_cursor.0));
    }

    /// A click on the data: adds, erases or picks, as the tool says.
    fn click_data(&mut self, x: f64, y: f64, other_class: bool, erase: bool) -> Result<Note, String> {
        let s = &mut self.session;
        let d = s.points().domain;
        match (self.tool, erase) {
            (Tool::Pick, false) => {
                let nearest = s.points().points.iter().enumerate().min_by(|(_, a), (_, b)| {
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
                s.remove_nearest(x, y, radius);
            }
            (Tool::Add(class), false) => {
                // Shift-click adds the next class (the other one, with two).
                let classes = s.settings().classes.max(2) as u8;
                let class = if other_class { (class + 1) % classes } else { class };
                s.add_point(x, y, f64::from(class))?;
            }
        }
        Ok(None)
    }

    /// Opens a lesson (by its id) in a fresh session, or free play for `""`.
    fn load_lesson(&mut self, id: &str) -> Result<(), String> {
        let mut session = Session::new(Settings::default())?;
        let mut focus = None;
        if !id.is_empty() {
            let lesson = lessons::find(id).ok_or_else(|| {
                let known: Vec<&str> = lessons::all().iter().map(|l| l.id).collect();
                format!(
                    "there is no lesson \"{}\" (lessons: {})",
                    control_table::short(id),
                    join(&known, ", ")
                )
            })?;
            lesson.load(&mut session)?;
            focus = lesson.focus.map(|f| match f {
                Focus::Weight(layer, to, from) => Target::Link { layer, to, from },
                Focus::Bias(layer, unit) => Target::Unit { layer, unit },
            });
        }
        self.replace_session(session);
        self.selected = focus;
        self.keeper.mark_baseline(&self.session);
        if self.host.owns_address() {
            share::write_lesson(id);
        }
        Ok(())
    }

    /// Replaces the whole session (a lesson, an import, a link, a kept one).
    fn replace_session(&mut self, session: Session) {
        self.session = session;
        self.selected = None;
        self.example = 0;
        self.stepper = None;
        self.controls_stale = true;
    }

    /// Shows the next phase of a step (starting one if none is under way;
    /// after the update phase, applies it).
    fn phase_next(&mut self) -> Note {
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
        (self.stepper.is_none() && self.session.points().count(Split::Train) == 0).then(|| NO_POINTS.into())
    }

    /// Goes back one phase (nothing has been applied before the update).
    fn phase_prev(&mut self) {
        if let Some(step) = self.stepper.as_mut() {
            match step.phase {
                Phase::Forward => self.stepper = None,
                Phase::Loss => step.phase = Phase::Forward,
                Phase::Backward => step.phase = Phase::Loss,
                Phase::Update => step.phase = Phase::Backward,
            }
        }
    }

    /// Selects a weight or bias for the inspector (or clears the selection).
    fn select(&mut self, at: Option<Selection>) {
        let net = self.session.network();
        let target = at.and_then(|at| {
            let shape = net.layers().get(at.layer)?;
            match at.from {
                None if at.unit < shape.units => Some((
                    Target::Unit {
                        layer: at.layer,
                        unit: at.unit,
                    },
                    net.bias(at.layer, at.unit),
                )),
                Some(from) if at.unit < shape.units && from < shape.inputs => Some((
                    Target::Link {
                        layer: at.layer,
                        to: at.unit,
                        from,
                    },
                    net.weight(at.layer, at.unit, from),
                )),
                _ => None,
            }
        });
        self.readouts.editor.set_hidden(true);
        self.selected = target.map(|(target, _)| target);
    }

    /// Opens the number editor beside the selected weight or bias.
    fn open_editor(&mut self) {
        let net = self.session.network();
        let (target, value) = match self.selected {
            Some(t @ Target::Unit { layer, unit }) => (t, net.bias(layer, unit)),
            Some(t @ Target::Link { layer, to, from }) => (t, net.weight(layer, to, from)),
            _ => return,
        };
        let editor = &self.readouts.editor;
        editor.set_value(&number::for_editing(value));
        if let Some((x, y)) = self.network_view.position(target) {
            let style = editor.style();
            let _ = style.set_property("left", &format!("{}px", Decimal((x - 50.0).max(0.0))));
            let _ = style.set_property("top", &format!("{}px", Decimal(y + 10.0)));
        }
        editor.set_hidden(false);
        let _ = editor.focus();
        editor.select();
    }

    /// Applies the editor's text to the selected weight or bias.
    fn commit_edit(&mut self, text: &str) -> Result<Note, String> {
        // The box shows 6 digits: Enter on it unchanged keeps the exact value.
        let net = self.session.network();
        let current = match self.selected {
            Some(Target::Unit { layer, unit }) => Some(net.bias(layer, unit)),
            Some(Target::Link { layer, to, from }) => Some(net.weight(layer, to, from)),
            _ => None,
        };
        if current.is_some_and(|v| number::for_editing(v) == text.trim()) {
            self.close_editor();
            return Ok(None);
        }
        let value = control_table::number(text, "new value")?;
        match self.selected {
            Some(Target::Unit { layer, unit }) => self.session.set_weight(layer, unit, None, value)?,
            Some(Target::Link { layer, to, from }) => self.session.set_weight(layer, to, Some(from), value)?,
            _ => {}
        }
        self.close_editor();
        Ok(None)
    }

    /// Closes the editor only: the inspector stays on the weight, now
    /// explaining its new value (Escape there again closes the inspector).
    /// Focus goes back to "Edit value", not to the page's top: a keyboard
    /// user goes on from where the value was edited.
    fn close_editor(&mut self) {
        self.readouts.editor.set_hidden(true);
        let _ = self.readouts.edit.focus();
    }

    /// Copies a link to this session (see `share::link`), and says
    /// "Copied" on the button for two seconds.
    fn copy_link(&mut self) -> Note {
        // The full page copies its own address: bring it up to date first.
        let said = self.keeper.write_address(&self.host, self.now_ms, true);
        let (link, note) = match share::link(&self.host, &self.session) {
            Ok(link) => (link, said.map(String::from)),
            Err(page) => (
                page,
                Some("This session has too many points to fit in a link: the link copied is to the plain page; “Export JSON” shares it whole.".into()),
            ),
        };
        if !share::copy(&link) {
            return Some("The browser did not allow copying; copy the address bar instead.".into());
        }
        self.copied_until = self.now_ms + 2000.0;
        note
    }

    /// Offers a file for download.
    fn export(&self, what: Export) -> Result<(), JsValue> {
        use crate::model::csv;
        let s = &self.session;
        match what {
            Export::State => share::download_text(
                "playground.json",
                "application/json",
                &share::export_json(s).map_err(|e| JsValue::from_str(&e))?,
            ),
            Export::LossHistory => share::download_text(
                "loss-history.csv",
                "text/csv",
                &csv::loss_history(s.history().samples()),
            ),
            Export::Points => share::download_text("points.csv", "text/csv", &csv::points(&s.points().points)),
            Export::DataPicture => share::download("data.png", &self.data_view.canvas().to_data_url()?),
            Export::LossPicture => share::download("loss-curve.png", &self.loss_chart.canvas().to_data_url()?),
        }
    }

    /// Where the session comes from when a page or an iframe opens: the
    /// link in its address, else a lesson link (for an iframe, then the
    /// session it kept), else the session its host kept, else the defaults. A link that cannot be read is named and
    /// changes nothing (the kept session is used and stays). A link that
    /// differs from a kept session is shown, and the kept one offered back,
    /// untouched until the learner changes something or dismisses the offer.
    pub fn open(&mut self, lesson: Option<String>) {
        let kept = share::stored(&self.host);
        let mut notes = Vec::new();
        let link = share::fragment().map(|text| share::read_payload(&text));
        match (link, lesson) {
            (Some(Ok((session, note))), _) => {
                self.replace_session(session);
                notes.extend(note.map(String::from));
                self.keeper.opened_link(&self.session, kept);
            }
            (link, lesson) => {
                if let Some(Err(e)) = link {
                    notes.push(format!("The link could not be read ({e}); it was left unused."));
                }
                // The full page opens a lesson link as the lesson; an iframe's
                // snippet names its lesson every time, and a session it kept
                // (under its `persist` name) continues over it.
                let continues = matches!(self.host, Host::Frame { .. });
                if let Some(id) = &lesson {
                    notes.extend(self.load_lesson(id).err());
                }
                if lesson.is_none() || continues {
                    notes.extend(self.restore_kept(kept).err());
                }
            }
        }
        self.notice = (!notes.is_empty()).then(|| join(&notes, " "));
        self.settle();
    }

    /// The session kept under an element's `persist` name, read before its
    /// attributes are applied: applying `lesson` or `dataset` keeps their
    /// fresh session, over the one the reader left.
    pub fn kept(&self) -> Option<String> {
        share::stored(&self.host)
    }

    /// An element's session kept under its `persist` name (`kept`, read
    /// first) continues where the reader left it, over its attributes'
    /// starting point.
    pub fn resume(&mut self, kept: Option<String>) -> Result<(), String> {
        let result = self.restore_kept(kept);
        self.settle();
        result
    }

    /// Replaces the session with a kept one (if any); a kept session that
    /// cannot be read is forgotten and named.
    fn restore_kept(&mut self, kept: Option<String>) -> Result<(), String> {
        let Some(text) = kept else { return Ok(()) };
        match share::read_stored(&text) {
            Ok((session, note)) => {
                self.replace_session(session);
                note.map_or(Ok(()), |n| Err(n.to_string()))
            }
            Err(e) => {
                share::forget_stored(&self.host);
                Err(format!(
                    "The saved session could not be restored ({e}); starting fresh."
                ))
            }
        }
    }

    /// After start-up: the plain address stands for a lesson's start, or
    /// else the defaults; the session is kept from the start.
    fn settle(&mut self) {
        if self.session.settings().lesson.is_none() {
            if let Ok(defaults) = Session::new(Settings::default()) {
                self.keeper.mark_baseline(&defaults);
            }
        }
        self.keeper.keep(&self.host, &self.session);
    }
}

/// Applies a settings patch to `settings`.
fn apply_patch(patch: &Patch, settings: &mut Settings) -> Result<(), String> {
    match patch {
        Patch::Config(partial) => merge_config(partial, settings),
        Patch::Control(id, value) => control_table::write(id, value, settings),
        Patch::Feature(feature, on) => {
            settings.features.retain(|f| f != feature);
            if *on {
                settings.features.push(*feature);
                // In the order of Feature::ALL, stably (an insertion sort:
                // a handful of features, and no sort code in the page).
                let rank = |f: &backprop::Feature| backprop::Feature::ALL.iter().position(|g| g == f);
                let features = &mut settings.features;
                for i in 1..features.len() {
                    let mut j = i;
                    while j > 0 && rank(&features[j - 1]) > rank(&features[j]) {
                        features.swap(j - 1, j);
                        j -= 1;
                    }
                }
            }
            if settings.features.is_empty() {
                settings.features.push(*feature);
            }
            Ok(())
        }
        Patch::Units { layer, delta } => {
            if let Some(n) = settings.hidden.get_mut(*layer) {
                *n = (*n as i64 + delta).clamp(1, MAX_HIDDEN_UNITS as i64) as usize;
            }
            Ok(())
        }
        Patch::LayerActivation { layer, activation } => {
            let current: Vec<_> = (0..settings.hidden.len())
                .map(|l| settings.layer_activation(l))
                .collect();
            settings.hidden_activations = current;
            if let Some(slot) = settings.hidden_activations.get_mut(*layer) {
                *slot = *activation;
            }
            Ok(())
        }
    }
}

/// A partial config object's keys replace the current ones, as
/// `setConfig({...})` does: unknown keys or bad values are errors.
fn merge_config(partial: &Value, settings: &mut Settings) -> Result<(), String> {
    if !matches!(partial, Value::Object(_)) {
        return Err("setConfig needs an object such as { learningRate: 0.1 }".into());
    }
    let mut tree = settings.tree();
    tree.merge(partial.clone());
    *settings = Settings::read(tree).map_err(|e| format!("invalid config: {e}"))?;
    Ok(())
}
