//! Input: every control of the table (`control_table.rs`) does its action;
//! clicks on the data canvas add or erase points, the diagram shows and
//! edits values, the loss chart reads out, and the shortcuts (`keys.rs`)
//! work while the focus is in this playground. Each becomes an action;
//! hovering only reads.

use std::cell::Cell;
use std::rc::Rc;

use backprop::Feature;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, MouseEvent};

use super::action::{Action, Canvas, Patch, Selection};
use super::app::Handle;
use super::control_table::{Control, Kind, CONTROLS};
use super::dom::Root;
use super::keys::{shortcut, Focus};
use super::listeners::{listen, Listener};
use super::network_view::Target;

/// A press at least this long erases instead of adding (touch has no Alt key).
const LONG_PRESS_MS: f64 = 500.0;

/// Largest file read: a saved state or 10 000 points of CSV is well under 1 MB.
const MAX_IMPORT_BYTES: f64 = 5e6;

/// Connects every control and pointer handler, and the shortcuts on `keys`
/// (the whole document for the full page, its own element for an embedded
/// playground, so that two on one page do not both react and the host
/// page's keys are its own).
pub fn bind(root: &Root, app: &Handle, keys: &EventTarget) -> Result<Vec<Listener>, JsValue> {
    let mut listeners = Vec::new();
    bind_controls(root, app, &mut listeners)?;
    let data: HtmlElement = root.by_id("data-canvas")?;
    let diagram: HtmlElement = root.by_id("network-canvas")?;
    let pressed_at = Rc::new(Cell::new(None::<f64>));
    let down = pressed_at.clone();
    listeners.push(listen(&data, "pointerdown", move |e| down.set(Some(e.time_stamp())))?);
    let a = app.clone();
    listeners.push(listen(&data, "pointerup", move |e| {
        let (Some(start), Some(e)) = (pressed_at.take(), e.dyn_ref::<MouseEvent>()) else {
            return;
        };
        let long_press = e.time_stamp() - start >= LONG_PRESS_MS;
        let (shift, erase) = (e.shift_key(), e.alt_key() || long_press);
        if let Some((x, y)) = a.with(|a| a.data_point(f64::from(e.offset_x()), f64::from(e.offset_y()))) {
            a.dispatch(Action::ClickData {
                x,
                y,
                other_class: shift,
                erase,
            });
        }
    })?);

    let a = app.clone();
    listeners.push(listen(&diagram, "pointermove", move |e| {
        if let Some(e) = e.dyn_ref::<MouseEvent>() {
            a.with(|a| a.hover_diagram(a.diagram_hit(f64::from(e.offset_x()), f64::from(e.offset_y()))));
        }
    })?);
    let a = app.clone();
    listeners.push(listen(&diagram, "pointerleave", move |_| {
        a.with(|a| a.hover_diagram(None));
    })?);
    // A click selects (the inspector says why it changes); a double-click
    // also opens the number editor on it.
    for (event, edit) in [("click", false), ("dblclick", true)] {
        let a = app.clone();
        listeners.push(listen(&diagram, event, move |e| {
            let Some(e) = e.dyn_ref::<MouseEvent>() else { return };
            let hit = a.with(|a| {
                a.hover_diagram(None);
                a.diagram_hit(f64::from(e.offset_x()), f64::from(e.offset_y()))
            });
            let at = hit.flatten().and_then(Target::selection);
            a.dispatch(Action::Select(at));
            if edit && at.is_some() {
                a.dispatch(Action::OpenEditor);
            }
        })?);
    }
    for (id, action) in [("inspector-edit", Action::OpenEditor), ("inspector-close", Action::Select(None))] {
        let button: HtmlElement = root.by_id(id)?;
        let a = app.clone();
        listeners.push(listen(&button, "click", move |_| a.dispatch(action.clone()))?);
    }
    let editor: HtmlInputElement = root.by_id("weight-editor")?;
    let a = app.clone();
    listeners.push(listen(&editor.clone(), "keydown", move |e| {
        let action = match e.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key).as_deref() {
            Some("Enter") => Action::CommitEdit(editor.value()),
            Some("Escape") => Action::CancelEdit,
            _ => return,
        };
        // Closing the box moves focus to "Edit value"; the key's default
        // action would then press that button and open the box again.
        e.prevent_default();
        a.dispatch(action);
    })?);

    let loss: HtmlElement = root.by_id("loss-canvas")?;
    let a = app.clone();
    listeners.push(listen(&loss, "pointermove", move |e| {
        if let Some(e) = e.dyn_ref::<MouseEvent>() {
            a.with(|a| a.hover_loss(Some(f64::from(e.offset_x()))));
        }
    })?);
    let a = app.clone();
    listeners.push(listen(&loss, "pointerleave", move |_| {
        a.with(|a| a.hover_loss(None));
    })?);

    // How the focus arrived: a button pressed with the pointer keeps the
    // focus without the learner having chosen it (no focus ring), so →
    // still steps; one reached with the keyboard keeps its arrows. As for
    // CSS's :focus-visible, the last input decides: a pointer's press
    // (`pressed`, until a key goes down; a tap gives the focus only after
    // the finger is lifted) or a key's.
    let pressed = Rc::new(Cell::new(false));
    let by_pointer = Rc::new(Cell::new(false));
    let down = pressed.clone();
    listeners.push(listen(keys, "pointerdown", move |_| down.set(true))?);
    // A canvas's cursor shows while it has the focus from the keyboard.
    for (event, has) in [("focusin", true), ("focusout", false)] {
        let (a, pressed, by_pointer) = (app.clone(), pressed.clone(), by_pointer.clone());
        listeners.push(listen(keys, event, move |e| {
            by_pointer.set(pressed.get());
            if let Some(on) = first_in_path(&e).as_ref().and_then(canvas) {
                a.dispatch(Action::ShowCursor(on, has && !pressed.get()));
            }
        })?);
    }
    let a = app.clone();
    listeners.push(listen(keys, "keydown", move |e| {
        pressed.set(false);
        let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        if let Some(action) = shortcut(&e.key(), e.shift_key(), focus(first_in_path(e).as_ref(), by_pointer.get())) {
            e.prevent_default();
            a.dispatch(action);
        }
    })?);
    Ok(listeners)
}

/// Binds every control of the table to `app`: its event becomes its action.
fn bind_controls(root: &Root, app: &Handle, listeners: &mut Vec<Listener>) -> Result<(), JsValue> {
    for control in CONTROLS {
        let element: HtmlElement = root.by_id(control.id)?;
        let button = element.tag_name() == "BUTTON";
        let events: &[&'static str] = match control.kind {
            Kind::Press(_) | Kind::Set(_) if button => &["click"],
            Kind::Weight(_) => &["input"],
            Kind::Layers => &["change", "click"],
            Kind::Echo(_) | Kind::Section => &[],
            _ => &["change"],
        };
        for &event in events {
            let app = app.clone();
            listeners.push(listen(&element, event, move |e| {
                if let Some(action) = action_of(control, &e, &app) {
                    app.dispatch(action);
                }
            })?);
        }
    }
    Ok(())
}

/// The action an event on a control asks for, if any.
fn action_of(control: &'static Control, event: &Event, app: &Handle) -> Option<Action> {
    let target = event.target()?;
    let value = || {
        target
            .dyn_ref::<HtmlInputElement>()
            .map(|i| {
                if i.type_() == "checkbox" {
                    i.checked().to_string()
                } else {
                    i.value()
                }
            })
            .or_else(|| target.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value))
            .unwrap_or_default()
    };
    let set = |patch| Some(Action::SetConfig(patch));
    match &control.kind {
        Kind::Press(act) => Some(act()),
        Kind::Set(_) => set(Patch::Control(control.id, String::new())),
        Kind::Field(_) => set(Patch::Control(control.id, value())),
        Kind::Choose { act, .. } => Some(act(value())),
        Kind::Tool(tool) => Some(Action::SetTool(*tool)),
        Kind::Weight(from) => Some(Action::EditWeight {
            at: Selection {
                layer: 0,
                unit: 0,
                from: *from,
            },
            value: target.dyn_ref::<HtmlInputElement>()?.value_as_number(),
        }),
        Kind::Features => {
            let checkbox = target.dyn_ref::<HtmlInputElement>()?;
            let name = checkbox.id();
            let feature = Feature::ALL
                .into_iter()
                .find(|f| name.strip_prefix("feature-") == Some(f.name()))?;
            set(Patch::Feature(feature, checkbox.checked()))
        }
        Kind::Layers => {
            let element = target.dyn_ref::<HtmlElement>()?;
            let number = |name: &str| element.get_attribute(name).and_then(|v| v.parse::<i64>().ok());
            match (
                number("data-layer"),
                number("data-delta"),
                number("data-layer-activation"),
            ) {
                (Some(layer), Some(delta), _) if event.type_() == "click" => set(Patch::Units {
                    layer: layer as usize,
                    delta,
                }),
                (_, _, Some(layer)) if event.type_() == "change" => set(Patch::LayerActivation {
                    layer: layer as usize,
                    activation: backprop::Activation::ALL
                        .into_iter()
                        .find(|a| a.facts().name == value())?,
                }),
                _ => None,
            }
        }
        Kind::File => {
            import_file(target.dyn_ref::<HtmlInputElement>()?, app);
            None
        }
        Kind::Echo(_) | Kind::Section => None,
    }
}

/// Reads the chosen file and imports it (an action once its text is read).
fn import_file(input: &HtmlInputElement, app: &Handle) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    let name = file.name();
    input.set_value("");
    // Checked before reading: a huge file would be copied whole into the
    // wasm memory, and a failed allocation there aborts the page.
    if file.size() > MAX_IMPORT_BYTES {
        app.dispatch(Action::Tell(format!(
            "{name} is {} MB; files up to {} MB can be imported",
            crate::model::number::show(file.size() / 1e6),
            crate::model::number::show(MAX_IMPORT_BYTES / 1e6)
        )));
        return;
    }
    let app = app.clone();
    let done = Closure::once(move |text: JsValue| {
        let text = text.as_string().unwrap_or_default();
        app.dispatch(Action::Import { name, text });
    });
    let _ = file.text().then(&done);
    done.forget();
}

/// The element an event went to: the first of its composed path (inside a
/// shadow root `target()` is the host element itself).
fn first_in_path(e: &Event) -> Option<HtmlElement> {
    e.composed_path().get(0).dyn_into::<HtmlElement>().ok()
}

/// Which of the canvases with keys of their own `element` is, if one.
fn canvas(element: &HtmlElement) -> Option<Canvas> {
    match element.id().as_str() {
        "data-canvas" => Some(Canvas::Data),
        "network-canvas" => Some(Canvas::Diagram),
        _ => None,
    }
}

/// What kind of control has the focus (see `keys::Focus`); `by_pointer`:
/// it got the focus from a pointer press.
fn focus(element: Option<&HtmlElement>, by_pointer: bool) -> Focus {
    let Some(element) = element else { return Focus::Free };
    if element.is_content_editable() {
        return Focus::Field;
    }
    let kind = element.get_attribute("type").unwrap_or_default();
    match element.tag_name().as_str() {
        "SELECT" | "TEXTAREA" => Focus::Field,
        "INPUT" if matches!(kind.as_str(), "checkbox" | "radio") => Focus::Choice,
        "INPUT" if matches!(kind.as_str(), "button" | "submit" | "reset") => Focus::Button { keyboard: !by_pointer },
        "INPUT" => Focus::Field,
        "BUTTON" | "SUMMARY" | "A" => Focus::Button { keyboard: !by_pointer },
        // A canvas clicked with the pointer leaves the keys to the
        // shortcuts (Space plays, → steps), as a clicked button does.
        "CANVAS" if by_pointer => Focus::Free,
        "CANVAS" => canvas(element).map_or(Focus::Free, Focus::Canvas),
        _ => Focus::Free,
    }
}
