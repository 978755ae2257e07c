//! `<backprop-playground>`: the playground inside any page. The element's
//! script (web/backprop-playground.js) loads the wasm module once and calls
//! [`mount`] for each element; each gets its own shadow root and its own
//! session, controls and animation loop. The markup and styles are the page's own files
//! (index.html's `<main>` and style.css), fetched by the element's script
//! from the same site — one source for the page and every embed.

use std::cell::RefCell;
use std::rc::Rc;

use backprop::strict::Value;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use super::action::{Action, Patch};
use super::app::{App, Handle};
use super::boot::{self, show_panics_in, Running};
use super::control_table::{names_in, short, unknown};
use super::dom::Root;
use super::host::{persist_name, Host};
use super::{api, events, ROOT_ID};
use crate::model::text::join;

/// Builds a playground inside `host` and returns its API object (with
/// `stop()`, which ends it for good and frees it). `page` is the address of
/// the full page (where the element's script is), which "Copy link" points
/// to. Its options are the host's attributes, read here as text; each one
/// is checked and, if bad, reported on the element's message line.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, markup: &str, page: String) -> Result<JsValue, JsValue> {
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
    show_panics_in(&fatal);
    // `persist="post-1"`: the element keeps its session under that name
    // (never the full page's key); without it, it keeps nothing.
    let persist = persist_name(attribute("persist"));
    let app = Rc::new(RefCell::new(App::new(root.clone(), Host::Element { persist, page })?));
    {
        let mut a = app.borrow_mut();
        let mut problems = Vec::new();
        let kept = a.kept();
        if let Some(id) = attribute("lesson").filter(|l| !l.is_empty()) {
            act(&mut a, &mut problems, Action::LoadLesson(id));
        }
        // `dataset` and `seed` are written as their controls write them;
        // `network="4,2"` (the hidden layers' sizes) as setConfig would.
        for name in ["dataset", "seed"] {
            if let Some(value) = attribute(name) {
                act(&mut a, &mut problems, Action::SetConfig(Patch::Control(name, value)));
            }
        }
        if let Some(network) = &attribute("network") {
            // A loop, not collect::<Result<Vec<_>>>() (an iterator adapter
            // of its own in the wasm).
            let mut sizes = Some(Vec::new());
            for t in network.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                match (t.parse::<u32>(), &mut sizes) {
                    (Ok(n), Some(hidden)) => hidden.push(Value::Number(f64::from(n))),
                    _ => sizes = None,
                }
            }
            match sizes {
                Some(hidden) => act(
                    &mut a,
                    &mut problems,
                    Action::SetConfig(Patch::Config(Value::Object(vec![(
                        "hidden".into(),
                        Value::Array(hidden),
                    )]))),
                ),
                None => problems.push(format!(
                    "network \"{}\" should list hidden layer sizes like 4,2",
                    short(network)
                )),
            }
        }
        let only = attribute("controls").map(|list| names_in(&list));
        problems.extend(only.as_deref().and_then(unknown));
        // What it shows: `views="data,network,loss,inspector"` (the
        // default leaves the inspector out); the rest is hidden once, here.
        let views = names_in(&attribute("views").unwrap_or_else(|| "data,network,loss".into()));
        let bad: Vec<String> = views
            .iter()
            .filter(|n| {
                n.contains('"')
                    || root
                        .query_all(&format!("[data-view=\"{n}\"]"))
                        .map_or(true, |l| l.length() == 0)
            })
            .map(|n| short(n))
            .collect();
        if !bad.is_empty() {
            problems.push(format!("views: no view named \"{}\"", join(&bad, "\", \"")));
        }
        let all = root.query_all("[data-view]")?;
        for i in 0..all.length() {
            if let Some(el) = all.get(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                let name = el.get_attribute("data-view").unwrap_or_default();
                el.set_hidden(!views.contains(&name));
            }
        }
        let stop_at = attribute("stop-at").and_then(|stop| match stop.trim().parse::<u64>() {
            Ok(stop) => Some(stop),
            Err(_) => {
                problems.push(format!("stop-at \"{}\" is not a whole number of epochs", short(&stop)));
                None
            }
        });
        a.embed(only, stop_at);
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
        match attribute("theme").as_deref() {
            Some("dark") => {
                let _ = host.style().set_property("filter", "invert(0.92) hue-rotate(180deg)");
            }
            Some(theme) if !theme.is_empty() => {
                problems.push(format!("theme \"{}\" is not \"dark\"", short(theme)))
            }
            _ => {}
        }
        // A session kept under the `persist` name continues where the
        // reader left it, over the attributes' starting point.
        if let Err(e) = a.resume(kept) {
            problems.push(e);
        }
        if attribute("autoplay").is_some() {
            act(&mut a, &mut problems, Action::Play);
        }
        if !problems.is_empty() {
            let _ = a.dispatch(Action::Tell(join(&problems, "; ")));
        }
    }
    let handle = Handle::new(&app);
    let listeners = events::bind(&root, &handle, &host)?;
    // `stop()`, called by the element's disconnectedCallback, drops all
    // this; the id is known once it runs.
    let id = Rc::new(std::cell::Cell::new(None));
    let stopping = id.clone();
    let (api, call) = api::object(
        &handle,
        Some(Box::new(move || stopping.get().into_iter().for_each(boot::stop))),
    )?;
    id.set(Some(Running::start(
        app,
        listeners,
        call,
        Some(host),
        None,
        Some(fatal),
    )?));
    Ok(api.into())
}

/// Dispatches an attribute's action; its error is one of the problems named.
fn act(a: &mut App, problems: &mut Vec<String>, action: Action) {
    if let Err(e) = a.dispatch(action) {
        problems.push(e);
    }
}
