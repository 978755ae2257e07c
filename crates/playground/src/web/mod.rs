//! The browser side. Every input — a button, a key, a script's call, an
//! element's attribute, a lesson, an imported file — becomes an
//! [`action::Action`]; `App::dispatch` (in `app/dispatch.rs`) is the only
//! code that changes the playground's state, and after each action decides
//! the message line, whether to keep the session and which views are stale.
//! The controls are one table ([`control_table`]); the page, an iframe and a
//! `<backprop-playground>` element are three [`host::Host`]s of the same app.
//!
//! The action, the control table, the keyboard rules and the hosts are plain
//! Rust (tested natively); the rest needs a browser.

pub mod action;
pub mod control_table;
pub mod host;
pub mod keys;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod boot;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
pub mod data_view;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod embed;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod graph_view;
#[cfg(target_arch = "wasm32")]
mod hidden_view;
#[cfg(target_arch = "wasm32")]
mod inspector;
#[cfg(target_arch = "wasm32")]
mod labels;
#[cfg(target_arch = "wasm32")]
mod landscape_view;
#[cfg(target_arch = "wasm32")]
mod listeners;
#[cfg(target_arch = "wasm32")]
pub mod loss_chart;
#[cfg(target_arch = "wasm32")]
pub mod network_view;
#[cfg(target_arch = "wasm32")]
mod neuron_panel;
#[cfg(target_arch = "wasm32")]
mod share;

/// The id of the element that holds a playground's markup (the page's
/// `<main>`, or the one in an element's shadow root). Not `playground`: an
/// element with that id would be `window.playground` (browsers name elements
/// by id on `window`) before the API is there.
pub const ROOT_ID: &str = "playground-root";
