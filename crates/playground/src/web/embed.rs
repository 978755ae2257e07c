//! `<backprop-playground>`: the playground inside any page. The element's
//! script (web/backprop-playground.js) loads the wasm module once and calls
//! [`mount`] for each element; each gets its own shadow root and its own
//! session, controls and animation loop. The markup and styles are the page's own files
//! (index.html's `<main>` and style.css), fetched by the element's script
//! from the same site — one source for the page and every embed.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use super::app::{App, Host};
use super::dom::Root;
use super::{api, controls, events, graph_view, share, start_loop, FATAL_BOXES, ROOT_ID};
use crate::model::settings::Settings;

/// Builds a playground inside `host` and returns its API object (with
/// `stop()`, which ends it for good). Its options
/// are the host's attributes, read here as text (not a deserialized options
/// object: that code cost more of the download budget than it was worth);
/// each one is checked and, if bad, reported on the element's message line.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, markup: &str) -> Result<JsValue, JsValue> {
    let attribute = |name: &str| host.get_attribute(name);
    // Mounted again after a disconnect: the same shadow root, new content.
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    // The playground's own markup from its own site (see the module docs)
    // — never text from the embedding page or its attributes. Its styles
    // are a constructed sheet the element's script adopts (no <style>, for
    // a strict CSP).
    shadow.set_inner_html(&format!(
        "<div id=\"fatal\" class=\"fatal\" role=\"alert\" hidden></div><main id=\"{ROOT_ID}\" class=\"playground embedded\" data-ready=\"false\">{markup}</main>"
    ));
    let root = Root::fragment(&shadow);
    // Registered first, so even a panic later in this function is shown here.
    let fatal = root.by_id::<HtmlElement>("fatal")?;
    FATAL_BOXES.with(|boxes| {
        if let Ok(mut boxes) = boxes.try_borrow_mut() {
            boxes.push(fatal);
        }
    });
    // `persist="post-1"`: the element keeps its session under that name
    // (never the full page's key); without it, it keeps nothing.
    let persist = attribute("persist")
        .filter(|k| !k.trim().is_empty())
        .map(|k| format!("backprop-playground/element/{}", short(k.trim())));
    let app = Rc::new(RefCell::new(App::new(
        root.clone(),
        Host::Element(persist),
        Settings::default(),
    )?));
    {
        let mut a = app.borrow_mut();
        let mut problems = Vec::new();
        if let Some(id) = attribute("lesson").filter(|l| !l.is_empty()) {
            if let Err(e) = a.load_lesson(&id) {
                problems.push(e);
            }
        }
        if let Some(kind) = &attribute("dataset") {
            let parsed: Result<backprop::DatasetKind, _> = serde_wasm_bindgen::from_value(JsValue::from_str(kind));
            match parsed {
                Ok(kind) => a.update(|s| s.choose_dataset(kind)),
                Err(_) => problems.push(format!("dataset \"{}\" is not one of the data sets", short(kind))),
            }
        }
        if let Some(seed) = &attribute("seed") {
            match seed.trim().parse::<u32>() {
                Ok(seed) => a.update(|s| s.seed = seed),
                Err(_) => problems.push(format!("seed \"{}\" is not a whole number", short(seed))),
            }
        }
        if let Some(network) = &attribute("network") {
            // "4,2": the hidden layers' sizes.
            let sizes: Result<Vec<usize>, _> = network
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::parse)
                .collect();
            match sizes {
                Ok(hidden) => a.update(|s| s.hidden = hidden),
                Err(_) => problems.push(format!(
                    "network \"{}\" should list hidden layer sizes like 4,2",
                    short(network)
                )),
            }
        }
        if let Some(list) = &attribute("controls") {
            let names = control_list(list);
            unknown(&root, "control", &names, &mut problems);
            a.embed_controls = Some(names);
        }
        // What it shows: `views="data,network,loss,inspector"` (the
        // default leaves the inspector out); the rest is hidden once, here.
        let views = control_list(&attribute("views").unwrap_or_else(|| "data,network,loss".into()));
        unknown(&root, "view", &views, &mut problems);
        let all = root.query_all("[data-view]")?;
        for i in 0..all.length() {
            if let Some(el) = all.get(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                let name = el.get_attribute("data-view").unwrap_or_default();
                el.set_hidden(!views.contains(&name));
            }
        }
        if let Some(stop) = &attribute("stop-at") {
            match stop.trim().parse::<u64>() {
                Ok(stop) => a.stop_at = Some(stop),
                Err(_) => problems.push(format!("stop-at \"{}\" is not a whole number of epochs", short(stop))),
            }
        }
        // The element is exactly this tall and scrolls inside: a post's
        // layout does not move as the playground's content changes.
        if let Some(height) = &attribute("height") {
            match height.trim().parse::<u32>() {
                Ok(px @ 100..=10000) => {
                    let style = host.style();
                    let _ = style.set_property("height", &format!("{px}px"));
                    let _ = style.set_property("overflow", "auto");
                }
                _ => problems.push(format!(
                    "height \"{}\" should be a number of CSS pixels from 100 to 10000, like height=\"420\"",
                    short(height)
                )),
            }
        }
        if attribute("theme").as_deref() == Some("dark") {
            let _ = host.style().set_property("filter", "invert(0.92) hue-rotate(180deg)");
        }
        // A session kept under the `persist` name continues where the
        // reader left it, over the attributes' starting point.
        if let Some(text) = share::stored(&a.host) {
            match share::read_stored(&text) {
                Ok((session, _)) => a.replace_session(session),
                Err(e) => problems.push(format!("the kept session could not be restored ({e})")),
            }
        }
        if attribute("autoplay").is_some() {
            a.session.play();
        }
        if !problems.is_empty() {
            a.notice = Some(problems.join("; "));
        }
    }
    let graph = Rc::new(RefCell::new(graph_view::GraphView::new(&root)?));
    graph_view::bind(&root, &graph)?;
    controls::bind(&app)?;
    events::bind(&app, &host)?;
    share::bind_import(&app)?;
    let api = api::object(&app)?;
    // `stop()`, called by the element's disconnectedCallback: the loop ends
    // and the session's memory goes back to the allocator (the App itself
    // stays referenced by its listeners, so it is emptied, not dropped).
    api::method(&api, "stop", &app, |a, _| {
        a.detach();
        Ok(JsValue::UNDEFINED)
    })?;
    start_loop(app, Some(host))?;
    Ok(api.into())
}

/// The names in a `controls` list ("step, reset").
pub(super) fn control_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Names the `names` that no `data-{kind}` in the markup has ("controls:
/// no control named \"junk\"").
fn unknown(root: &Root, kind: &str, names: &[String], problems: &mut Vec<String>) {
    let bad: Vec<String> = names
        .iter()
        .filter(|n| {
            n.contains('"')
                || root
                    .query_all(&format!("[data-{kind}=\"{n}\"]"))
                    .map_or(true, |l| l.length() == 0)
        })
        .map(|n| short(n))
        .collect();
    if !bad.is_empty() {
        problems.push(format!("{kind}s: no {kind} named \"{}\"", bad.join("\", \"")));
    }
}

/// At most 40 characters of an attribute, for messages.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}
