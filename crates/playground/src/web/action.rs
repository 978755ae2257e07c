//! Every input the playground accepts, as one value. Buttons and menus (via
//! the control table), keys, `window.playground` / `element.playground`, an
//! element's attributes, lessons and imported files all become an `Action`;
//! `App::dispatch` is the only code that applies one. What an action does
//! to the page afterwards — the message line, keeping the session, which
//! views redraw — is decided once, after it is applied (see [`Action::keeps`]).

use backprop::strict::Value;
use backprop::{Activation, Feature, Params};

/// Something the learner (or a script, or the host page) asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Start training, one frame at a time.
    Play,
    /// Stop training.
    Pause,
    /// Play if paused, pause if playing (the Play button, Space).
    TogglePlay,
    /// Train exactly one epoch (the Step button, →).
    Step,
    /// Train on the next batch only.
    StepBatch,
    /// Back to the seed's (or the lesson's) starting weights; the data stays.
    Reset,
    /// Change the settings: applied whole, or refused with a message and
    /// nothing changed.
    SetConfig(Patch),
    /// Add a point of class `label` at data coordinates (x, y).
    AddPoint { x: f64, y: f64, label: f64 },
    /// A click on the data canvas at (x, y): adds, erases or picks as the
    /// current tool says. `other_class` (Shift) adds the next class; `erase`
    /// (Alt, a long press) erases whatever the tool.
    ClickData {
        x: f64,
        y: f64,
        other_class: bool,
        erase: bool,
    },
    /// Remove every point.
    ClearPoints,
    /// Generate the data set's points anew.
    Regenerate,
    /// Choose what a click on the data canvas does.
    SetTool(Tool),
    /// Select a bias (`from: None`) or a weight: the inspector explains why
    /// it changes. `None` clears the selection (and closes the inspector).
    Select(Option<Selection>),
    /// Open the number editor on the selected weight or bias: editing is its
    /// own gesture (the inspector's Edit button, or a double-click), so a
    /// click only asks "why?".
    OpenEditor,
    /// Set one weight or bias to a value.
    EditWeight { at: Selection, value: f64 },
    /// Apply the number editor's text to the selected weight or bias.
    CommitEdit(String),
    /// Close the number editor without a change.
    CancelEdit,
    /// A canvas got (`true`) or lost the keyboard's focus: its cursor shows
    /// while it has it (not when a pointer gave it the focus).
    ShowCursor(Canvas, bool),
    /// Arrow keys on a focused canvas: its cursor moves (`dx` right, `dy`
    /// up): on the data, by steps of 1/20 of the domain; in the diagram, to
    /// the next item along (dx) or across (dy) the network.
    MoveCursor { on: Canvas, dx: i32, dy: i32 },
    /// Enter or Space on a focused canvas: on the data, what a click at the
    /// cursor does (`other_class`: Shift), or with `erase` (Delete) removes
    /// the point nearest it; in the diagram, selects the item in focus.
    PressCursor { on: Canvas, other_class: bool, erase: bool },
    /// Replace every weight and bias.
    SetParams(Params),
    /// Open a lesson by its id, or free play for `""`.
    LoadLesson(String),
    /// A file's text: a saved state (JSON) or points (a name ending `.csv`).
    Import { name: String, text: String },
    /// Forget this host's kept session and start from the defaults.
    StartFresh,
    /// "Restore your previous session": the kept session replaces the link's.
    RestoreOffer,
    /// "Keep this one": the link's session becomes the kept one.
    DismissOffer,
    /// Copy a link to this session.
    CopyLink,
    /// Offer a file for download.
    Export(Export),
    /// Walk one batch forward through its phases (forward, loss, backward,
    /// update; the update is applied when stepped past).
    PhaseNext,
    /// Back one phase (nothing is applied before the update).
    PhasePrev,
    /// The computational-graph panel: read its formula and values anew.
    GraphRebuild,
    /// The computational-graph panel: move its step by `.0` (clamped).
    GraphStep(i64),
    /// Say this on the message line (what the host found wrong, such as an
    /// element's bad attributes).
    Tell(String),
}

/// A change to the settings. Every source of settings goes through one of
/// these and the same checks: `setConfig` and an element's attributes
/// (`Config`), a control (`Control`, by its row of the control table), the
/// controls built from the network's shape (the rest).
#[derive(Debug, Clone, PartialEq)]
pub enum Patch {
    /// Keys of `state().config` that replace the current ones (unknown keys
    /// and bad values are errors).
    Config(Value),
    /// The control with this id now holds this value (its text, or
    /// `"true"`/`"false"` for a checkbox); its table row writes it.
    Control(&'static str, String),
    /// A feature's checkbox: the network's input `feature` on or off (the
    /// last one stays on).
    Feature(Feature, bool),
    /// A hidden layer's −/+ buttons: `delta` units more (within 1 to the maximum).
    Units { layer: usize, delta: i64 },
    /// A hidden layer's own activation menu.
    LayerActivation { layer: usize, activation: Activation },
}

/// A canvas that takes keys of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canvas {
    Data,
    Diagram,
}

/// What a click on the data canvas does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Add a point of class 0 (orange), 1 (blue), 2 (green) or 3 (purple).
    Add(u8),
    /// Remove the nearest point.
    Erase,
    /// Choose the nearest point as the inspector's example.
    Pick,
}

/// A weight (`from: Some(i)`, from unit i of the layer below) or a bias
/// (`from: None`) of unit `unit` of layer `layer` (0 = the first layer after
/// the inputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub layer: usize,
    pub unit: usize,
    pub from: Option<usize>,
}

/// The files the page offers for download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The whole state, to continue the run elsewhere (JSON).
    State,
    /// The loss history (CSV).
    LossHistory,
    /// The points, `x,y,label,split` (CSV).
    Points,
    /// The data view (PNG).
    DataPicture,
    /// The loss curve (PNG).
    LossPicture,
}

impl Action {
    /// Whether the action may change what is kept between visits and put in
    /// a link (settings, points, a lesson, a whole session). Training does
    /// not: a link holds where a run starts, not how far it got.
    pub fn keeps(&self) -> bool {
        matches!(
            self,
            Action::SetConfig(_)
                | Action::AddPoint { .. }
                | Action::ClickData { .. }
                | Action::ClearPoints
                | Action::Regenerate
                | Action::LoadLesson(_)
                | Action::Import { .. }
                | Action::StartFresh
                | Action::RestoreOffer
                | Action::DismissOffer
        )
    }
}
