//! The page's controls as a view of the settings, driven by the control
//! table (`control_table.rs`): each row's element is filled (menus), synced
//! (it shows the settings) and shown or hidden (lessons, an element's
//! `controls=` list, the multi-class rules) from its row alone. Their
//! events become actions in `events.rs`.

use backprop::Feature;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement};

use super::action::Tool;
use super::control_table::{activation_options, lesson_controls, shown, Kind, CONTROLS};
use super::dom::{self, fill_options, fill_select, set_hidden, set_text, Root};
use super::network_view::feature_label;
use crate::model::settings::Settings;

/// Fills every menu of the control table with its options (a box with
/// presets: its datalist).
pub fn fill(root: &Root) -> Result<(), JsValue> {
    for control in CONTROLS {
        let options = match &control.kind {
            Kind::Field(field) => field.options.list(),
            Kind::Choose { options, .. } => options.list(),
            _ => continue,
        };
        if options.is_empty() {
            continue;
        }
        let element: HtmlElement = root.by_id(control.id)?;
        if let Some(menu) = element.dyn_ref::<HtmlSelectElement>() {
            fill_select(menu, &options, "")?;
        } else if let Some(list) = element.get_attribute("list") {
            // A box with presets: its datalist.
            fill_options(&root.by_id::<web_sys::Element>(&list)?, &options)?;
        }
    }
    Ok(())
}

/// Brings every control in line with the settings and the tool, and shows
/// only the controls this playground shows (`only`: an embed's list);
/// `refused`: the field whose typed value was just refused.
/// `previous`: the settings last synced to (the features' and layers'
/// controls are rebuilt when the network's shape changed).
pub fn sync(
    root: &Root,
    s: &Settings,
    tool: Tool,
    previous: Option<&Settings>,
    only: Option<&[String]>,
    refused: Option<&str>,
) -> Result<(), JsValue> {
    let lesson = lesson_controls(s);
    for control in CONTROLS {
        let element: HtmlElement = root.by_id(control.id)?;
        let enabled = (control.enabled)(s);
        match &control.kind {
            Kind::Field(field) => {
                let shown_value = field.read(s);
                if let Some(menu) = element.dyn_ref::<HtmlSelectElement>() {
                    show_in_menu(menu, &shown_value)?;
                    menu.set_disabled(!enabled);
                    let options = menu.options();
                    for i in 0..options.length() {
                        if let Some(option) = options.item(i).and_then(|o| o.dyn_into::<HtmlOptionElement>().ok()) {
                            option.set_disabled(!(field.offers)(s, &option.value()));
                        }
                    }
                } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                    if input.type_() == "checkbox" {
                        input.set_checked(shown_value == "true");
                    } else {
                        // What the learner typed stays as typed ("1e-3")
                        // while it stands for the settings shown, and when
                        // it was just refused (marked so: the message says why).
                        let was_refused = refused == Some(control.id);
                        let mut typed = s.clone();
                        if !was_refused && (field.write(&mut typed, &input.value()).is_err() || typed != *s) {
                            input.set_value(&shown_value);
                        }
                        if was_refused {
                            input.set_attribute("aria-invalid", "true")?;
                        } else {
                            input.remove_attribute("aria-invalid")?;
                        }
                    }
                    input.set_disabled(!enabled);
                }
            }
            Kind::Choose { read, .. } => {
                if let Some(menu) = element.dyn_ref::<HtmlSelectElement>() {
                    menu.set_value(&read(s));
                }
            }
            Kind::Tool(t) => {
                if let Some(radio) = element.dyn_ref::<HtmlInputElement>() {
                    // (Of two radios for one tool, the one shown.)
                    radio.set_checked(tool == *t && (control.when)(s));
                    radio.set_disabled(!enabled);
                }
            }
            Kind::Echo(text) => {
                set_text(&element, &text(s));
            }
            _ => {}
        }
        if !control.name.is_empty() {
            if let Some(wrapper) = element
                .closest("[data-control]")?
                .and_then(|w| w.dyn_into::<HtmlElement>().ok())
            {
                set_hidden(&wrapper, !(shown(control.name, lesson, only) && (control.when)(s)));
            }
        }
    }
    let shape_changed = previous.is_none_or(|p| {
        p.features != s.features
            || p.hidden != s.hidden
            || p.dataset.dimensions() != s.dataset.dimensions()
            || p.hidden_activations != s.hidden_activations
            || p.activation != s.activation
    });
    if shape_changed {
        rebuild_features(root, s)?;
        rebuild_unit_buttons(root, s)?;
    }
    hide_empty_panels(root)
}

/// Selects `value` in `menu`. A value no option has (a script's or a
/// link's `speed: 10` beside the menu's 1, 5, 25, …) gets an option of its
/// own, labelled like its neighbours ("10 epoch/frame"), so the menu never
/// shows a blank; it goes again when a listed value is chosen.
fn show_in_menu(menu: &HtmlSelectElement, value: &str) -> Result<(), JsValue> {
    if let Some(old) = menu.query_selector("option[data-unlisted]")? {
        if old.get_attribute("value").as_deref() != Some(value) {
            old.remove();
        }
    }
    if menu.value() == value {
        return Ok(());
    }
    menu.set_value(value);
    if menu.value() == value {
        return Ok(());
    }
    let options = menu.options();
    let label = (0..options.length())
        .filter_map(|i| options.item(i)?.dyn_into::<HtmlOptionElement>().ok())
        .find_map(|o| Some(format!("{value}{}", o.text().strip_prefix(&o.value())?)))
        .unwrap_or_else(|| value.to_string());
    let option = dom::document()?.create_element("option")?;
    option.set_attribute("value", value)?;
    option.set_attribute("data-unlisted", "")?;
    option.set_text_content(Some(&label));
    menu.append_child(&option)?;
    menu.set_value(value);
    Ok(())
}

/// A panel with nothing shown in it is hidden (no empty box with a
/// heading); a panel whose views are all hidden shows no heading above
/// the controls left in it.
fn hide_empty_panels(root: &Root) -> Result<(), JsValue> {
    let panels = root.query_all(".data.panel, .network.panel, .output.panel")?;
    for i in 0..panels.length() {
        let Some(panel) = panels.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let count = |selector: &str| panel.query_selector_all(selector).map_or(0, |l| l.length());
        let views = count("[data-view]");
        let shown_views = count("[data-view]:not([hidden])");
        let shown_controls = count("[data-control]:not([hidden])");
        set_hidden(&panel, shown_views + shown_controls == 0);
        if let Ok(Some(heading)) = panel.query_selector("h2") {
            if let Ok(heading) = heading.dyn_into::<HtmlElement>() {
                set_hidden(&heading, views > 0 && shown_views == 0);
            }
        }
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
            group.append_child(&button)?;
            if delta < 0 {
                group.append_child(&document.create_text_node(&format!(" layer {}: {units} ", l + 1)))?;
            }
        }
        let menu: HtmlSelectElement = document.create_element("select")?.dyn_into()?;
        menu.set_attribute("data-layer-activation", &l.to_string())?;
        menu.set_attribute("aria-label", &format!("Activation of hidden layer {}", l + 1))?;
        fill_select(&menu, &activation_options(), s.layer_activation(l).facts().name)?;
        group.append_child(&menu)?;
        container.append_child(&group)?;
    }
    Ok(())
}
