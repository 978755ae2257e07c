//! The browser side: start-up, the animation loop, and a visible panic.

mod api;
mod app;
mod controls;
pub mod data_view;
mod dom;
mod embed;
mod events;
mod graph_view;
mod hidden_view;
mod inspector;
mod labels;
mod landscape_view;
pub mod loss_chart;
pub mod network_view;
mod neuron_panel;
mod share;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::model::settings::Settings;
use app::App;

/// The id of the element that holds a playground's markup (the page's
/// `<main>`, or the one in an element's shadow root). Not `playground`: an
/// element with that id would be `window.playground` (browsers name elements
/// by id on `window`) before the API is there.
pub const ROOT_ID: &str = "playground-root";

/// Set by the panic hook. A panic aborts without unwinding, so borrows it
/// interrupted stay held and state may be half-changed: every animation loop
/// stops rather than run on it (or log "busy" every frame).
static STOPPED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Every mounted element's `#fatal` box: all share the one wasm instance,
    /// so a panic in any of them is shown in each (and in the page's #fatal).
    static FATAL_BOXES: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

/// Entry point: builds the playground if this page has one (the wasm test
/// binaries run this too, on a page without it).
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    if document.get_element_by_id(ROOT_ID).is_none() {
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
    let root = dom::Root::document()?;
    // Read before anything rewrites the address (a lesson link does).
    let embed = (query_value("embed").as_deref() == Some("1")).then(|| query_value("controls").unwrap_or_default());
    // An iframe keeps its session apart from the full page's, one key per
    // embed snippet (its query as first opened), so two posts' iframes of
    // the same site do not share one either.
    let host = match embed {
        Some(_) => app::Host::Frame(format!(
            "backprop-playground/embed{}",
            dom::window()?.location().search()?
        )),
        None => app::Host::Page,
    };
    let app = Rc::new(RefCell::new(App::new(root.clone(), host, Settings::default())?));
    {
        // Where the session comes from: see `share::start_up`.
        let mut a = app.borrow_mut();
        share::start_up(&mut a, query_value("lesson"));
        if a.baseline.is_none() {
            // Not a lesson: the plain address gives a newcomer the defaults.
            a.baseline = crate::model::session::Session::new(Settings::default())
                .ok()
                .and_then(|s| share::payload(&s).ok());
        }
        // `?embed=1&controls=step,reset`: the page inside another site's
        // iframe, with just those controls.
        if let Some(list) = embed {
            a.embed_controls = Some(embed::control_list(&list));
            if let Ok(main) = a.root.by_id::<HtmlElement>(ROOT_ID) {
                main.class_list().add_1("embedded")?;
            }
        }
    }
    let graph = Rc::new(RefCell::new(graph_view::GraphView::new(&root)?));
    graph_view::bind(&root, &graph)?;
    controls::bind(&app)?;
    let document: web_sys::EventTarget = dom::document()?.into();
    events::bind(&app, &document)?;
    share::bind_import(&app)?;
    // `window.playground` is installed by the loop once the first frame is
    // drawn: a script that waits for it finds a ready playground.
    start_loop(app, None)
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
/// An embedded playground (`host`) does nothing while it is off-screen or its
/// tab is hidden — a blog post's playgrounds cost nothing out of view — and
/// leaves the page's address and storage alone.
fn start_loop(app: Rc<RefCell<App>>, host: Option<HtmlElement>) -> Result<(), JsValue> {
    let callback: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let next = callback.clone();
    *callback.borrow_mut() = Some(Closure::new(move |now: f64| {
        // After a panic, or once its element is taken out of the page, no
        // frame is drawn or requested: the loop ends.
        if STOPPED.load(Ordering::Relaxed) || app.try_borrow().is_ok_and(|a| a.detached) {
            return;
        }
        // The first frame is always drawn, so a playground is ready when it
        // is scrolled to.
        let first = app.try_borrow().is_ok_and(|a| a.frames == 0);
        let visible = host.as_ref().is_none_or(on_screen);
        if first || visible {
            let result = controls::sync(&app).and_then(|_| {
                let mut a = app.try_borrow_mut().map_err(|_| JsValue::from_str("busy"))?;
                // Keep the session and write the address first, so that a
                // message about it is drawn in the same frame the address changes.
                share::remember(&mut a, now);
                // Off-screen, the first frame is drawn but nothing trains.
                a.frame(now, visible)?;
                a.mark_ready()
            });
            let result = match result {
                Ok(true) if host.is_none() => api::install(&app),
                other => other.map(|_| ()),
            };
            if let Err(e) = result {
                web_sys::console::error_1(&e);
            }
        }
        if let Some(cb) = next.borrow().as_ref() {
            let _ = request_frame(cb);
        }
    }));
    let first = callback.borrow();
    request_frame(first.as_ref().ok_or_else(|| JsValue::from_str("no frame callback"))?)
}

/// Whether any of the element shows in the viewport of a visible tab.
fn on_screen(host: &HtmlElement) -> bool {
    let Some(window) = web_sys::window() else { return false };
    if window.document().is_some_and(|d| d.hidden()) {
        return false;
    }
    let rect = host.get_bounding_client_rect();
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let width = window.inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(0.0);
    rect.bottom() > 0.0 && rect.top() < height && rect.right() > 0.0 && rect.left() < width
}

fn request_frame(callback: &Closure<dyn FnMut(f64)>) -> Result<(), JsValue> {
    dom::window()?.request_animation_frame(callback.as_ref().unchecked_ref())?;
    Ok(())
}

/// A bug must never freeze the page silently: show what happened and how
/// to recover, and keep the message in the console for a bug report.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        STOPPED.store(true, Ordering::Relaxed);
        let text = format!("Something went wrong — reload the page.\n\n{info}");
        web_sys::console::error_1(&JsValue::from_str(&text));
        show_fatal(&text);
    }));
}

/// Shows `text` in the `#fatal` box of the page and of every mounted element.
fn show_fatal(text: &str) {
    let page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let show = |element: &HtmlElement| {
        element.set_text_content(Some(text));
        element.set_hidden(false);
    };
    page.iter().for_each(show);
    // `try_`: the panic may have struck while the list was borrowed.
    FATAL_BOXES.with(|boxes| {
        if let Ok(boxes) = boxes.try_borrow() {
            boxes.iter().for_each(show);
        }
    });
}
