//! The form controls: each one changes the settings through the app; and
//! when the settings change by any other way (a script's `setConfig`), the
//! controls are brought back in line with them.

use std::cell::RefCell;
use std::rc::Rc;

use backprop::{Activation, BatchSize, DatasetKind, Feature, Loss, OptimizerKind, Regularization, Task};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::app::{App, Tool};
use super::dom::{self, fill_options, fill_select, listen, set_text, Root};
use super::network_view::feature_label;
use crate::model::lessons;
use crate::model::settings::{Settings, MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS, SPEEDS};

type Shared = Rc<RefCell<App>>;

/// Learning rates offered as presets of the rate box (log-spaced); any other can be typed.
pub const LEARNING_RATES: [f64; 12] = [
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 50.0,
];
/// Batch sizes offered (`0` stands for "all").
const BATCH_SIZES: [usize; 8] = [1, 5, 10, 25, 50, 100, 250, 0];

/// The stable name serde gives an enum value ("leaky_relu", "or_gate", …).
pub fn serde_name<T: Serialize>(value: &T) -> String {
    serde_wasm_bindgen::to_value(value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn from_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_wasm_bindgen::from_value(JsValue::from_str(name)).ok()
}

fn options<T: Serialize + Copy>(items: &[(T, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, label)| (serde_name(v), label.to_string()))
        .collect()
}

const DATASETS: [(DatasetKind, &str); 11] = [
    (DatasetKind::Circle, "Circle"),
    (DatasetKind::Xor, "XOR"),
    (DatasetKind::Gaussians, "Two blobs"),
    (DatasetKind::Spiral, "Spiral"),
    (DatasetKind::Moons, "Moons"),
    (DatasetKind::Plane, "Plane (regression)"),
    (DatasetKind::Gaussian, "Bumps (regression)"),
    (DatasetKind::OrGate, "OR gate (tutorial)"),
    (DatasetKind::Gender, "Four people (tutorial)"),
    (DatasetKind::WeightHeight, "Weight → height line (tutorial)"),
    (DatasetKind::Dosage, "Dosage bell curve (tutorial)"),
];
/// The activations a hidden layer may use, named and labelled by the engine.
fn activation_options() -> Vec<(String, String)> {
    Activation::ALL
        .iter()
        .map(|a| a.facts())
        .filter(|f| f.hidden)
        .map(|f| (f.name.to_string(), f.label.to_string()))
        .collect()
}

/// The losses the menu offers (softmax cross-entropy is chosen by the
/// number of classes, not by hand).
fn loss_options() -> Vec<(String, String)> {
    Loss::ALL
        .iter()
        .filter(|l| l.required_output() != Some(Activation::Softmax))
        .map(|l| (l.name().to_string(), l.label().to_string()))
        .collect()
}
const OPTIMIZERS: [(OptimizerKind, &str); 3] = [
    (OptimizerKind::Sgd, "SGD"),
    (OptimizerKind::Momentum, "Momentum"),
    (OptimizerKind::Adam, "Adam"),
];

fn select(root: &Root, id: &str) -> Result<HtmlSelectElement, JsValue> {
    root.by_id(id)
}

fn input(root: &Root, id: &str) -> Result<HtmlInputElement, JsValue> {
    root.by_id(id)
}

/// Calls `action` with the app and the control's current value on `change`.
fn on_change(app: &Shared, id: &str, action: impl Fn(&mut App, String) + 'static) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let element: HtmlElement = root.by_id(id)?;
    let app = app.clone();
    listen::<Event>(&element, "change", move |e| {
        let value = e
            .target()
            .and_then(|t| {
                t.dyn_ref::<HtmlInputElement>()
                    .map(|i| {
                        if i.type_() == "checkbox" {
                            i.checked().to_string()
                        } else {
                            i.value()
                        }
                    })
                    .or_else(|| t.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value))
            })
            .unwrap_or_default();
        if let Ok(mut app) = app.try_borrow_mut() {
            action(&mut app, value);
        }
    })
}

/// Calls `action` with the app on a button's `click`.
pub fn on_click(app: &Shared, id: &str, action: impl Fn(&mut App) + 'static) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let element: HtmlElement = root.by_id(id)?;
    let app = app.clone();
    listen::<Event>(&element, "click", move |_| {
        if let Ok(mut app) = app.try_borrow_mut() {
            action(&mut app);
        }
    })
}

fn parse_number(text: &str, what: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("{what}: \"{text}\" is not a number"))
}

/// Fills the menus and connects every control.
pub fn bind(app: &Shared) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let speeds: Vec<(String, String)> = SPEEDS
        .iter()
        .map(|s| (s.to_string(), format!("{s} epoch/frame")))
        .collect();
    fill_select(&select(&root, "speed")?, &speeds, "1")?;
    let rates: Vec<(String, String)> = LEARNING_RATES.iter().map(|r| (r.to_string(), r.to_string())).collect();
    fill_options(&root.by_id::<web_sys::Element>("learning-rates")?, &rates)?;
    fill_select(&select(&root, "activation")?, &activation_options(), "tanh")?;
    fill_select(&select(&root, "loss")?, &loss_options(), "bce")?;
    fill_select(&select(&root, "optimizer")?, &options(&OPTIMIZERS), "sgd")?;
    let batches: Vec<(String, String)> = BATCH_SIZES
        .iter()
        .map(|&b| {
            if b == 0 {
                ("all".into(), "all (full batch)".into())
            } else {
                (b.to_string(), b.to_string())
            }
        })
        .collect();
    fill_select(&select(&root, "batch-size")?, &batches, "10")?;
    let regs = vec![
        ("none".into(), "None".into()),
        ("l1".into(), "L1".into()),
        ("l2".into(), "L2".into()),
    ];
    fill_select(&select(&root, "regularization")?, &regs, "none")?;
    fill_select(&select(&root, "dataset")?, &options(&DATASETS), "circle")?;

    let mut lesson_options = vec![(String::new(), "Free play".to_string())];
    lesson_options.extend(lessons::all().iter().map(|l| (l.id.to_string(), l.title.to_string())));
    fill_select(&select(&root, "lesson-select")?, &lesson_options, "")?;
    on_change(app, "lesson-select", |a, v| {
        let result = a.load_lesson(&v);
        a.report(result);
    })?;
    on_click(app, "lesson-exit", |a| {
        let result = a.load_lesson("");
        a.report(result);
    })?;
    on_click(app, "play", App::toggle_play)?;
    on_click(app, "phase-next", App::phase_next)?;
    on_click(app, "copy-link", |a| super::share::copy_link(a, a.now_ms))?;
    on_click(app, "restore-session", super::share::restore_offer)?;
    on_click(app, "dismiss-restore", super::share::dismiss_offer)?;
    on_click(app, "start-fresh", |a| {
        let result = a.start_fresh();
        a.report(result);
    })?;
    for (id, what) in [
        ("export-json", "json"),
        ("export-csv", "csv"),
        ("export-points", "points"),
        ("export-data-png", "data-png"),
        ("export-loss-png", "loss-png"),
    ] {
        on_click(app, id, move |a| {
            if let Err(e) = super::share::export(a, what) {
                a.notice = Some(format!("The export failed: {}", e.as_string().unwrap_or_default()));
            }
        })?;
    }
    on_click(app, "neuron-use", |a| {
        a.update(|s| {
            s.hidden.clear();
            s.features = vec![Feature::X1, Feature::X2];
        })
    })?;
    on_click(app, "loss-mse", |a| a.update(|s| s.loss = Loss::Mse))?;
    on_click(app, "loss-ce", |a| a.update(|s| s.loss = Loss::Bce))?;
    for (id, index) in [("neuron-w1", Some(0)), ("neuron-w2", Some(1)), ("neuron-b", None)] {
        let element: HtmlElement = root.by_id(id)?;
        let shared = app.clone();
        listen::<Event>(&element, "input", move |e| {
            let Some(value) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value_as_number())
            else {
                return;
            };
            if let Ok(mut a) = shared.try_borrow_mut() {
                let result = a.session.set_weight(0, 0, index, value);
                a.report(result);
            }
        })?;
    }
    on_click(app, "phase-prev", App::phase_prev)?;
    on_click(app, "step", |a| a.session.train_epochs(1))?;
    on_click(app, "step-batch", |a| a.session.train_batch())?;
    on_click(app, "reset", |a| a.session.reset())?;
    on_click(app, "regenerate", |a| {
        let r = a.session.regenerate();
        a.report(r);
    })?;
    on_click(app, "clear", |a| a.session.clear_points())?;
    on_click(app, "add-layer", |a| {
        a.update(|s| {
            if s.hidden.len() < MAX_HIDDEN_LAYERS {
                s.hidden.push(s.hidden.last().copied().unwrap_or(2));
            }
        })
    })?;
    on_click(app, "remove-layer", |a| {
        a.update(|s| {
            s.hidden.pop();
        })
    })?;

    on_change(app, "speed", |a, v| a.update(|s| s.speed = v.parse().unwrap_or(1)))?;
    on_change(app, "learning-rate", |a, v| match parse_number(&v, "learning rate") {
        Ok(rate) => a.update(|s| s.learning_rate = rate),
        Err(e) => {
            a.report::<()>(Err(e));
        }
    })?;
    on_change(app, "activation", |a, v| {
        if let Some(f) = from_name(&v) {
            // The top menu sets every hidden layer; per-layer menus refine it.
            a.update(|s| {
                s.activation = f;
                s.hidden_activations.clear();
            });
        }
    })?;
    on_change(app, "loss", |a, v| {
        if let Some(l) = from_name(&v) {
            a.update(|s| s.loss = l);
        }
    })?;
    on_change(app, "optimizer", |a, v| {
        if let Some(o) = from_name(&v) {
            a.update(|s| s.optimizer = o);
        }
    })?;
    on_change(app, "batch-size", |a, v| {
        let size = if v == "all" {
            Some(BatchSize::All)
        } else {
            v.parse().ok().map(BatchSize::Samples)
        };
        if let Some(size) = size {
            a.update(|s| s.batch_size = size);
        }
    })?;
    on_change(app, "regularization", |a, v| {
        a.update(|s| {
            let rate = match s.regularization {
                Regularization::L1 { rate } | Regularization::L2 { rate } => rate,
                Regularization::None => 0.001,
            };
            s.regularization = match v.as_str() {
                "l1" => Regularization::L1 { rate },
                "l2" => Regularization::L2 { rate },
                _ => Regularization::None,
            };
        })
    })?;
    on_change(app, "regularization-rate", |a, v| {
        match parse_number(&v, "regularization rate") {
            Ok(rate) => a.update(|s| {
                s.regularization = match s.regularization {
                    Regularization::L1 { .. } => Regularization::L1 { rate },
                    Regularization::L2 { .. } | Regularization::None => Regularization::L2 { rate },
                }
            }),
            Err(e) => {
                a.report::<()>(Err(e));
            }
        }
    })?;
    on_change(app, "seed", |a, v| match v.trim().parse::<u32>() {
        Ok(seed) => a.update(|s| s.seed = seed),
        Err(_) => {
            a.report::<()>(Err(format!(
                "the seed is a whole number from 0 to 4294967295, got \"{v}\""
            )));
        }
    })?;
    on_change(app, "dataset", |a, v| {
        if let Some(kind) = from_name::<DatasetKind>(&v) {
            a.update(|s| s.choose_dataset(kind));
        }
    })?;
    on_change(app, "noise", |a, v| a.update(|s| s.noise = v.parse().unwrap_or(0.0)))?;
    on_change(app, "test-fraction", |a, v| {
        a.update(|s| s.test_fraction = v.parse().unwrap_or(0.0))
    })?;
    on_change(app, "thumbnails", |a, v| a.update(|s| s.thumbnails = v == "true"))?;
    on_change(app, "show-test", |a, v| a.update(|s| s.show_test = v == "true"))?;
    on_change(app, "discretize", |a, v| a.update(|s| s.discretize = v == "true"))?;
    on_change(app, "log-scale", |a, v| a.update(|s| s.log_scale = v == "true"))?;
    on_change(app, "compare", |a, v| a.update(|s| s.compare = from_name(&v)))?;
    on_change(app, "tool-orange", |a, _| a.tool = Tool::Add(0))?;
    on_change(app, "tool-point", |a, _| a.tool = Tool::Add(0))?;
    on_change(app, "tool-blue", |a, _| a.tool = Tool::Add(1))?;
    on_change(app, "tool-green", |a, _| a.tool = Tool::Add(2))?;
    on_change(app, "tool-purple", |a, _| a.tool = Tool::Add(3))?;
    on_change(app, "classes", |a, v| {
        a.update(|s| s.classes = v.parse().unwrap_or(2));
        if let Tool::Add(k) = a.tool {
            if usize::from(k) >= a.session.settings().classes {
                a.tool = Tool::Add(0);
            }
        }
    })?;
    on_change(app, "tool-erase", |a, _| a.tool = Tool::Erase)?;
    on_change(app, "tool-pick", |a, _| a.tool = Tool::Pick)?;
    bind_generated(app)
}

/// The feature checkboxes and the units' +/− buttons are rebuilt when the
/// network changes; one listener on each container serves them all.
fn bind_generated(app: &Shared) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let features: HtmlElement = root.by_id("features")?;
    let shared = app.clone();
    listen::<Event>(&features, "change", move |e| {
        let Some(checkbox) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        let name = checkbox.id().trim_start_matches("feature-").to_string();
        let Some(feature) = Feature::ALL.into_iter().find(|f| f.name() == name) else {
            return;
        };
        let checked = checkbox.checked();
        if let Ok(mut a) = shared.try_borrow_mut() {
            a.update(|s| {
                s.features.retain(|&f| f != feature);
                if checked {
                    s.features.push(feature);
                    s.features.sort_by_key(|f| Feature::ALL.iter().position(|g| g == f));
                }
                if s.features.is_empty() {
                    s.features.push(feature);
                }
            });
        }
    })?;
    let units: HtmlElement = root.by_id("unit-buttons")?;
    let shared = app.clone();
    listen::<Event>(&units, "change", move |e| {
        let Some(menu) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) else {
            return;
        };
        let Some(layer) = menu
            .get_attribute("data-layer-activation")
            .and_then(|v| v.parse::<usize>().ok())
        else {
            return;
        };
        let Some(f) = from_name::<Activation>(&menu.value()) else {
            return;
        };
        if let Ok(mut a) = shared.try_borrow_mut() {
            a.update(|s| {
                let current: Vec<Activation> = (0..s.hidden.len()).map(|l| s.layer_activation(l)).collect();
                s.hidden_activations = current;
                if let Some(slot) = s.hidden_activations.get_mut(layer) {
                    *slot = f;
                }
            });
        }
    })?;
    let shared = app.clone();
    listen::<Event>(&units, "click", move |e| {
        let Some(button) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        let layer = button.get_attribute("data-layer").and_then(|v| v.parse::<usize>().ok());
        let delta = button.get_attribute("data-delta").and_then(|v| v.parse::<i64>().ok());
        let (Some(layer), Some(delta)) = (layer, delta) else {
            return;
        };
        if let Ok(mut a) = shared.try_borrow_mut() {
            a.update(|s| {
                if let Some(n) = s.hidden.get_mut(layer) {
                    *n = (*n as i64 + delta).clamp(1, MAX_HIDDEN_UNITS as i64) as usize;
                }
            });
        }
    })?;
    Ok(())
}

/// Brings every control in line with the settings (after any change).
pub fn sync(app: &Shared) -> Result<(), JsValue> {
    let (settings, tool, root, embed) = {
        let a = app.borrow();
        if a.controls_synced_to.as_ref() == Some(a.session.settings()) {
            return Ok(());
        }
        (
            a.session.settings().clone(),
            a.tool,
            a.root.clone(),
            a.embed_controls.clone(),
        )
    };
    let s = &settings;
    select(&root, "speed")?.set_value(&s.speed.to_string());
    let rate = s.learning_rate.to_string();
    let rate_input = input(&root, "learning-rate")?;
    if rate_input.value().trim().parse::<f64>().ok() != Some(s.learning_rate) {
        rate_input.set_value(&rate);
    }
    select(&root, "activation")?.set_value(&serde_name(&s.activation));
    let loss_select = select(&root, "loss")?;
    // With more than two classes the loss is always cross-entropy over the
    // softmax: show "Cross-entropy" and fix the choice.
    let shown = if s.multiclass() { Loss::Bce } else { s.effective_loss() };
    loss_select.set_value(&serde_name(&shown));
    loss_select.set_disabled(s.multiclass());
    // Cross-entropy needs class labels: offer it for classification only.
    if let Some(option) = loss_select.options().get_with_index(0) {
        let option: web_sys::HtmlOptionElement = option.dyn_into()?;
        option.set_disabled(s.task() == Task::Regression);
    }
    select(&root, "optimizer")?.set_value(&serde_name(&s.optimizer));
    select(&root, "batch-size")?.set_value(&match s.batch_size {
        BatchSize::All => "all".to_string(),
        BatchSize::Samples(k) => k.to_string(),
    });
    let (reg, reg_rate) = match s.regularization {
        Regularization::None => ("none", None),
        Regularization::L1 { rate } => ("l1", Some(rate)),
        Regularization::L2 { rate } => ("l2", Some(rate)),
    };
    select(&root, "regularization")?.set_value(reg);
    let rate_box = input(&root, "regularization-rate")?;
    rate_box.set_disabled(reg_rate.is_none());
    rate_box.set_value(&reg_rate.map(|r| r.to_string()).unwrap_or_default());
    input(&root, "seed")?.set_value(&s.seed.to_string());
    select(&root, "dataset")?.set_value(&serde_name(&s.dataset));
    input(&root, "noise")?.set_value(&s.noise.to_string());
    set_text(
        &root.by_id::<web_sys::Element>("noise-value")?,
        &format!("{} %", crate::model::number::show(100.0 * s.noise)),
    );
    input(&root, "test-fraction")?.set_value(&s.test_fraction.to_string());
    set_text(
        &root.by_id::<web_sys::Element>("test-fraction-value")?,
        &format!("{} %", crate::model::number::show(100.0 * s.test_fraction)),
    );
    input(&root, "thumbnails")?.set_checked(s.thumbnails);
    input(&root, "show-test")?.set_checked(s.show_test);
    input(&root, "discretize")?.set_checked(s.discretize);
    input(&root, "log-scale")?.set_checked(s.log_scale);
    select(&root, "compare")?.set_value(&s.compare.map(|k| serde_name(&k)).unwrap_or_default());
    let classification = s.task() == Task::Classification;
    input(&root, "tool-orange")?.set_checked(tool == Tool::Add(0) && classification);
    input(&root, "tool-point")?.set_checked(matches!(tool, Tool::Add(_)) && !classification);
    input(&root, "tool-blue")?.set_checked(tool == Tool::Add(1));
    input(&root, "tool-erase")?.set_checked(tool == Tool::Erase);
    input(&root, "tool-green")?.set_checked(tool == Tool::Add(2));
    input(&root, "tool-purple")?.set_checked(tool == Tool::Add(3));
    select(&root, "classes")?.set_value(&s.classes.to_string());
    input(&root, "tool-pick")?.set_checked(tool == Tool::Pick);
    for id in ["tool-orange", "tool-blue"] {
        input(&root, id)?.set_disabled(!classification);
    }
    set_text(
        &root.by_id::<web_sys::Element>("layer-count")?,
        &format!(
            "{} hidden layer{}",
            s.hidden.len(),
            if s.hidden.len() == 1 { "" } else { "s" }
        ),
    );
    select(&root, "lesson-select")?.set_value(s.lesson.as_deref().unwrap_or(""));
    show_lesson_controls(&root, s, embed.as_deref())?;
    let previous = app.borrow().controls_synced_to.clone();
    let shape_changed = previous.as_ref().is_none_or(|p| {
        p.features != s.features
            || p.hidden != s.hidden
            || p.dataset.dimensions() != s.dataset.dimensions()
            || p.hidden_activations != s.hidden_activations
            || p.activation != s.activation
    });
    if shape_changed {
        rebuild_features(&root, s)?;
        rebuild_unit_buttons(&root, s)?;
    }
    let mut a = app.borrow_mut();
    a.controls_synced_to = Some(settings);
    // New settings (or a new session): the saved state is written anew.
    a.remembered_for = None;
    a.network_view.invalidate();
    Ok(())
}

/// In a lesson only its controls (and the point tools) are shown; in free
/// play, all of them; embedded with a `controls` list, exactly those.
fn show_lesson_controls(root: &Root, s: &Settings, embed: Option<&[String]>) -> Result<(), JsValue> {
    let lesson = s.lesson.as_deref().and_then(lessons::find);
    let elements = root.query_all("[data-control]")?;
    for i in 0..elements.length() {
        let Some(element) = elements.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let name = element.get_attribute("data-control").unwrap_or_default();
        let shown = match (&lesson, name.as_str()) {
            // Classes for classification; for values, one tool that adds the
            // (x, y) clicked.
            (_, "class-tools") => s.task() == Task::Classification,
            (_, "point-tool") => s.task() == Task::Regression,
            // An embed's `controls` attribute decides alone.
            (_, name) if embed.is_some() => {
                embed.is_some_and(|list| list.iter().any(|c| c == name)) || (name == "classes-3" && s.multiclass())
            }
            // The third and fourth classes' tools appear with the classes.
            (_, "classes-3") => s.multiclass(),
            (_, "classes-4") => s.multiclass() && s.classes >= 4,
            (Some(lesson), name) => matches!(name, "tools" | "phases" | "lesson") || lesson.controls.contains(&name),
            (None, _) => true,
        };
        dom::set_hidden(&element, !shown);
    }
    // The data panel holds only controls: with none of them shown (an embed
    // naming none) it would be an empty box with a heading.
    let empty = root.query_all(".data [data-control]:not([hidden])")?.length() == 0;
    if let Some(panel) = root
        .query_all(".data.panel")?
        .get(0)
        .and_then(|n| n.dyn_into::<HtmlElement>().ok())
    {
        dom::set_hidden(&panel, empty);
    }
    Ok(())
}

/// One checkbox per feature; those that need x₂ are disabled for 1-D data.
fn rebuild_features(root: &Root, s: &Settings) -> Result<(), JsValue> {
    let container: HtmlElement = root.by_id("features")?;
    container.set_text_content(None);
    let document = dom::document()?;
    let one_d = s.dataset.dimensions() == 1;
    for feature in Feature::ALL {
        let label = document.create_element("label")?;
        let checkbox: HtmlInputElement = document.create_element("input")?.dyn_into()?;
        checkbox.set_type("checkbox");
        checkbox.set_id(&format!("feature-{}", feature.name()));
        checkbox.set_checked(s.effective_features().contains(&feature));
        checkbox.set_disabled(one_d && feature.uses_x2());
        label.append_child(&checkbox)?;
        label.append_child(&document.create_text_node(&format!(" {}", feature_label(feature))))?;
        container.append_child(&label)?;
    }
    Ok(())
}

/// +/− buttons for the units of each hidden layer.
fn rebuild_unit_buttons(root: &Root, s: &Settings) -> Result<(), JsValue> {
    let container: HtmlElement = root.by_id("unit-buttons")?;
    container.set_text_content(None);
    let document = dom::document()?;
    for (l, &units) in s.hidden.iter().enumerate() {
        let group = document.create_element("span")?;
        group.set_class_name("layer-units");
        for (sign, delta) in [("−", -1i64), ("+", 1)] {
            let button: HtmlElement = document.create_element("button")?.dyn_into()?;
            button.set_attribute("type", "button")?;
            let verb = if delta < 0 {
                "Remove a unit from"
            } else {
                "Add a unit to"
            };
            button.set_attribute("aria-label", &format!("{verb} hidden layer {}", l + 1))?;
            button.set_text_content(Some(sign));
            button.set_attribute("data-layer", &l.to_string())?;
            button.set_attribute("data-delta", &delta.to_string())?;
            if delta < 0 {
                group.append_child(&button)?;
                group.append_child(&document.create_text_node(&format!(" layer {}: {units} ", l + 1)))?;
            } else {
                group.append_child(&button)?;
            }
        }
        let menu: HtmlSelectElement = document.create_element("select")?.dyn_into()?;
        menu.set_attribute("data-layer-activation", &l.to_string())?;
        menu.set_attribute("aria-label", &format!("Activation of hidden layer {}", l + 1))?;
        fill_select(&menu, &activation_options(), s.layer_activation(l).name())?;
        group.append_child(&menu)?;
        container.append_child(&group)?;
    }
    Ok(())
}
