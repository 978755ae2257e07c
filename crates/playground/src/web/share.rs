//! Links, the saved session, exports and imports. Every text that comes
//! from outside (a link, local storage, a file) is parsed strictly into the
//! engine's types and then applied as a whole, or refused with a message; it
//! is never inserted into the page as HTML.

use backprop::strict::Value;
use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, HtmlInputElement};

use super::app::{App, Host};
use super::dom;
use crate::model::link::{self, Head};
use crate::model::session::Session;
use crate::model::settings::Settings;
use crate::model::share::{self, Saved, MAX_LINK_CHARS};

/// Where the working session is kept between visits.
pub const STORAGE_KEY: &str = "backprop-playground/session";

/// The address bar is rewritten at most this often: browsers refuse (and
/// warn about) hundreds of `replaceState` calls a second, which a dragged
/// slider would make. Short enough that no reload comes before it.
const ADDRESS_EVERY_MS: f64 = 100.0;

/// A saved state as JSON text (numbers in their shortest exact form).
pub fn to_json(saved: &Saved) -> Result<String, String> {
    stringify(&serde_wasm_bindgen::to_value(saved).map_err(|e| e.to_string())?)
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
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A saved state from JSON text, checked field by field.
pub fn from_json(text: &str) -> Result<Saved, String> {
    Saved::deserialize(parse(text)?).map_err(|e| e.to_string())
}

/// The session as a link's `#state=` text: the settings that differ from
/// the defaults and a lesson's starting weights as JSON, then the points'
/// change (see `model/link.rs`), in base64url.
pub fn payload(session: &Session) -> Result<String, String> {
    let head = serde_wasm_bindgen::to_value(&Head::of(session)).map_err(|e| e.to_string())?;
    let config = js_sys::Reflect::get(&head, &"config".into()).map_err(|_| "no config")?;
    let defaults = serde_wasm_bindgen::to_value(&Settings::default()).map_err(|e| e.to_string())?;
    let object: &js_sys::Object = config.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let same = |o: &JsValue| js_sys::Reflect::get(o, &key).ok().and_then(|v| stringify(&v).ok());
        if same(&config) == same(&defaults) {
            let _ = js_sys::Reflect::delete_property(object, &key);
        }
    }
    Ok(share::encode(&link::of_session(session, &stringify(&head)?)))
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
    let head = Head::deserialize(parse(&read.head)?).map_err(|e| e.to_string())?;
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
    storage()?.get_item(host.storage_key()?).ok()?
}

/// Reads a kept session of either format.
pub fn read_stored(text: &str) -> Result<(Session, Option<&'static str>), String> {
    if text.starts_with('{') {
        from_json(text)?.restore()
    } else {
        read_payload(text)
    }
}

fn keep(host: &Host, payload: &str) {
    if let (Some(s), Some(key)) = (storage(), host.storage_key()) {
        let _ = s.set_item(key, payload);
    }
}

/// Forgets `host`'s kept session (and nobody else's).
pub fn forget_stored(host: &Host) {
    if let (Some(s), Some(key)) = (storage(), host.storage_key()) {
        let _ = s.remove_item(key);
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
    let address = format!("{}?{}", location.pathname().unwrap_or_default(), query.join("&"));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}

/// Where the page's session comes from at start-up: the link in the
/// address, else a lesson link, else the session kept from the last visit,
/// else the defaults. A link that cannot be read is named and changes
/// nothing (the kept session is used and stays). A link that differs from
/// a kept session is shown, and the kept one offered back, untouched until
/// the learner changes something or dismisses the offer.
pub fn start_up(a: &mut App, lesson: Option<String>) {
    let kept = stored(&a.host);
    let mut notes = Vec::new();
    if let Some(text) = fragment() {
        match read_payload(&text) {
            Ok((session, note)) => {
                a.replace_session(session);
                notes.extend(note.map(String::from));
                // The address stays as it was opened, to be copied on.
                a.remembered = payload(&a.session).ok();
                a.offer = kept.filter(|k| Some(k) != a.remembered.as_ref());
                a.notice = (!notes.is_empty()).then(|| notes.join(" "));
                return;
            }
            Err(e) => notes.push(format!("The link could not be read ({e}); it was left unused.")),
        }
    }
    if let Some(id) = lesson {
        if let Err(e) = a.load_lesson(&id) {
            notes.push(e);
        }
    } else if let Some(text) = kept {
        match read_stored(&text) {
            Ok((session, note)) => {
                a.replace_session(session);
                notes.extend(note.map(String::from));
            }
            Err(e) => {
                forget_stored(&a.host);
                notes.push(format!(
                    "The saved session could not be restored ({e}); starting fresh."
                ));
            }
        }
    }
    a.notice = (!notes.is_empty()).then(|| notes.join(" "));
}

/// "Restore your previous session": the kept session replaces the link's.
pub fn restore_offer(a: &mut App) {
    let Some(text) = a.offer.take() else { return };
    let result = read_stored(&text).map(|(session, _)| a.replace_session(session));
    a.report(result);
}

/// Dismissing the offer: the link's session is the kept one from now on.
pub fn dismiss_offer(a: &mut App) {
    a.offer = None;
    if let Some(text) = &a.remembered {
        keep(&a.host, text);
    }
}

/// Keeps the session (for a reload or a closed tab) and puts it in the
/// address bar. The address then always holds the current state while it
/// fits in a link; once it does not, the plain address replaces it (no
/// stale state is left to win over the kept session on a reload), and the
/// page says so once.
pub fn remember(app: &mut App, now: f64) {
    if app.host.storage_key().is_none() && !app.host.owns_address() {
        return; // an element without `persist`: nothing leaves it
    }
    // Encoding on every frame would cost time with 10 000 points: only when
    // the points or settings changed.
    let points = app.session.versions().1;
    if app.remembered_for != Some(points) {
        app.remembered_for = Some(points);
        if let Ok(text) = payload(&app.session) {
            if app.remembered.as_deref() != Some(text.as_str()) {
                // The learner changed something: the kept session is this one now.
                app.offer = None;
                keep(&app.host, &text);
                app.remembered = Some(text);
                app.address_due = true;
            }
        }
    }
    if app.address_due && app.host.owns_address() && now - app.address_written_at >= ADDRESS_EVERY_MS {
        app.address_due = false;
        app.address_written_at = now;
        write_address(app);
    }
}

/// Writes the current state into the address bar (or the plain address).
fn write_address(app: &mut App) {
    let Ok(window) = dom::window() else { return };
    let location = window.location();
    let plain = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    let state = app
        .remembered
        .as_deref()
        .filter(|&p| Some(p) != app.baseline.as_deref());
    let address = match state {
        Some(p) if p.len() + "state=".len() <= MAX_LINK_CHARS => {
            app.told_too_long = false;
            format!("{plain}#state={p}")
        }
        Some(_) => {
            if !app.told_too_long {
                app.told_too_long = true;
                app.notice = Some(TOO_LONG.into());
            }
            plain
        }
        None => plain,
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}

/// What the page says (once) when the state has outgrown a link.
const TOO_LONG: &str = "This session has too many points to fit in a link, so the address bar now shows the plain page; it is kept in this browser, and “Export JSON” shares it whole.";

/// "Copy link": the current address, once any pending state is in it.
pub fn copy_link(app: &mut App, now: f64) {
    if app.address_due && app.host.owns_address() {
        app.address_due = false;
        app.address_written_at = now;
        write_address(app);
    }
    let Ok(window) = dom::window() else { return };
    let href = window.location().href().unwrap_or_default();
    // Through Reflect: web-sys's Navigator and Clipboard bindings would cost
    // download bytes for one call.
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).unwrap_or_default();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or_default();
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let copied = write
        .and_then(|f| f.call1(&clipboard, &href.into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match copied {
        Some(promise) => {
            // A refusal (no permission) is not an uncaught error in the console.
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = promise.catch(&ignore);
            ignore.forget();
            app.copied_until = now + 2000.0;
        }
        None => app.notice = Some("The browser did not allow copying; copy the address bar instead.".into()),
    }
}

/// Offers `text` (or a data URL) as a file download.
fn download(name: &str, href: &str) -> Result<(), JsValue> {
    let a: HtmlAnchorElement = dom::document()?.create_element("a")?.dyn_into()?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download(name, &url)?;
    web_sys::Url::revoke_object_url(&url)
}

/// The whole state, to continue the run elsewhere, as JSON.
pub fn export_json(app: &App) -> Result<String, String> {
    to_json(&Saved::of(&app.session))
}

/// Buttons: export JSON / CSV / PNG.
pub fn export(app: &App, what: &str) -> Result<(), JsValue> {
    use crate::model::csv;
    match what {
        "json" => download_text(
            "playground.json",
            "application/json",
            &export_json(app).map_err(|e| JsValue::from_str(&e))?,
        ),
        "csv" => download_text(
            "loss-history.csv",
            "text/csv",
            &csv::loss_history(app.session.history().samples()),
        ),
        "points" => download_text("points.csv", "text/csv", &csv::points(&app.session.points().points)),
        "data-png" => download("data.png", &app.data_view.canvas().to_data_url()?),
        "loss-png" => download("loss-curve.png", &app.loss_chart.canvas().to_data_url()?),
        _ => Ok(()),
    }
}

/// Applies imported text: a saved state (JSON), or points (`x,y,label[,split]`
/// CSV). A state saved by an older version says what it could not restore.
pub fn import(app: &mut App, name: &str, text: &str) -> Result<(), String> {
    if name.to_ascii_lowercase().ends_with(".csv") {
        let points = crate::model::csv::parse_points(text).map_err(|e| format!("{name}: {e}"))?;
        app.session.import_points(&points).map_err(|e| format!("{name}: {e}"))
    } else {
        let saved = from_json(text).map_err(|e| format!("{name} could not be read: {e}"))?;
        let (session, note) = saved.restore().map_err(|e| format!("{name} could not be used: {e}"))?;
        app.replace_session(session);
        app.notice = note.map(String::from);
        Ok(())
    }
}

/// Largest file read: a saved state or 10 000 points of CSV is well under 1 MB.
const MAX_IMPORT_BYTES: f64 = 5e6;

/// Reads the chosen file and imports it.
pub fn bind_import(app: &std::rc::Rc<std::cell::RefCell<App>>) -> Result<(), JsValue> {
    let input: HtmlInputElement = app.borrow().root.by_id("import-file")?;
    let shared = app.clone();
    dom::listen::<web_sys::Event>(&input.clone(), "change", move |_| {
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        input.set_value("");
        // Checked before reading: a huge file would be copied whole into the
        // wasm memory, and a failed allocation there aborts the page.
        if file.size() > MAX_IMPORT_BYTES {
            if let Ok(mut a) = shared.try_borrow_mut() {
                a.report::<()>(Err(format!(
                    "{name} is {} MB; files up to {} MB can be imported",
                    crate::model::number::show(file.size() / 1e6),
                    crate::model::number::show(MAX_IMPORT_BYTES / 1e6)
                )));
            }
            return;
        }
        let shared = shared.clone();
        let done = Closure::once(move |text: JsValue| {
            if let Ok(mut a) = shared.try_borrow_mut() {
                let text = text.as_string().unwrap_or_default();
                // On success the import leaves its own note (or none).
                if let Err(e) = import(&mut a, &name, &text) {
                    a.notice = Some(e);
                }
            }
        });
        let _ = file.text().then(&done);
        done.forget();
    })
}
