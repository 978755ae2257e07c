#![no_main]
// See crates/fuzz-checks/src for what this target checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::datasets::datasets(data));
