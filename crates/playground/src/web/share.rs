//! Links, the kept session, exports and imports. Every text that comes
//! from outside (a link, local storage, a file) is parsed strictly into the
//! engine's types and then applied as a whole, or refused with a message; it
//! is never inserted into the page as HTML. Nothing here changes the app:
//! it reads and writes the browser's storage, address bar, clipboard and
//! downloads for `App::dispatch`, which decides when.

use backprop::strict::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlAnchorElement;

use super::{dom, js_value};
use super::host::Host;
use crate::model::link::{self, Head};
use crate::model::points::Point;
use crate::model::session::Session;
use crate::model::settings::Settings;
use crate::model::read::Read;
use crate::model::text::join;
use crate::model::write::ToTree;
use crate::model::share::{self, Saved, MAX_LINK_CHARS};

/// The address bar is rewritten at most this often: browsers refuse (and
/// warn about) hundreds of `replaceState` calls a second, which a dragged
/// slider would make. Short enough that no reload comes before it.
const ADDRESS_EVERY_MS: f64 = 100.0;

/// A saved state as JSON text (numbers in their shortest exact form).
pub fn to_json(saved: &Saved) -> Result<String, String> {
    stringify(&js_value::write(&saved.tree(), &JsValue::UNDEFINED))
}

/// JSON text of a value (`JSON.stringify` gives `undefined`, not text, for
/// `undefined` itself: an absent setting).
fn stringify(value: &JsValue) -> Result<String, String> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| "the state could not be written as JSON".to_string())
}

/// JSON text as the strict value tree the model's types are read from.
fn parse(text: &str) -> Result<Value, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "it is not valid JSON".to_string())?;
    js_value::read(&value)
}

/// A saved state from JSON text, checked field by field.
pub fn from_json(text: &str) -> Result<Saved, String> {
    Saved::read(parse(text)?).map_err(|e| e.to_string())
}

/// The session as a link's `#state=` text: the settings that differ from
/// the defaults and a lesson's starting weights as JSON, then the points'
/// change (see `model/link.rs`), in base64url.
pub fn payload(session: &Session) -> Result<String, String> {
    let mut head = Head::of(session).tree();
    // The settings equal to the defaults go (the settings are checked, so
    // finite: equal values are equal JSON, -0 and 0 included).
    if let (Value::Object(entries), Value::Object(defaults)) = (&mut head, Settings::default().tree()) {
        if let Some((_, Value::Object(config))) = entries.first_mut() {
            config.retain(|(key, value)| !defaults.iter().any(|(k, v)| k == key && v == value));
        }
    }
    let head = stringify(&js_value::write(&head, &JsValue::UNDEFINED))?;
    Ok(share::encode(&link::of_session(session, &head)))
}

/// The session in a `#state=` text or a kept session, of either format
/// (the first format was base64url of JSON, so its first byte is `{`), and
/// a note on what could not be restored, if anything.
pub fn read_payload(text: &str) -> Result<(Session, Option<&'static str>), String> {
    let bytes = share::decode(text)?;
    if bytes.first() == Some(&b'{') {
        let json = String::from_utf8(bytes).map_err(|_| "the state is not text".to_string())?;
        return from_json(&json)?.restore();
    }
    let read = link::read(&bytes)?;
    let head = Head::read(parse(&read.head)?).map_err(|e| e.to_string())?;
    Ok((read.restore(head)?, None))
}

/// The `#state=…` text of the page's address, if it has one.
pub fn fragment() -> Option<String> {
    let hash = dom::window().ok()?.location().hash().ok()?;
    Some(hash.trim_start_matches('#').strip_prefix("state=")?.to_string())
}

fn storage() -> Option<web_sys::Storage> {
    dom::window().ok()?.local_storage().ok()?
}

/// The session `host` kept from an earlier visit, as stored: a payload, or
/// the first format's JSON.
pub fn stored(host: &Host) -> Option<String> {
    storage()?.get_item(&host.storage_key()?).ok()?
}

/// Reads a kept session of either format.
pub fn read_stored(text: &str) -> Result<(Session, Option<&'static str>), String> {
    if text.starts_with('{') {
        from_json(text)?.restore()
    } else {
        read_payload(text)
    }
}

fn keep_text(host: &Host, payload: &str) {
    if let (Some(s), Some(key)) = (storage(), host.storage_key()) {
        let _ = s.set_item(&key, payload);
    }
}

/// Forgets `host`'s kept session (and nobody else's).
pub fn forget_stored(host: &Host) {
    if let (Some(s), Some(key)) = (storage(), host.storage_key()) {
        let _ = s.remove_item(&key);
    }
}

/// Puts a lesson's id (or none, for free play) in the address, keeping
/// every other part of the query (`embed=1`, `controls=…`): an iframe stays
/// an embed after a lesson change. The old `#state=` goes; the next frame
/// writes the new one.
pub fn write_lesson(id: &str) {
    let Ok(window) = dom::window() else { return };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let mut query: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lesson="))
        .collect();
    let lesson = format!("lesson={}", String::from(js_sys::encode_uri_component(id)));
    if !id.is_empty() {
        query.push(&lesson);
    }
    let address = format!("{}?{}", location.pathname().unwrap_or_default(), join(&query, "&"));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}

/// What the page says (once) when the state has outgrown a link.
pub const TOO_LONG: &str = "This session has too many points to fit in a link, so the address bar now shows the plain page; it is kept in this browser, and “Export JSON” shares it whole.";

/// What a playground has kept and written, and what it still owes its
/// address bar.
pub struct Keeper {
    /// The state last kept and put in the address bar (a link's payload).
    remembered: Option<String>,
    /// The address bar is behind `remembered` (it is rewritten at most
    /// every 100 ms) …
    address_due: bool,
    /// … and was last written at this time (ms).
    address_written_at: f64,
    /// The page has said that the state no longer fits in a link.
    told_too_long: bool,
    /// A kept session that differs from the link the page was opened
    /// with: offered back ("Restore your previous session") and not
    /// overwritten until the learner changes something or dismisses it.
    offer: Option<String>,
    /// The state the plain address produces for a newcomer (a lesson, or
    /// the defaults): while the session equals it, the address has no state.
    baseline: Option<String>,
}

impl Keeper {
    pub fn new() -> Keeper {
        Keeper {
            remembered: None,
            address_due: false,
            address_written_at: f64::NEG_INFINITY,
            told_too_long: false,
            offer: None,
            baseline: None,
        }
    }

    /// Keeps the session (for a reload or a closed tab) if it changed, and
    /// owes the address bar the new state.
    pub fn keep(&mut self, host: &Host, session: &Session) {
        if host.storage_key().is_none() && !host.owns_address() {
            return; // an element without `persist`: nothing leaves it
        }
        if let Ok(text) = payload(session) {
            if self.remembered.as_deref() != Some(text.as_str()) {
                // The learner changed something: the kept session is this one now.
                self.offer = None;
                keep_text(host, &text);
                self.remembered = Some(text);
                self.address_due = true;
            }
        }
    }

    /// The session as opened from a link: the address stays as it is, to
    /// be copied on; a different kept session is offered back.
    pub fn opened_link(&mut self, session: &Session, kept: Option<String>) {
        self.remembered = payload(session).ok();
        self.offer = kept.filter(|k| Some(k) != self.remembered.as_ref());
    }

    /// Records `session` as what the plain address stands for.
    pub fn mark_baseline(&mut self, session: &Session) {
        self.baseline = payload(session).ok();
    }

    /// Whether a kept session is on offer.
    pub fn offering(&self) -> bool {
        self.offer.is_some()
    }

    /// The offered session's text, taken (restored or not, it is offered no more).
    pub fn take_offer(&mut self) -> Option<String> {
        self.offer.take()
    }

    /// "Keep this one": the link's session is the kept one from now on.
    pub fn dismiss_offer(&mut self, host: &Host) {
        self.offer = None;
        if let Some(text) = &self.remembered {
            keep_text(host, text);
        }
    }

    /// Puts the current state into the address bar once it is due (at most
    /// every 100 ms, or now with `force`). The address then holds the
    /// current state while it fits in a link; once it does not, the plain
    /// address replaces it (no stale state is left to win over the kept
    /// session on a reload), and `TOO_LONG` is returned, once, to be said.
    pub fn write_address(&mut self, host: &Host, now: f64, force: bool) -> Option<&'static str> {
        if !self.address_due || !host.owns_address() || (!force && now - self.address_written_at < ADDRESS_EVERY_MS) {
            return None;
        }
        self.address_due = false;
        self.address_written_at = now;
        let window = dom::window().ok()?;
        let location = window.location();
        let plain = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
        let state = self
            .remembered
            .as_deref()
            .filter(|&p| Some(p) != self.baseline.as_deref());
        let (address, said) = match state {
            Some(p) if fits(p) => {
                self.told_too_long = false;
                (format!("{plain}#state={p}"), None)
            }
            Some(_) => (
                plain,
                (!std::mem::replace(&mut self.told_too_long, true)).then_some(TOO_LONG),
            ),
            None => (plain, None),
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
        }
        said
    }
}

/// Whether a payload fits in a link.
fn fits(payload: &str) -> bool {
    payload.len() + "state=".len() <= MAX_LINK_CHARS
}

/// The link "Copy link" copies: the full page's address with the
/// session's state. The full page copies its own address bar; an iframe
/// and an element point to the full page (the iframe's own address, less
/// its embed query; an element's script's folder), never to the post.
/// `Err` when the state is too big for a link: the plain full page then.
pub fn link(host: &Host, session: &Session) -> Result<String, String> {
    let location = dom::window().map_err(|_| String::new())?.location();
    let page = match host {
        Host::Page => return location.href().map_err(|_| String::new()),
        Host::Frame { .. } => location.origin().unwrap_or_default() + &location.pathname().unwrap_or_default(),
        Host::Element { page, .. } => page.clone(),
    };
    match payload(session) {
        Ok(p) if fits(&p) => Ok(format!("{page}#state={p}")),
        _ => Err(page),
    }
}

/// Copies `text` to the clipboard; false if the browser has no clipboard
/// for this page.
pub fn copy(text: &str) -> bool {
    let Ok(window) = dom::window() else { return false };
    // Through Reflect: web-sys's Navigator and Clipboard bindings would cost
    // download bytes for one call.
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).unwrap_or_default();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or_default();
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let copied = write
        .and_then(|f| f.call1(&clipboard, &text.into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match copied {
        Some(promise) => {
            // A refusal (no permission) is not an uncaught error in the console.
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = promise.catch(&ignore);
            ignore.forget();
            true
        }
        None => false,
    }
}

/// Offers `href` (a data or object URL) as a file download.
pub fn download(name: &str, href: &str) -> Result<(), JsValue> {
    let a: HtmlAnchorElement = dom::document()?.create_element("a")?.dyn_into()?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Offers `text` as a file download.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download(name, &url)?;
    web_sys::Url::revoke_object_url(&url)
}

/// The whole state, to continue the run elsewhere, as JSON.
pub fn export_json(session: &Session) -> Result<String, String> {
    to_json(&Saved::of(session))
}

/// What an imported file holds.
pub enum Imported {
    /// Points (a CSV of `x,y,label[,split]`).
    Points(Vec<Point>),
    /// A whole session (a saved state), and a note on what an older version
    /// could not hold.
    Session(Box<Session>, Option<&'static str>),
}

/// Reads imported text: a saved state (JSON), or points (a name ending
/// `.csv`).
pub fn import(name: &str, text: &str) -> Result<Imported, String> {
    if name.to_ascii_lowercase().ends_with(".csv") {
        let points = crate::model::csv::parse_points(text).map_err(|e| format!("{name}: {e}"))?;
        Ok(Imported::Points(points))
    } else {
        let saved = from_json(text).map_err(|e| format!("{name} could not be read: {e}"))?;
        let (session, note) = saved.restore().map_err(|e| format!("{name} could not be used: {e}"))?;
        Ok(Imported::Session(Box::new(session), note))
    }
}
