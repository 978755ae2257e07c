//! The fuzz targets' bodies, as plain functions of the fuzzer's bytes.
//!
//! Each function feeds its bytes to one of the playground's parsers or to
//! the engine and checks what must hold for *any* input: no panic, no
//! abort, bounded work, and the promises the parsers make (a decoded link
//! re-encodes, an accepted state restores and trains, weights stay finite).
//! A broken promise is a panic here, which the fuzzer reports as a crash.
//!
//! The same functions run twice: under libFuzzer in `fuzz/` (`scripts/fuzz`,
//! nightly) and in `cargo test` (`tests/regressions.rs`), which replays
//! every input kept in `fuzz/regressions/<target>/` — the inputs that once
//! found a bug, and hand-written hostile ones.

mod bytes;
pub mod datasets;
pub mod engine;
pub mod expression;
pub mod page;

/// A target's body: panics when the input breaks a promise.
pub type Check = fn(&[u8]);

/// Every target by name: the name of its `fuzz/fuzz_targets/` file and of
/// its folder of kept inputs.
pub const TARGETS: &[(&str, Check)] = &[
    ("state_link", page::state_link),
    ("link_bytes", page::link_bytes),
    ("json_import", page::json_import),
    ("csv_import", page::csv_import),
    ("expression", expression::expression),
    ("engine", engine::engine),
    ("datasets", datasets::datasets),
];
