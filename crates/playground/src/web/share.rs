//! Links, the saved session, exports and imports. Every text that comes
//! from outside (a link, local storage, a file) is parsed strictly into the
//! engine's types and then applied as a whole, or refused with a message; it
//! is never inserted into the page as HTML.

use backprop::strict::Value;
use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, HtmlInputElement};

use super::app::App;
use super::dom;
use crate::model::share::{self, Saved, MAX_LINK_CHARS};

/// Where the working session is kept between visits.
pub const STORAGE_KEY: &str = "backprop-playground/session";

/// A saved state as JSON text (numbers in their shortest exact form).
pub fn to_json(saved: &Saved) -> Result<String, String> {
    let value = serde_wasm_bindgen::to_value(saved).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "the state could not be written as JSON".to_string())
}

/// A saved state from JSON text, checked field by field.
pub fn from_json(text: &str) -> Result<Saved, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "it is not valid JSON".to_string())?;
    let tree: Value = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    Saved::deserialize(tree).map_err(|e| e.to_string())
}

/// The state in a `#state=…` fragment, if the page's address has one.
pub fn read_fragment() -> Option<Result<Saved, String>> {
    let hash = dom::window().ok()?.location().hash().ok()?;
    let encoded = hash.trim_start_matches('#').strip_prefix("state=")?.to_string();
    Some((|| {
        let bytes = share::decode(&encoded)?;
        let text = String::from_utf8(bytes).map_err(|_| "the link's state is not text".to_string())?;
        from_json(&text)
    })())
}

fn storage() -> Option<web_sys::Storage> {
    dom::window().ok()?.local_storage().ok()?
}

/// The session kept from an earlier visit, if any.
pub fn read_stored() -> Option<Result<Saved, String>> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    Some(from_json(&text))
}

/// Forgets the kept session.
pub fn forget_stored() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

/// Keeps the session (for a reload or a closed tab) and puts it in the
/// address bar — unless it is just what the address already makes (a lesson
/// link or the defaults), which keeps links short and readable.
pub fn remember(app: &mut App) {
    // Writing the state out as JSON on every frame took over half of each
    // frame with 10 000 points: only when the points or settings changed.
    let points = app.session.versions().1;
    if app.remembered_for == Some(points) {
        return;
    }
    app.remembered_for = Some(points);
    let saved = Saved::of(&app.session, false);
    let Ok(json) = to_json(&saved) else { return };
    if app.remembered.as_deref() == Some(json.as_str()) {
        return;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &json);
    }
    let fresh = app.baseline.as_deref() == Some(json.as_str());
    let query = saved
        .config
        .lesson
        .as_ref()
        .map(|id| format!("?lesson={id}"))
        .unwrap_or_else(|| "?".into());
    let address = if fresh {
        Some(query)
    } else {
        // The `#state=…` fragment: the JSON just written, in base64url.
        let encoded = share::encode(json.as_bytes());
        match encoded.len() + "state=".len() {
            n if n <= MAX_LINK_CHARS => Some(format!("{query}#state={encoded}")),
            _ => {
                app.notice = Some(
                    "This session has too many points to fit in a link; use “Export JSON” to share it.".to_string(),
                );
                None
            }
        }
    };
    if let (Some(address), Ok(history)) = (address, dom::window().and_then(|w| w.history())) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
    app.remembered = Some(json);
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

/// The whole state with the weights, as JSON.
pub fn export_json(app: &App) -> Result<String, String> {
    to_json(&Saved::of(&app.session, true))
}

/// Buttons: export JSON / CSV / PNG.
pub fn export(app: &App, what: &str) -> Result<(), JsValue> {
    match what {
        "json" => download_text(
            "playground.json",
            "application/json",
            &export_json(app).map_err(|e| JsValue::from_str(&e))?,
        ),
        "csv" => download_text(
            "loss-history.csv",
            "text/csv",
            &crate::model::csv::loss_history(app.session.history().samples()),
        ),
        "data-png" => download("data.png", &app.data_view.canvas().to_data_url()?),
        "loss-png" => download("loss-curve.png", &app.loss_chart.canvas().to_data_url()?),
        _ => Ok(()),
    }
}

/// Applies imported text: a saved state (JSON), or points (`x,y,label` CSV).
pub fn import(app: &mut App, name: &str, text: &str) -> Result<(), String> {
    if name.to_ascii_lowercase().ends_with(".csv") {
        let points = crate::model::csv::parse_points(text).map_err(|e| format!("{name}: {e}"))?;
        app.session.replace_points(&points).map_err(|e| format!("{name}: {e}"))
    } else {
        let saved = from_json(text).map_err(|e| format!("{name} could not be read: {e}"))?;
        let session = saved.restore().map_err(|e| format!("{name} could not be used: {e}"))?;
        app.replace_session(session);
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
                    "{name} is {:.1} MB; files up to {} MB can be imported",
                    file.size() / 1e6,
                    MAX_IMPORT_BYTES / 1e6
                )));
            }
            return;
        }
        let shared = shared.clone();
        let done = Closure::once(move |text: JsValue| {
            if let Ok(mut a) = shared.try_borrow_mut() {
                let text = text.as_string().unwrap_or_default();
                let result = import(&mut a, &name, &text);
                a.report(result);
            }
        });
        let _ = file.text().then(&done);
        done.forget();
    })
}
