//! Every control of the page, as one table: the element's id in
//! `web/index.html`, its `data-control` name (what a lesson, an element's
//! `controls=` list and the visibility rules name), what kind of control it
//! is, its options, and how it reads from and writes to the [`Settings`].
//! `web/controls.rs` binds, fills, syncs and shows or hides the page's
//! elements from this table alone; a native test checks every row against
//! `index.html`. Adding a control is one row here plus its markup.

use backprop::decimal::Decimal;
use backprop::strict::Value;
use backprop::{Activation, BatchSize, DatasetKind, Loss, OptimizerKind, Regularization, Task};

use super::action::{Action, Export, Tool};
use crate::model::compare;
use crate::model::lessons;
use crate::model::read::Read;
use crate::model::settings::{Settings, SPEEDS};
use crate::model::text::join;

/// One control.
pub struct Control {
    /// Its element's id.
    pub id: &'static str,
    /// The `data-control` name of the element around it (or on it): shown
    /// or hidden together. `""` for the few controls that are part of a
    /// message (the restore offer) rather than of the controls.
    pub name: &'static str,
    pub kind: Kind,
    /// Shown only while this holds too (the third and fourth classes' tools).
    pub when: fn(&Settings) -> bool,
    /// Usable only while this holds (greyed out otherwise).
    pub enabled: fn(&Settings) -> bool,
}

/// What a control does.
pub enum Kind {
    /// A button (a click), or an input whose change asks for something
    /// (`change`): this action.
    Press(fn() -> Action),
    /// A button that edits the settings (as a `Patch::Control`).
    Set(fn(&mut Settings)),
    /// A menu, number box, slider or checkbox showing one setting.
    Field(Field),
    /// A menu whose choice is an action rather than a setting (the lessons).
    Choose {
        options: Options,
        read: fn(&Settings) -> String,
        act: fn(String) -> Action,
    },
    /// A radio button choosing what a click on the data does.
    Tool(Tool),
    /// A slider holding the single neuron's weight from input `Some(i)`, or its bias.
    Weight(Option<usize>),
    /// Text that follows the settings (a slider's value, the layer count).
    Echo(fn(&Settings) -> String),
    /// A file input: the chosen file is imported.
    File,
    /// Built from the network's shape: one checkbox per input feature.
    Features,
    /// Built from the network's shape: each hidden layer's −/+ buttons and activation menu.
    Layers,
    /// A panel shown or hidden as a whole.
    Section,
}

/// A control that shows one setting.
pub struct Field {
    pub options: Options,
    pub access: Access,
    /// Which options are offered for these settings (the others are greyed out).
    pub offers: fn(&Settings, &str) -> bool,
}

/// How a field reads its setting as the element's value, and writes the
/// element's value back (an error names the value).
pub enum Access {
    /// As text, by these two.
    Text {
        read: fn(&Settings) -> String,
        write: fn(&mut Settings, &str) -> Result<(), String>,
    },
    /// A number (`what` names it in a message).
    Number {
        what: &'static str,
        at: fn(&mut Settings) -> &mut f64,
    },
    /// A whole number from 0 to 4 294 967 295.
    Whole {
        what: &'static str,
        at: fn(&mut Settings) -> &mut u32,
    },
    /// On or off, as `"true"`/`"false"` (a checkbox).
    Flag(fn(&mut Settings) -> &mut bool),
}

impl Field {
    /// The setting as the element's value.
    pub fn read(&self, settings: &Settings) -> String {
        match self.access {
            Access::Text { read, .. } => read(settings),
            Access::Number { at, .. } => Decimal(*at(&mut settings.clone())).to_string(),
            Access::Whole { at, .. } => at(&mut settings.clone()).to_string(),
            Access::Flag(at) => at(&mut settings.clone()).to_string(),
        }
    }

    /// The element's value into `settings`.
    pub fn write(&self, settings: &mut Settings, value: &str) -> Result<(), String> {
        match self.access {
            Access::Text { write, .. } => write(settings, value)?,
            Access::Number { what, at } => *at(settings) = number(value, what)?,
            Access::Whole { what, at } => {
                *at(settings) = value.trim().parse().map_err(|_| {
                    format!(
                        "{what}: \"{}\" is not a whole number from 0 to 4294967295",
                        short(value)
                    )
                })?
            }
            Access::Flag(at) => *at(settings) = value == "true",
        }
        Ok(())
    }
}

/// A menu's options, or a box's presets (its `<datalist>`): (value, label).
pub enum Options {
    /// Not a menu (or one filled elsewhere).
    None,
    Fixed(&'static [(&'static str, &'static str)]),
    /// Made from the engine's own lists (activations, losses, lessons, …).
    Made(fn() -> Vec<(String, String)>),
}

impl Options {
    /// The (value, label) pairs.
    pub fn list(&self) -> Vec<(String, String)> {
        match self {
            Options::None => Vec::new(),
            Options::Fixed(items) => items.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect(),
            Options::Made(make) => make(),
        }
    }
}

fn always(_: &Settings) -> bool {
    true
}

fn any_option(_: &Settings, _: &str) -> bool {
    true
}

const fn row(id: &'static str, name: &'static str, kind: Kind) -> Control {
    Control {
        id,
        name,
        kind,
        when: always,
        enabled: always,
    }
}

const fn press(id: &'static str, name: &'static str, act: fn() -> Action) -> Control {
    row(id, name, Kind::Press(act))
}

/// A control that shows one setting, accessed as `access` says.
const fn field(id: &'static str, name: &'static str, options: Options, access: Access) -> Control {
    row(
        id,
        name,
        Kind::Field(Field {
            options,
            access,
            offers: any_option,
        }),
    )
}

/// A checkbox, named as its id.
const fn flag(id: &'static str, at: fn(&mut Settings) -> &mut bool) -> Control {
    field(id, id, Options::None, Access::Flag(at))
}

/// A field read and written as text by `read` and `write`.
const fn text_field(
    id: &'static str,
    name: &'static str,
    options: Options,
    read: fn(&Settings) -> String,
    write: fn(&mut Settings, &str) -> Result<(), String>,
) -> Control {
    field(id, name, options, Access::Text { read, write })
}

impl Control {
    const fn when(self, when: fn(&Settings) -> bool) -> Control {
        Control { when, ..self }
    }

    const fn enabled(self, enabled: fn(&Settings) -> bool) -> Control {
        Control { enabled, ..self }
    }
}

/// Learning rates offered as presets of the rate box (log-spaced); any other can be typed.
pub const LEARNING_RATES: [f64; 12] = [
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 50.0,
];
/// Batch sizes offered (`0` stands for "all").
const BATCH_SIZES: [usize; 8] = [1, 5, 10, 25, 50, 100, 250, 0];

const DATASETS: &[(&str, &str)] = &[
    ("circle", "Circle"),
    ("xor", "XOR"),
    ("gaussians", "Two blobs"),
    ("spiral", "Spiral"),
    ("moons", "Moons"),
    ("plane", "Plane (regression)"),
    ("gaussian", "Bumps (regression)"),
    ("or_gate", "OR gate (tutorial)"),
    ("gender", "Four people (tutorial)"),
    ("weight_height", "Weight → height line (tutorial)"),
    ("dosage", "Dosage bell curve (tutorial)"),
];
const OPTIMIZERS: &[(&str, &str)] = &[("sgd", "SGD"), ("momentum", "Momentum"), ("adam", "Adam")];
const REGULARIZATIONS: &[(&str, &str)] = &[("none", "None"), ("l1", "L1"), ("l2", "L2")];
const CLASSES: &[(&str, &str)] = &[("2", "2 (sigmoid output)"), ("3", "3 (softmax)"), ("4", "4 (softmax)")];
const COMPARISONS: &[(&str, &str)] = &[
    ("", "nothing"),
    ("learning_rate", "learning rate × 0.1 and × 10"),
    ("batch_size", "batch 1 (SGD), 10, all"),
];

/// A closed choice by its stable (serde) name, as `setConfig` reads it.
fn named<T: Read>(name: &str, what: &str) -> Result<T, String> {
    T::read(Value::String(name.to_string()))
        .map_err(|_| format!("{what} \"{}\" is not one of the {what}s", short(name)))
}

/// The name among `options` that stands for `value`.
fn name_of<T: Read + PartialEq>(options: &[(&str, &str)], value: T) -> String {
    options
        .iter()
        .find(|(n, _)| named::<T>(n, "").ok().as_ref() == Some(&value))
        .map_or_else(String::new, |(n, _)| n.to_string())
}

/// A finite number typed in a field. "1e400", "inf" and "NaN" are refused
/// here, in the words typed: the settings' range checks would answer
/// "got inf" or "got NaN". So is "1e-400", which rounds to 0 (a learning
/// rate of 0 would quietly stop training).
pub fn number(text: &str, what: &str) -> Result<f64, String> {
    let v = backprop::decimal::parse(text.trim()).unwrap_or(f64::NAN);
    let mantissa_is_zero = text
        .chars()
        .take_while(|c| !matches!(c, 'e' | 'E'))
        .all(|c| !matches!(c, '1'..='9'));
    if v.is_finite() && (v != 0.0 || mantissa_is_zero) {
        return Ok(v);
    }
    let why = if v.is_nan() { "not a number" } else { "out of range" };
    Err(format!("{what}: \"{}\" is {why}", short(text)))
}

/// At most 40 characters of a value, for messages.
pub fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

fn percent(v: f64) -> String {
    format!("{} %", crate::model::number::show(100.0 * v))
}

fn hidden_activations() -> Vec<(String, String)> {
    Activation::ALL
        .iter()
        .map(|a| a.facts())
        .filter(|f| f.hidden)
        .map(|f| (f.name.to_string(), f.label.to_string()))
        .collect()
}

/// The activations a hidden layer may use (the layer menus share them).
pub fn activation_options() -> Vec<(String, String)> {
    hidden_activations()
}

fn regularization_rate(s: &Settings) -> Option<f64> {
    match s.regularization {
        Regularization::None => None,
        Regularization::L1 { rate } | Regularization::L2 { rate } => Some(rate),
    }
}

fn classification(s: &Settings) -> bool {
    s.task() == Task::Classification
}

/// The table. Order is the page's order; it is also the order controls are
/// bound and synced in.
pub static CONTROLS: &[Control] = &[
    row(
        "lesson-select",
        "lesson",
        Kind::Choose {
            options: Options::Made(|| {
                let mut list = vec![(String::new(), "Free play".to_string())];
                list.extend(lessons::all().iter().map(|l| (l.id.to_string(), l.title.to_string())));
                list
            }),
            read: |s| s.lesson.clone().unwrap_or_default(),
            act: Action::LoadLesson,
        },
    ),
    press("reset", "reset", || Action::Reset),
    press("play", "play", || Action::TogglePlay),
    press("step", "step", || Action::Step),
    press("step-batch", "step-batch", || Action::StepBatch),
    field(
        "speed",
        "speed",
        Options::Made(|| {
            SPEEDS
                .iter()
                .map(|s| (s.to_string(), format!("{s} epoch/frame")))
                .collect()
        }),
        Access::Whole {
            what: "speed",
            at: |s| &mut s.speed,
        },
    ),
    // A box for any value, with the menu's rates as presets (its datalist).
    field(
        "learning-rate",
        "learning-rate",
        Options::Made(|| {
            LEARNING_RATES
                .iter()
                .map(|&r| (Decimal(r).to_string(), Decimal(r).to_string()))
                .collect()
        }),
        Access::Number {
            what: "learning rate",
            at: |s| &mut s.learning_rate,
        },
    ),
    text_field(
        "activation",
        "activation",
        Options::Made(hidden_activations),
        |s| s.activation.facts().name.to_string(),
        |s, v| {
            // The top menu sets every hidden layer; per-layer menus refine it.
            s.activation = named(v, "activation")?;
            s.hidden_activations.clear();
            Ok(())
        },
    ),
    row(
        "loss",
        "loss",
        Kind::Field(Field {
            // Softmax cross-entropy comes with more than two classes, not by hand.
            options: Options::Made(|| {
                Loss::ALL
                    .iter()
                    .filter(|l| l.required_output() != Some(Activation::Softmax))
                    .map(|l| (l.name().to_string(), l.label().to_string()))
                    .collect()
            }),
            // With more than two classes the loss is always cross-entropy
            // over the softmax: the menu shows "Cross-entropy", fixed.
            access: Access::Text {
                read: |s| {
                    if s.multiclass() {
                        Loss::Bce.name().to_string()
                    } else {
                        s.effective_loss().name().to_string()
                    }
                },
                write: |s, v| {
                    s.loss = named(v, "loss")?;
                    Ok(())
                },
            },
            // Cross-entropy needs class labels: offered for classification only.
            offers: |s, v| v != Loss::Bce.name() || classification(s),
        }),
    )
    .enabled(|s| !s.multiclass()),
    text_field(
        "optimizer",
        "optimizer",
        Options::Fixed(OPTIMIZERS),
        |s| name_of::<OptimizerKind>(OPTIMIZERS, s.optimizer),
        |s, v| {
            s.optimizer = named(v, "optimizer")?;
            Ok(())
        },
    ),
    text_field(
        "batch-size",
        "batch-size",
        Options::Made(|| {
            BATCH_SIZES
                .iter()
                .map(|&b| match b {
                    0 => ("all".into(), "all (full batch)".into()),
                    b => (b.to_string(), b.to_string()),
                })
                .collect()
        }),
        |s| match s.batch_size {
            BatchSize::All => "all".to_string(),
            BatchSize::Samples(k) => k.to_string(),
        },
        |s, v| {
            s.batch_size = match v.trim() {
                "all" => BatchSize::All,
                k => BatchSize::Samples(
                    k.parse()
                        .map_err(|_| format!("batch size: \"{}\" is not a whole number or \"all\"", short(v)))?,
                ),
            };
            Ok(())
        },
    ),
    text_field(
        "regularization",
        "regularization",
        Options::Fixed(REGULARIZATIONS),
        |s| {
            match s.regularization {
                Regularization::None => "none",
                Regularization::L1 { .. } => "l1",
                Regularization::L2 { .. } => "l2",
            }
            .to_string()
        },
        |s, v| {
            // A new kind keeps the rate (0.001 when there was none).
            let rate = regularization_rate(s).unwrap_or(0.001);
            s.regularization = match v {
                "none" => Regularization::None,
                "l1" => Regularization::L1 { rate },
                "l2" => Regularization::L2 { rate },
                _ => return Err(format!("regularization \"{}\" is not none, l1 or l2", short(v))),
            };
            Ok(())
        },
    ),
    text_field(
        "regularization-rate",
        "regularization",
        Options::None,
        |s| {
            regularization_rate(s)
                .map(|r| Decimal(r).to_string())
                .unwrap_or_default()
        },
        |s, v| {
            let rate = number(v, "regularization rate")?;
            s.regularization = match s.regularization {
                Regularization::L1 { .. } => Regularization::L1 { rate },
                Regularization::L2 { .. } | Regularization::None => Regularization::L2 { rate },
            };
            Ok(())
        },
    )
    .enabled(|s| regularization_rate(s).is_some()),
    field(
        "seed",
        "seed",
        Options::None,
        Access::Whole {
            what: "seed",
            at: |s| &mut s.seed,
        },
    ),
    press("lesson-exit", "lesson", || Action::LoadLesson(String::new())),
    text_field(
        "dataset",
        "dataset",
        Options::Fixed(DATASETS),
        |s| name_of::<DatasetKind>(DATASETS, s.dataset),
        |s, v| {
            // As the menu does: the set's own point count, noise and a loss for its task.
            s.choose_dataset(
                named(v, "data set").map_err(|_| format!("dataset \"{}\" is not one of the data sets", short(v)))?,
            );
            Ok(())
        },
    ),
    field(
        "noise",
        "noise",
        Options::None,
        Access::Number {
            what: "noise",
            at: |s| &mut s.noise,
        },
    ),
    row("noise-value", "noise", Kind::Echo(|s| percent(s.noise))),
    field(
        "test-fraction",
        "test-fraction",
        Options::None,
        Access::Number {
            what: "test split",
            at: |s| &mut s.test_fraction,
        },
    ),
    row(
        "test-fraction-value",
        "test-fraction",
        Kind::Echo(|s| percent(s.test_fraction)),
    ),
    press("regenerate", "regenerate", || Action::Regenerate),
    text_field(
        "classes",
        "classes",
        Options::Fixed(CLASSES),
        |s| s.classes.to_string(),
        |s, v| {
            s.classes = v
                .trim()
                .parse()
                .map_err(|_| format!("classes: \"{}\" is not 2, 3 or 4", short(v)))?;
            Ok(())
        },
    ),
    // Classes for classification; for values, one tool that adds the (x, y) clicked.
    row("tool-orange", "tools", Kind::Tool(Tool::Add(0))).when(classification),
    row("tool-blue", "tools", Kind::Tool(Tool::Add(1))).when(classification),
    row("tool-point", "tools", Kind::Tool(Tool::Add(0))).when(|s| !classification(s)),
    // The third and fourth classes' tools come with the classes.
    row("tool-green", "tools", Kind::Tool(Tool::Add(2))).when(Settings::multiclass),
    row("tool-purple", "tools", Kind::Tool(Tool::Add(3))).when(|s| s.multiclass() && s.classes >= 4),
    row("tool-erase", "tools", Kind::Tool(Tool::Erase)),
    row("tool-pick", "tools", Kind::Tool(Tool::Pick)),
    press("clear", "clear", || Action::ClearPoints),
    press("copy-link", "share", || Action::CopyLink),
    press("start-fresh", "share", || Action::StartFresh),
    press("export-json", "share", || Action::Export(Export::State)),
    press("export-points", "share", || Action::Export(Export::Points)),
    press("export-csv", "share", || Action::Export(Export::LossHistory)),
    press("export-data-png", "share", || Action::Export(Export::DataPicture)),
    press("export-loss-png", "share", || Action::Export(Export::LossPicture)),
    row("import-file", "share", Kind::File),
    press("restore-session", "", || Action::RestoreOffer),
    press("dismiss-restore", "", || Action::DismissOffer),
    row(
        "neuron-use",
        "neuron",
        Kind::Set(|s| {
            s.hidden.clear();
            s.features = vec![backprop::Feature::X1, backprop::Feature::X2];
        }),
    ),
    row("neuron-w1", "neuron", Kind::Weight(Some(0))),
    row("neuron-w2", "neuron", Kind::Weight(Some(1))),
    row("neuron-b", "neuron", Kind::Weight(None)),
    row("loss-mse", "neuron", Kind::Set(|s| s.loss = Loss::Mse)),
    row("loss-ce", "neuron", Kind::Set(|s| s.loss = Loss::Bce)),
    row("features", "features", Kind::Features),
    row(
        "add-layer",
        "layers",
        Kind::Set(|s| {
            if s.hidden.len() < crate::model::settings::MAX_HIDDEN_LAYERS {
                s.hidden.push(s.hidden.last().copied().unwrap_or(2));
            }
        }),
    ),
    row(
        "remove-layer",
        "layers",
        Kind::Set(|s| {
            s.hidden.pop();
        }),
    ),
    row(
        "layer-count",
        "layers",
        Kind::Echo(|s| {
            let n = s.hidden.len();
            format!("{n} hidden layer{}", if n == 1 { "" } else { "s" })
        }),
    ),
    row("unit-buttons", "layers", Kind::Layers),
    press("phase-prev", "phases", || Action::PhasePrev),
    press("phase-next", "phases", || Action::PhaseNext),
    flag("thumbnails", |s| &mut s.thumbnails),
    flag("show-test", |s| &mut s.show_test),
    flag("discretize", |s| &mut s.discretize),
    flag("log-scale", |s| &mut s.log_scale),
    text_field(
        "compare",
        "compare",
        Options::Fixed(COMPARISONS),
        |s| {
            s.compare
                .map(|k| name_of::<compare::Kind>(COMPARISONS, k))
                .unwrap_or_default()
        },
        |s, v| {
            s.compare = match v {
                "" => None,
                v => Some(named(v, "comparison")?),
            };
            Ok(())
        },
    ),
    row("hidden-mode", "hidden-space", Kind::Section),
    row("landscape-mode", "landscape", Kind::Section),
    press("graph-formula", "graph", || Action::GraphRebuild),
    press("graph-vars", "graph", || Action::GraphRebuild),
    press("graph-start", "graph", || Action::GraphStep(-1_000_000)),
    press("graph-prev", "graph", || Action::GraphStep(-1)),
    press("graph-next", "graph", || Action::GraphStep(1)),
    press("graph-end", "graph", || Action::GraphStep(1_000_000)),
];

/// The row of the control with this element id.
pub fn find(id: &str) -> Option<&'static Control> {
    CONTROLS.iter().find(|c| c.id == id)
}

/// Whether `name` is a control's `data-control` name.
pub fn is_name(name: &str) -> bool {
    !name.is_empty() && CONTROLS.iter().any(|c| c.name == name)
}

/// The names in a list such as `controls="step, reset"`.
pub fn names_in(list: &str) -> Vec<String> {
    let mut names = Vec::new();
    for c in list.split(',').map(str::trim) {
        if !c.is_empty() {
            names.push(c.to_string());
        }
    }
    names
}

/// Names the names of a `controls` list that no control has.
pub fn unknown(names: &[String]) -> Option<String> {
    let mut bad = Vec::new();
    for n in names.iter().filter(|n| !is_name(n)) {
        bad.push(short(n));
    }
    (!bad.is_empty()).then(|| format!("controls: no control named \"{}\"", join(&bad, "\", \"")))
}

/// The controls the lesson that `settings` are in shows (`None` in free
/// play). Looked up once per sync of the controls, not once per control:
/// finding a lesson builds the lessons.
pub fn lesson_controls(settings: &Settings) -> Option<&'static [&'static str]> {
    settings.lesson.as_deref().and_then(lessons::find).map(|l| l.controls)
}

/// Whether the controls named `name` show: an element's `controls=` list
/// (`only`) decides alone; in a lesson (`lesson`: its [`lesson_controls`]),
/// the lesson's own controls and the point tools, the phase buttons and the
/// lesson menu; in free play, all.
pub fn shown(name: &str, lesson: Option<&[&str]>, only: Option<&[String]>) -> bool {
    if let Some(list) = only {
        return list.iter().any(|c| c == name);
    }
    match lesson {
        Some(controls) => matches!(name, "tools" | "phases" | "lesson") || controls.contains(&name),
        None => true,
    }
}

/// Applies a control's new value (`Patch::Control`) to `settings`.
pub fn write(id: &str, value: &str, settings: &mut Settings) -> Result<(), String> {
    match find(id).map(|c| &c.kind) {
        Some(Kind::Field(field)) => field.write(settings, value),
        Some(Kind::Set(edit)) => {
            edit(settings);
            Ok(())
        }
        _ => Err(format!("\"{}\" is not a control that holds a setting", short(id))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_controls_list_is_read_and_its_unknown_names_are_named() {
        assert_eq!(
            names_in(" step, reset,,learning-rate "),
            ["step", "reset", "learning-rate"]
        );
        assert_eq!(unknown(&names_in("step,reset")), None);
        assert_eq!(
            unknown(&names_in("step,junk,<b>")).as_deref(),
            Some("controls: no control named \"junk\", \"<b>\"")
        );
    }

    #[test]
    fn a_lesson_shows_its_own_controls_and_an_embed_list_decides_alone() {
        let lesson = Settings {
            lesson: Some("or-gate".into()),
            ..Settings::default()
        };
        let free = Settings::default();
        let or_gate = lessons::find("or-gate").map(|l| l.controls).unwrap_or_default();
        let (lesson, free) = (lesson_controls(&lesson), lesson_controls(&free));
        assert_eq!(lesson, Some(or_gate));
        assert!(shown("tools", lesson, None) && shown("phases", lesson, None));
        assert_eq!(shown("activation", lesson, None), or_gate.contains(&"activation"));
        assert!(shown("activation", free, None));
        let only = names_in("step");
        assert!(shown("step", free, Some(&only)) && !shown("tools", lesson, Some(&only)));
    }
}
