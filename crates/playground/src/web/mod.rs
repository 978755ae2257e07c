//! The browser side: start-up, the animation loop, and a visible panic.

mod api;
mod app;
mod controls;
pub mod data_view;
mod dom;
mod events;
mod graph_view;
mod hidden_view;
mod inspector;
mod landscape_view;
pub mod loss_chart;
pub mod network_view;
mod neuron_panel;
mod share;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::model::settings::Settings;
use app::App;

/// Entry point: builds the playground if this page has one (the wasm test
/// binaries run this too, on a page without it).
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    if document.get_element_by_id("playground").is_none() {
        return Ok(());
    }
    if let Err(e) = run() {
        show_fatal(&format!(
            "The playground could not start: {}",
            e.as_string().unwrap_or_else(|| format!("{e:?}"))
        ));
    }
    Ok(())
}

fn run() -> Result<(), JsValue> {
    let app = Rc::new(RefCell::new(App::new(Settings::default())?));
    {
        // Where the session comes from: a shared link, a lesson link, the
        // session kept from the last visit — or the defaults. Anything that
        // cannot be read says so and leaves the defaults.
        let mut a = app.borrow_mut();
        if let Some(state) = share::read_fragment() {
            match state.and_then(|s| s.restore()) {
                Ok(session) => a.replace_session(session),
                Err(e) => a.notice = Some(format!("The link could not be read ({e}); showing the defaults.")),
            }
        } else if let Some(id) = query_value("lesson") {
            let result = a.load_lesson(&id);
            a.report(result);
        } else if let Some(stored) = share::read_stored() {
            match stored.and_then(|s| s.restore()) {
                Ok(session) => a.replace_session(session),
                Err(e) => {
                    share::forget_stored();
                    a.notice = Some(format!(
                        "The saved session could not be restored ({e}); starting fresh."
                    ));
                }
            }
        }
        a.mark_baseline();
    }
    let graph = Rc::new(RefCell::new(graph_view::GraphView::new()?));
    graph_view::bind(&graph)?;
    controls::bind(&app)?;
    events::bind(&app)?;
    share::bind_import(&app)?;
    api::install(&app)?;
    start_loop(app)
}

/// A value of the page's query string (`?lesson=or-gate`), decoded. Only
/// ever compared with known names or shown as text.
fn query_value(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| {
            js_sys::decode_uri_component(&v.replace('+', " "))
                .map(String::from)
                .unwrap_or_else(|_| v.to_string())
        })
    })
}

/// The animation-frame callback, which re-requests itself.
type FrameCallback = Closure<dyn FnMut(f64)>;

/// Requests animation frames forever; each trains (if playing) and redraws.
fn start_loop(app: Rc<RefCell<App>>) -> Result<(), JsValue> {
    let callback: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let next = callback.clone();
    *callback.borrow_mut() = Some(Closure::new(move |now: f64| {
        let result = controls::sync(&app).and_then(|_| {
            let mut a = app.try_borrow_mut().map_err(|_| JsValue::from_str("busy"))?;
            a.frame(now)?;
            share::remember(&mut a);
            a.mark_ready()
        });
        if let Err(e) = result {
            web_sys::console::error_1(&e);
        }
        if let Some(cb) = next.borrow().as_ref() {
            let _ = request_frame(cb);
        }
    }));
    let first = callback.borrow();
    request_frame(first.as_ref().ok_or_else(|| JsValue::from_str("no frame callback"))?)
}

fn request_frame(callback: &Closure<dyn FnMut(f64)>) -> Result<(), JsValue> {
    dom::window()?.request_animation_frame(callback.as_ref().unchecked_ref())?;
    Ok(())
}

/// A bug must never freeze the page silently: show what happened and how
/// to recover, and keep the message in the console for a bug report.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let text = format!("Something went wrong — reload the page.\n\n{info}");
        web_sys::console::error_1(&JsValue::from_str(&text));
        show_fatal(&text);
    }));
}

fn show_fatal(text: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        element.set_text_content(Some(text));
        element.set_hidden(false);
    }
}
