//! The browser side. Every input — a button, a key, a script's call, an
//! element's attribute, a lesson, an imported file — becomes an
//! [`action::Action`]; `App::dispatch` (in `app/dispatch.rs`) is the only
//! code that changes the playground's state, and after each action decides
//! the message line, whether to keep the session and which views are stale.
//! The controls are one table ([`control_table`]); the page, an iframe and a
//! `<backprop-playground>` element are three [`host::Host`]s of the same app.
//!
//! The action, the control table, the keyboard rules and cursors and the hosts are plain
//! Rust (tested natively); the rest needs a browser.

pub mod action;
pub mod control_table;
pub mod cursor;
pub mod host;
pub mod keys;
pub mod size_class;

/// Declares the modules that need a browser (compiled for wasm32 only).
macro_rules! in_the_browser {
    ($($vis:vis mod $name:ident;)*) => { $( #[cfg(target_arch = "wasm32")] $vis mod $name; )* };
}

in_the_browser! {
    mod alloc;
    mod api;
    mod app;
    mod boot;
    mod controls;
    pub mod data_view;
    mod dom;
    mod embed;
    mod events;
    mod graph_view;
    mod hidden_view;
    mod inspector;
    mod js_value;
    mod labels;
    mod landscape_view;
    mod listeners;
    pub mod loss_chart;
    pub mod network_view;
    mod neuron_panel;
    mod share;
}

/// The id of the element that holds a playground's markup (the page's
/// `<main>`, or the one in an element's shadow root). Not `playground`: an
/// element with that id would be `window.playground` (browsers name elements
/// by id on `window`) before the API is there.
pub const ROOT_ID: &str = "playground-root";
