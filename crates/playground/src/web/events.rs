//! Pointer and keyboard input: clicks on the data canvas add or erase points,
//! the diagram shows and edits values, the loss chart reads out, and Space /
//! → / R / 1 / 2 / E work while the focus is in this playground (anywhere
//! but a text field, menu or slider).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, KeyboardEvent, MouseEvent, PointerEvent};

use super::app::{App, Tool};
use super::dom::listen;

type Shared = Rc<RefCell<App>>;

/// A press at least this long erases instead of adding (touch has no Alt key).
const LONG_PRESS_MS: f64 = 500.0;

/// Connects every pointer and keyboard handler.
pub fn bind(app: &Shared, keys: &web_sys::EventTarget) -> Result<(), JsValue> {
    bind_data_canvas(app)?;
    bind_diagram(app)?;
    bind_loss_chart(app)?;
    bind_keys(app, keys)
}

fn bind_data_canvas(app: &Shared) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let canvas: HtmlElement = root.by_id("data-canvas")?;
    let pressed_at = Rc::new(RefCell::new(None::<f64>));
    let down = pressed_at.clone();
    listen::<PointerEvent>(&canvas, "pointerdown", move |e| {
        *down.borrow_mut() = Some(e.time_stamp());
    })?;
    let app = app.clone();
    listen::<PointerEvent>(&canvas, "pointerup", move |e| {
        let Some(start) = pressed_at.borrow_mut().take() else {
            return;
        };
        let long_press = e.time_stamp() - start >= LONG_PRESS_MS;
        if let Ok(mut a) = app.try_borrow_mut() {
            let domain = a.session.points().domain;
            let (x, y) = a
                .data_view
                .to_data(domain, f64::from(e.offset_x()), f64::from(e.offset_y()));
            a.click_data(x, y, e.shift_key(), e.alt_key() || long_press);
        }
    })?;
    Ok(())
}

fn bind_diagram(app: &Shared) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let canvas: HtmlElement = root.by_id("network-canvas")?;
    let shared = app.clone();
    listen::<PointerEvent>(&canvas, "pointermove", move |e| {
        if let Ok(a) = shared.try_borrow() {
            let target = a.network_view.hit(f64::from(e.offset_x()), f64::from(e.offset_y()));
            a.hover_diagram(target);
        }
    })?;
    let shared = app.clone();
    listen::<PointerEvent>(&canvas, "pointerleave", move |_| {
        if let Ok(a) = shared.try_borrow() {
            a.hover_diagram(None);
        }
    })?;
    let shared = app.clone();
    listen::<MouseEvent>(&canvas, "click", move |e| {
        if let Ok(mut a) = shared.try_borrow_mut() {
            let target = a.network_view.hit(f64::from(e.offset_x()), f64::from(e.offset_y()));
            a.hover_diagram(None);
            a.select(target);
        }
    })?;
    let editor: HtmlElement = root.by_id("weight-editor")?;
    let shared = app.clone();
    listen::<KeyboardEvent>(&editor, "keydown", move |e| {
        let Ok(mut a) = shared.try_borrow_mut() else {
            return;
        };
        match e.key().as_str() {
            "Enter" => a.commit_edit(),
            "Escape" => a.cancel_edit(),
            _ => {}
        }
    })?;
    Ok(())
}

fn bind_loss_chart(app: &Shared) -> Result<(), JsValue> {
    let root = app.borrow().root.clone();
    let canvas: HtmlElement = root.by_id("loss-canvas")?;
    let shared = app.clone();
    listen::<PointerEvent>(&canvas, "pointermove", move |e| {
        if let Ok(a) = shared.try_borrow() {
            a.hover_loss(Some(f64::from(e.offset_x())));
        }
    })?;
    let shared = app.clone();
    listen::<PointerEvent>(&canvas, "pointerleave", move |_| {
        if let Ok(a) = shared.try_borrow() {
            a.hover_loss(None);
        }
    })?;
    Ok(())
}

/// Shortcuts: on the whole document for the full page, on its own element
/// for an embedded playground (so two on one page do not both react).
fn bind_keys(app: &Shared, target: &web_sys::EventTarget) -> Result<(), JsValue> {
    let app = app.clone();
    listen::<KeyboardEvent>(target, "keydown", move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        // Keys typed into a text field or menu belong to it; Space and Enter
        // also press a focused button or tick a checkbox, so leave them to
        // it. The element the key went to is the first of the composed path:
        // inside a shadow root `target()` is the host element itself.
        let target = e.composed_path().get(0).dyn_into::<HtmlElement>().ok();
        let kind = target
            .as_ref()
            .map(|el| (el.tag_name(), el.get_attribute("type").unwrap_or_default()));
        let in_field = target.as_ref().is_some_and(HtmlElement::is_content_editable)
            || kind.as_ref().is_some_and(|(tag, t)| {
                matches!(tag.as_str(), "SELECT" | "TEXTAREA")
                    || (tag == "INPUT" && !matches!(t.as_str(), "checkbox" | "radio" | "button"))
            });
        let space_taken = in_field
            || kind.as_ref().is_some_and(|(tag, t)| {
                matches!(tag.as_str(), "BUTTON" | "SUMMARY" | "A")
                    || (tag == "INPUT" && matches!(t.as_str(), "checkbox" | "radio" | "button"))
            });
        let Ok(mut a) = app.try_borrow_mut() else {
            return;
        };
        let handled = match e.key().as_str() {
            " " if !space_taken => {
                a.toggle_play();
                true
            }
            "ArrowRight" if !in_field => {
                a.session.train_epochs(1);
                true
            }
            "r" | "R" if !in_field => {
                a.session.reset();
                true
            }
            "1" if !in_field => {
                a.tool = Tool::Add(0);
                a.controls_synced_to = None;
                true
            }
            "2" if !in_field => {
                a.tool = Tool::Add(1);
                a.controls_synced_to = None;
                true
            }
            "3" | "4" if !in_field && a.session.settings().multiclass() => {
                let k = if e.key() == "3" { 2 } else { 3 };
                if k < a.session.settings().classes as u8 {
                    a.tool = Tool::Add(k);
                    a.controls_synced_to = None;
                }
                true
            }
            "e" | "E" if !in_field => {
                a.tool = Tool::Erase;
                a.controls_synced_to = None;
                true
            }
            "i" | "I" if !in_field => {
                a.tool = Tool::Pick;
                a.controls_synced_to = None;
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    })
}
