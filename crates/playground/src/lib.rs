//! The Backprop Playground page.
//!
//! `model/` is plain Rust (settings, points, loss history, the session that
//! ties them to the engine's trainer, the heatmap's pixels); `web/` is the
//! browser: DOM controls, canvas renderers, the animation loop and
//! `window.playground`. Data flows one way: input events → session → trainer →
//! renderers reading the session.

// A quality gate, checked by clippy in CI: outside tests nothing may unwrap,
// expect or panic — every value that comes from a user is checked and
// answered with an error message instead (see README, "Guarantees").
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod model;

pub mod web;
