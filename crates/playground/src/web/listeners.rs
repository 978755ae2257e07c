//! Event listeners that a playground owns: each is removed from its element
//! (and its closure freed) when dropped, so a stopped playground leaves no
//! handler behind — none on its host element, which may be put back into
//! the page, and no closure holding memory.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

/// One `addEventListener`, undone on drop.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Calls `handler` on every `event` of `target` until the returned
/// listener is dropped.
pub fn listen(
    target: &EventTarget,
    event: &'static str,
    handler: impl FnMut(Event) + 'static,
) -> Result<Listener, JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    Ok(Listener {
        target: target.clone(),
        event,
        closure,
    })
}
