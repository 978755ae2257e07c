//! Start-up and lifecycle: the full page (or the `?embed=1` iframe) starts
//! here; every playground — the page's, and each element's (`embed.rs`) —
//! is a [`Running`]: its app, the listeners and the API closure that feed
//! it, and its animation loop. Dropping it stops the playground and gives
//! all of that back: the listeners are removed, no frame is requested, and
//! the app is freed (listeners and scripts hold only a `Handle`).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use super::api::{self, Call};
use super::app::{App, Handle};
use super::control_table::{names_in, unknown};
use super::dom::{self, Root};
use super::host::{persist_name, Host};
use super::listeners::Listener;
use super::{events, js_value, ROOT_ID};

/// Set by the panic hook. A panic aborts without unwinding, so borrows it
/// interrupted stay held and state may be half-changed: every animation loop
/// stops rather than run on it (or log "busy" every frame).
static STOPPED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Every mounted element's `#fatal` box: all share the one wasm instance,
    /// so a panic in any of them is shown in each (and in the page's #fatal).
    static FATAL_BOXES: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
    /// The playgrounds running on this page.
    static RUNNING: RefCell<Vec<Running>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Everything one playground owns. The app's only strong reference is
/// here, so dropping this frees it.
pub struct Running {
    id: u32,
    _app: Rc<RefCell<App>>,
    _listeners: Vec<Listener>,
    _frames: FrameLoop,
    _api: Call,
    /// An element's panic box (see [`show_panics_in`]), no longer shown once it stops.
    fatal: Option<HtmlElement>,
}

impl Running {
    /// Starts `app`'s animation loop (`host`: an element, which draws only
    /// while on screen; `page_api`: the full page's API, installed as
    /// `window.playground` once the first frame is drawn) and keeps it all
    /// running until [`stop`]. Returns its id.
    pub fn start(
        app: Rc<RefCell<App>>,
        listeners: Vec<Listener>,
        api: Call,
        host: Option<HtmlElement>,
        page_api: Option<JsValue>,
        fatal: Option<HtmlElement>,
    ) -> Result<u32, JsValue> {
        let id = NEXT_ID.with(|n| n.replace(n.get() + 1));
        let running = Running {
            id,
            _frames: FrameLoop::start(Handle::new(&app), host, page_api)?,
            _app: app,
            _listeners: listeners,
            _api: api,
            fatal,
        };
        RUNNING.with(|r| r.borrow_mut().push(running));
        Ok(id)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(fatal) = &self.fatal {
            FATAL_BOXES.with(|b| {
                if let Ok(mut b) = b.try_borrow_mut() {
                    b.retain(|f| f != fatal);
                }
            });
        }
    }
}

/// Shows every panic in `fatal` too (an element's box) from now on.
pub fn show_panics_in(fatal: &HtmlElement) {
    FATAL_BOXES.with(|b| b.borrow_mut().push(fatal.clone()));
}

/// Stops the playground `id` for good (an element taken out of its page).
pub fn stop(id: u32) {
    let taken = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        r.iter().position(|p| p.id == id).map(|i| r.swap_remove(i))
    });
    // Dropped here, after the list's borrow ends.
    drop(taken);
}

/// The animation-frame callback, which re-requests itself.
type FrameCallback = Closure<dyn FnMut(f64)>;

/// A playground's animation loop: each frame trains (if playing) and
/// redraws. Dropped, it cancels the frame it asked for and frees its callback.
struct FrameLoop {
    callback: Rc<RefCell<Option<FrameCallback>>>,
    pending: Rc<Cell<i32>>,
}

impl FrameLoop {
    /// An embedded playground (`host`) does nothing while it is off-screen
    /// or its tab is hidden — a blog post's playgrounds cost nothing out of
    /// view — but its first frame, so it is ready when scrolled to.
    fn start(app: Handle, host: Option<HtmlElement>, page_api: Option<JsValue>) -> Result<FrameLoop, JsValue> {
        let callback: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
        let pending = Rc::new(Cell::new(0));
        let (next, asked): (Weak<_>, _) = (Rc::downgrade(&callback), pending.clone());
        *callback.borrow_mut() = Some(Closure::new(move |now: f64| {
            // After a panic no frame is drawn or requested: the loop ends.
            if STOPPED.load(Ordering::Relaxed) {
                return;
            }
            let visible = host.as_ref().is_none_or(on_screen);
            let result = app.with(|a| a.frame(now, visible).and_then(|_| a.mark_ready()));
            let result = match (result, &page_api) {
                (Some(Ok(true)), Some(api)) => api::install(api),
                (Some(other), _) => other.map(|_| ()),
                (None, _) => Ok(()),
            };
            if let Err(e) = result {
                web_sys::console::error_1(&e);
            }
            if let Some(cb) = next.upgrade() {
                if let Some(cb) = cb.borrow().as_ref() {
                    asked.set(request_frame(cb).unwrap_or(0));
                }
            }
        }));
        let first = request_frame(
            callback
                .borrow()
                .as_ref()
                .ok_or_else(|| JsValue::from_str("no frame callback"))?,
        )?;
        pending.set(first);
        Ok(FrameLoop { callback, pending })
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        if let Ok(window) = dom::window() {
            let _ = window.cancel_animation_frame(self.pending.get());
        }
        if let Ok(mut callback) = self.callback.try_borrow_mut() {
            callback.take();
        }
    }
}

fn request_frame(callback: &FrameCallback) -> Result<i32, JsValue> {
    dom::window()?.request_animation_frame(callback.as_ref().unchecked_ref())
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
            e.as_string().unwrap_or_else(|| js_value::shown(&e))
        ));
    }
    Ok(())
}

/// The full page, or the page in another site's iframe (`?embed=1`, with
/// just the controls its `controls=` names).
fn run() -> Result<(), JsValue> {
    let root = Root::document()?;
    let embed =
        (query_value("embed").as_deref() == Some("1")).then(|| names_in(&query_value("controls").unwrap_or_default()));
    let host = match embed {
        Some(_) => Host::Frame {
            persist: persist_name(query_value("persist")),
        },
        None => Host::Page,
    };
    let app = Rc::new(RefCell::new(App::new(root.clone(), host)?));
    {
        let mut a = app.borrow_mut();
        // Read before anything rewrites the address (a lesson link does).
        a.open(query_value("lesson"));
        if let Some(list) = embed {
            if let Some(problem) = unknown(&list) {
                let _ = a.dispatch(super::action::Action::Tell(problem));
            }
            a.embed(Some(list), None);
            root.by_id::<HtmlElement>(ROOT_ID)?.class_list().add_1("embedded")?;
        }
    }
    let handle = Handle::new(&app);
    let listeners = events::bind(&root, &handle, &dom::document()?.into())?;
    // `window.playground` is installed by the loop once the first frame is
    // drawn: a script that waits for it finds a ready playground.
    let (api, call) = api::object(&handle, None)?;
    Running::start(app, listeners, call, None, Some(api.into()), None)?;
    Ok(())
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
