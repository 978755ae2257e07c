//! The page's readers of outside text: a shared link's `#state=` (both
//! formats), an imported JSON state, and imported CSV points.

use backprop::strict::Value;
use playground::model::csv::parse_points;
use playground::model::link::{self, Head};
use playground::model::session::Session;
use playground::model::settings::Settings;
use playground::model::share::{decode, encode, Saved};
use serde::Deserialize;

/// A link's fragment: base64url, then a state of either format inside it.
pub fn state_link(data: &[u8]) {
    // Any bytes survive being put in a link and read back.
    assert_eq!(decode(&encode(data)).as_deref(), Ok(data), "base64url round trip");
    // A fragment is text; whatever it says, decoding it is an answer, not a crash.
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(bytes) = decode(text) {
        match bytes.first() {
            Some(b'{') => {
                if let Ok(json) = String::from_utf8(bytes) {
                    saved_state(&json);
                }
            }
            _ => link_bytes(&bytes),
        }
    }
}

/// The bytes of a link of the compact format (see `model/link.rs`): read
/// strictly; what reads and restores writes back to the same points.
pub fn link_bytes(data: &[u8]) {
    let Ok(read) = link::read(data) else { return };
    let Ok(tree) = serde_json::from_str::<Value>(&read.head) else {
        return;
    };
    let Ok(head) = Head::deserialize(tree) else { return };
    let Ok(mut session) = read.restore(head) else { return };
    let again = link::of_session(&session, &read.head);
    let back = link::read(&again).expect("what we write reads back");
    let copy = back.restore(Head::of(&session)).expect("what we write restores");
    assert_eq!(
        copy.points().points,
        session.points().points,
        "a link round-trips its points exactly"
    );
    exercise(&mut session);
}

/// An imported `.json` file (the same reader as a kept session).
pub fn json_import(data: &[u8]) {
    // The browser decodes a file's text lossily, so every byte string is text.
    saved_state(&String::from_utf8_lossy(data));
}

/// A saved state: read strictly, restored whole, and then it must work.
fn saved_state(json: &str) {
    let Ok(tree) = serde_json::from_str::<Value>(json) else {
        return;
    };
    let Ok(saved) = Saved::deserialize(tree) else { return };
    let Ok((mut session, _)) = saved.restore() else { return };
    exercise(&mut session);
    // What the page exports of it reads back to the same state.
    let again = Saved::of(&session);
    let text = serde_json::to_string(&again).expect("a restored state can be written");
    let tree: Value = serde_json::from_str(&text).expect("what we write is JSON");
    let back = Saved::deserialize(tree).expect("what we write reads back");
    assert_eq!(back, again, "a saved state round-trips exactly");
    back.restore().expect("what we write restores");
}

/// An imported `.csv` file of points.
pub fn csv_import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(points) = parse_points(&text) else { return };
    assert!(
        points
            .iter()
            .all(|p| p.x.is_finite() && p.y.is_finite() && p.label.is_finite()),
        "only finite numbers are read"
    );
    for settings in [Settings::default(), regression()] {
        let Ok(mut session) = Session::new(settings) else {
            panic!("the default settings make a session")
        };
        if session.import_points(&points).is_ok() {
            assert_eq!(session.points().points.len(), points.len(), "every point is kept");
            exercise(&mut session);
        }
    }
}

/// The 1-D regression settings, where a point's label is its height.
fn regression() -> Settings {
    let mut settings = Settings::default();
    settings.choose_dataset(backprop::DatasetKind::Dosage);
    settings
}

/// Trains a little, as a learner would after loading, and checks that
/// nothing the page shows became NaN or infinite.
fn exercise(session: &mut Session) {
    session.train_epochs(2);
    session.train_batch();
    let m = session.measures();
    for value in [m.train_loss, m.test_loss, m.accuracy, m.test_accuracy]
        .into_iter()
        .flatten()
    {
        assert!(value.is_finite(), "a shown measure is {value}");
    }
    assert!(
        session.network().flat_params().iter().all(|p| p.is_finite()),
        "weights stay finite"
    );
    session.reset();
    assert_eq!(session.epoch(), 0, "reset starts over");
}
