//! The Backprop Playground page.
//!
//! `model/` is plain Rust (settings, points, loss history, the session that
//! ties them to the engine's trainer, the heatmap's pixels); `web/` is the
//! browser: DOM controls, canvas renderers, the animation loop and
//! `window.playground`. Data flows one way: input events → session → trainer →
//! renderers reading the session.

pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod web;
