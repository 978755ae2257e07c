//! The link fuzzer starts from valid links: each seed must read and restore
//! (a seed that is refused would only teach the fuzzer the error paths).

use backprop::strict::Value;
use playground::model::link::{self, Head};
use serde::Deserialize;
use std::fs;
use std::path::Path;

#[test]
fn every_link_seed_restores() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/link_bytes");
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let read = link::read(&fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let head = Head::deserialize(serde_json::from_str::<Value>(&read.head).unwrap()).unwrap();
        if let Err(e) = read.restore(head) {
            panic!("{}: {e}", path.display());
        }
        count += 1;
    }
    assert_eq!(count, 5);
}
