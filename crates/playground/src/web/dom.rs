//! Small DOM helpers. Text from anywhere reaches the page only through
//! `textContent`, `value` or `<option>` text — never as HTML.

use crate::model::number;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlElement, HtmlSelectElement, Window};

/// The window (always present in a page).
pub fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

/// The document.
pub fn document() -> Result<Document, JsValue> {
    window()?.document().ok_or_else(|| JsValue::from_str("no document"))
}

/// Where a playground's elements live: the page's document, or the shadow
/// root of one `<backprop-playground>` element (ids are unique only within
/// it, so every lookup goes through the playground's own root).
#[derive(Clone)]
pub struct Root {
    node: web_sys::Node,
}

impl Root {
    /// The whole page.
    pub fn document() -> Result<Root, JsValue> {
        Ok(Root {
            node: document()?.into(),
        })
    }

    /// A shadow root (or any document fragment).
    pub fn fragment(fragment: &web_sys::DocumentFragment) -> Root {
        Root {
            node: fragment.clone().into(),
        }
    }

    /// The element with this id, as type `T`.
    pub fn by_id<T: JsCast>(&self, id: &str) -> Result<T, JsValue> {
        self.element(id)?.dyn_into::<T>().map_err(|_| not_kind(id))
    }

    /// The element with this id: the part of [`Root::by_id`] that is the
    /// same for every `T`, compiled once.
    fn element(&self, id: &str) -> Result<Element, JsValue> {
        let found = if let Some(d) = self.node.dyn_ref::<Document>() {
            d.get_element_by_id(id)
        } else if let Some(f) = self.node.dyn_ref::<web_sys::DocumentFragment>() {
            f.get_element_by_id(id)
        } else {
            None
        };
        found.ok_or_else(|| JsValue::from_str(&format!("the page has no #{id}")))
    }

    /// Every element matching a CSS selector.
    pub fn query_all(&self, selector: &str) -> Result<web_sys::NodeList, JsValue> {
        if let Some(d) = self.node.dyn_ref::<Document>() {
            d.query_selector_all(selector)
        } else if let Some(f) = self.node.dyn_ref::<web_sys::DocumentFragment>() {
            f.query_selector_all(selector)
        } else {
            Err(JsValue::from_str("no root to search"))
        }
    }
}

/// Why an element was not what [`Root::by_id`] was asked for.
fn not_kind(id: &str) -> JsValue {
    JsValue::from_str(&format!("#{id} is not the expected kind of element"))
}

/// Sets an element's text, unless it is the very text this function last
/// set there; true if it wrote. The page sets its read-outs every frame:
/// what was set is remembered on the element itself, as a 52-bit hash of
/// the text in a property of its own — a number crosses the wasm boundary
/// for nothing, where reading `textContent` back would copy the whole text
/// into wasm memory, every element, every frame.
pub fn set_text(element: &Element, text: &str) -> bool {
    // FNV-1a, 64 bits, folded to 52 (exact in an f64).
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let hash = JsValue::from_f64(((hash >> 12) ^ (hash & 0xfff)) as f64);
    TEXT_KEY.with(|key| {
        if js_sys::Reflect::get(element, key).is_ok_and(|shown| shown == hash) {
            return false;
        }
        // A read-out's one text node takes the new text: assigning
        // `textContent` would remove it and make a new one for every number
        // that changed, every frame (measured in Chromium, with the page
        // laid out between frames: ~27 µs a write against ~9).
        match element.first_child() {
            Some(node) if !text.is_empty() && node.node_type() == web_sys::Node::TEXT_NODE && node.next_sibling().is_none() => {
                node.set_node_value(Some(text));
            }
            _ => element.set_text_content(Some(text)),
        }
        let _ = js_sys::Reflect::set(element, key, &hash);
        true
    })
}

thread_local! {
    /// The property [`set_text`] keeps its hash in.
    static TEXT_KEY: JsValue = JsValue::from_str("__bppText");
}

/// Fills a `<select>` with (value, label) options, keeping `selected`.
pub fn fill_select(select: &HtmlSelectElement, options: &[(String, String)], selected: &str) -> Result<(), JsValue> {
    fill_options(select, options)?;
    select.set_value(selected);
    Ok(())
}

/// Replaces the `<option>`s of a `<select>` or `<datalist>`: (value, label) pairs.
pub fn fill_options(list: &Element, options: &[(String, String)]) -> Result<(), JsValue> {
    list.set_text_content(None);
    let document = document()?;
    for (value, label) in options {
        let option = document.create_element("option")?;
        option.set_attribute("value", value)?;
        option.set_text_content(Some(label));
        list.append_child(&option)?;
    }
    Ok(())
}

/// Shows or hides an element.
pub fn set_hidden(element: &HtmlElement, hidden: bool) {
    if element.hidden() != hidden {
        element.set_hidden(hidden);
    }
}

/// An optional read-out to `digits` significant digits (see
/// [`crate::model::number`]), or "–" when there is none.
pub fn format_number(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "–".to_string(), |v| number::significant(v, digits as u32))
}

/// A canvas's 2-D drawing context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("not a 2d context"))
}

/// A canvas that is never attached to the page (a drawing layer).
pub fn offscreen(width: u32, height: u32) -> Result<HtmlCanvasElement, JsValue> {
    let canvas: HtmlCanvasElement = document()?.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    Ok(canvas)
}

/// Strokes a polyline through `points` (already in canvas pixels).
pub fn polyline(ctx: &CanvasRenderingContext2d, points: impl IntoIterator<Item = (f64, f64)>) {
    ctx.begin_path();
    for (k, (x, y)) in points.into_iter().enumerate() {
        if k == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.stroke();
}

/// Milliseconds since the page's time origin (`performance.now()`); 0
/// where there is no clock.
pub fn now_ms() -> f64 {
    CLOCK.with(|clock| clock.as_ref().map_or(0.0, |p| p.now()))
}

thread_local! {
    /// The page's clock, looked up once.
    static CLOCK: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
}

/// `pixels.set(rgba)`: the bytes into the JS array an `ImageData` shares.
/// js_sys's `copy_from` does the same after an `assert_eq!` of the lengths,
/// whose message links core's `Debug` of integers; ours are always the same
/// length (both are made from one width × height).
pub fn copy_pixels(pixels: &js_sys::Uint8ClampedArray, rgba: &[u8]) {
    pixels.unchecked_ref::<Pixels>().set(rgba);
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A `Uint8ClampedArray`, for its `set`.
    type Pixels;
    #[wasm_bindgen(method)]
    fn set(this: &Pixels, rgba: &[u8]);
}
