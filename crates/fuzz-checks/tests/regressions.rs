//! Replays every kept fuzz input through its target's checks, on stable, in
//! every `cargo test`: the inputs that once crashed something (saved by
//! `scripts/fuzz`) and hand-written hostile ones, in
//! `fuzz/regressions/<target>/`, and the valid starting inputs in
//! `fuzz/seeds/<target>/`. A fixed bug stays fixed.

use std::fs;
use std::path::Path;

#[test]
fn every_kept_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut replayed = 0;
    for (kind, (name, check)) in ["regressions", "seeds"]
        .into_iter()
        .flat_map(|kind| fuzz_checks::TARGETS.iter().map(move |t| (kind, t)))
    {
        let dir = root.join(kind).join(name);
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a readable entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{name} has {kind}");
        for file in files {
            let data = fs::read(&file).expect("a readable input");
            eprintln!("{name}: {}", file.display());
            check(&data);
            replayed += 1;
        }
    }
    eprintln!("{replayed} inputs replayed");
}

/// The random-API property test, as the fuzzers' checks: every target on
/// 300 seeded random inputs per run (the same ones every time), so the
/// promises are exercised beyond the kept corpus in every `cargo test` —
/// random configs, data and calls, valid and invalid, each answered with
/// `Ok` or a message, never a panic.
#[test]
fn seeded_random_inputs_keep_every_targets_promises() {
    let mut rng = backprop::Rng::new(2026);
    for (name, check) in fuzz_checks::TARGETS {
        for _ in 0..300 {
            let len = rng.below(257) as usize;
            let data: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            eprintln!("{name}: {data:?}");
            check(&data);
        }
    }
}
