//! Pointer and keyboard input: clicks on the data canvas add or erase
//! points, the diagram shows and edits values, the loss chart reads out,
//! and the shortcuts (`keys.rs`) work while the focus is in this
//! playground. Each becomes an action; hovering only reads.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventTarget, HtmlElement, HtmlInputElement, KeyboardEvent, MouseEvent};

use super::action::{Action, Selection};
use super::app::Handle;
use super::dom::Root;
use super::keys::{shortcut, Focus};
use super::listeners::{listen, Listener};
use super::network_view::Target;

/// A press at least this long erases instead of adding (touch has no Alt key).
const LONG_PRESS_MS: f64 = 500.0;

/// Connects every pointer handler, and the shortcuts on `keys` (the whole
/// document for the full page, its own element for an embedded playground,
/// so that two on one page do not both react and the host page's keys are
/// its own).
pub fn bind(root: &Root, app: &Handle, keys: &EventTarget) -> Result<Vec<Listener>, JsValue> {
    let mut listeners = Vec::new();
    let data: HtmlElement = root.by_id("data-canvas")?;
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

    let diagram: HtmlElement = root.by_id("network-canvas")?;
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
    let a = app.clone();
    listeners.push(listen(&diagram, "click", move |e| {
        let Some(e) = e.dyn_ref::<MouseEvent>() else { return };
        let hit = a.with(|a| {
            a.hover_diagram(None);
            a.diagram_hit(f64::from(e.offset_x()), f64::from(e.offset_y()))
        });
        let at = match hit.flatten() {
            Some(Target::Unit { layer, unit }) => Some(Selection {
                layer,
                unit,
                from: None,
            }),
            Some(Target::Link { layer, to, from }) => Some(Selection {
                layer,
                unit: to,
                from: Some(from),
            }),
            _ => None,
        };
        a.dispatch(Action::Select(at));
    })?);
    let editor: HtmlInputElement = root.by_id("weight-editor")?;
    let a = app.clone();
    listeners.push(listen(&editor.clone(), "keydown", move |e| {
        match e.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key).as_deref() {
            Some("Enter") => a.dispatch(Action::CommitEdit(editor.value())),
            Some("Escape") => a.dispatch(Action::CancelEdit),
            _ => {}
        }
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
    // still steps; one reached with the keyboard keeps its arrows.
    let pressed = Rc::new(Cell::new(false));
    let by_pointer = Rc::new(Cell::new(false));
    for (event, down) in [("pointerdown", true), ("pointerup", false), ("pointercancel", false)] {
        let pressed = pressed.clone();
        listeners.push(listen(keys, event, move |_| pressed.set(down))?);
    }
    let focused = by_pointer.clone();
    listeners.push(listen(keys, "focusin", move |_| focused.set(pressed.get()))?);
    let a = app.clone();
    listeners.push(listen(keys, "keydown", move |e| {
        let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        // The element the key went to is the first of the composed path:
        // inside a shadow root `target()` is the host element itself.
        let focused = e.composed_path().get(0).dyn_into::<HtmlElement>().ok();
        if let Some(action) = shortcut(&e.key(), focus(focused.as_ref(), by_pointer.get())) {
            e.prevent_default();
            a.dispatch(action);
        }
    })?);
    Ok(listeners)
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
        _ => Focus::Free,
    }
}
