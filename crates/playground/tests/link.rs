//! Links: a session's points as the data set's recipe plus a change, in a
//! few bytes a point — read back to the very same f64, and short.

use backprop::DatasetKind;
use playground::model::lessons::find;
use playground::model::link::{self, Head};
use playground::model::points::Point;
use playground::model::session::Session;
use playground::model::settings::Settings;
use playground::model::share::{decode, encode};

/// What the page writes as the head for the default settings.
const DEFAULT_HEAD: &str = r#"{"config":{}}"#;

/// A fixed stream of numbers in [0, 1) (a 64-bit LCG: no test depends on
/// the machine's randomness).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The session a link of `s` opens.
fn through_link(s: &Session) -> (Session, usize) {
    let text = encode(&link::of_session(s, DEFAULT_HEAD));
    let read = link::read(&decode(&text).unwrap()).unwrap();
    assert_eq!(read.head, DEFAULT_HEAD);
    (read.restore(Head::of(s)).unwrap(), text.len())
}

fn bits(points: &[Point]) -> Vec<[u64; 3]> {
    points
        .iter()
        .map(|p| [p.x.to_bits(), p.y.to_bits(), p.label.to_bits()])
        .collect()
}

#[test]
fn random_clicks_and_removals_come_back_bit_for_bit() {
    let mut r = Stream(7);
    let kinds = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Spiral,
        DatasetKind::Plane,
        DatasetKind::Dosage,
    ];
    for trial in 0..120 {
        let mut settings = Settings::default();
        settings.choose_dataset(kinds[trial % kinds.len()]);
        settings.data_seed = trial as u32;
        settings.classes = if trial % 7 == 0 && settings.task() == backprop::Task::Classification {
            4
        } else {
            2
        };
        let mut s = Session::new(settings).unwrap();
        if trial % 9 == 0 {
            s.clear_points();
        }
        let d = s.points().domain;
        let (w, h) = (d.x_max - d.x_min, d.y_max - d.y_min);
        for _ in 0..(r.next() * 30.0) as usize {
            // Some clicks land beyond the domain (a script's addPoint).
            let (x, y) = (
                d.x_min + w * (1.4 * r.next() - 0.2),
                d.y_min + h * (1.4 * r.next() - 0.2),
            );
            let label = (r.next() * s.settings().classes as f64).floor();
            s.add_point(x, y, label).unwrap();
        }
        for _ in 0..(r.next() * 20.0) as usize {
            let n = s.points().points.len();
            if n > 0 {
                let p = s.points().points[(r.next() * n as f64) as usize];
                assert!(s.remove_nearest(p.x, p.y, 1e-9));
            }
        }
        let (copy, _) = through_link(&s);
        assert_eq!(bits(&copy.points().points), bits(&s.points().points), "trial {trial}");
        assert_eq!(
            copy.points().points,
            s.points().points,
            "trial {trial}: splits and order too"
        );
    }
}

#[test]
fn a_lessons_own_exact_points_and_test_points_come_back_too() {
    for id in ["or-gate", "gender", "dosage", "linear-regression"] {
        let mut s = Session::new(Settings::default()).unwrap();
        find(id).unwrap().load(&mut s).unwrap();
        let (copy, _) = through_link(&s);
        assert_eq!(bits(&copy.points().points), bits(&s.points().points), "{id}");
        assert_eq!(copy.points().points, s.points().points, "{id}");
    }
}

#[test]
fn a_clicked_point_is_snapped_to_a_step_of_the_grid() {
    let mut s = Session::new(Settings::default()).unwrap();
    s.add_point(0.123456789, -2.5, 1.0).unwrap();
    // The playground's domain is −6…6: 0.005 a step.
    let p = *s.points().points.last().unwrap();
    assert_eq!((p.x, p.y, p.label), (0.125, -2.5, 1.0));
}

#[test]
fn links_are_short() {
    let mut r = Stream(3);
    let mut s = Session::new(Settings::default()).unwrap();
    let mut sizes = Vec::new();
    for n in 1..=1000 {
        s.add_point(12.0 * r.next() - 6.0, 12.0 * r.next() - 6.0, (n % 2) as f64)
            .unwrap();
        if [1, 50, 1000].contains(&n) {
            sizes.push(through_link(&s).1);
        }
    }
    eprintln!("#state= payload for 1, 50, 1000 clicked points: {sizes:?} characters");
    // 1 point: 22 bytes (format, head length, 13 of head, no removals,
    // one added, the mode, 2 + 2 of grid steps with the label) → 30 characters.
    assert_eq!(sizes[0], 30);
    // The page's address adds "http://host:port/?#state=" (~40 characters)
    // to these; the issue's limits are 300, 1 000 and 8 000 for the whole.
    assert!(sizes[1] < 1000 - 100, "{sizes:?}");
    assert!(sizes[2] < 8000 - 100, "{sizes:?}");
    // Clearing the 250 generated points is one run of removals, not 250.
    let mut cleared = Session::new(Settings::default()).unwrap();
    cleared.clear_points();
    // 1 + 1 + 13 + one run (1) of gap 0 (1) and length 250 (2) + none added (1):
    // 20 bytes, 27 characters.
    assert_eq!(through_link(&cleared).1, 27);
}

#[test]
fn a_new_noise_or_seed_keeps_the_clicked_points() {
    let mut s = Session::new(Settings::default()).unwrap();
    s.add_point(1.0, 1.0, 1.0).unwrap();
    let mut next = s.settings().clone();
    next.noise = 0.3;
    next.data_seed = 5;
    s.apply(next).unwrap();
    assert_eq!(s.change().added.len(), 1);
    assert_eq!(s.points().points.len(), 251);
    let mut spiral = s.settings().clone();
    spiral.choose_dataset(DatasetKind::Xor);
    s.apply(spiral).unwrap();
    assert!(s.change().is_empty(), "another data set starts from its own points");
}

#[test]
fn malformed_links_are_named() {
    let good = link::of_session(&Session::new(Settings::default()).unwrap(), DEFAULT_HEAD);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "cut short"),
        (vec![7], "format 7"),
        (good[..good.len() - 1].to_vec(), "cut short"),
        ([good.as_slice(), &[0]].concat(), "1 bytes too many"),
        (vec![2, 200, 1], "claims 200 bytes"),
        (vec![2, 0, 1, 0, 0], "no data set has"),
        (vec![2, 0, 0, 1, 9], "unknown mode 9"),
        (vec![2, 0, 0, 0xff, 0xff, 0xff, 0x7f], "at most 10000"),
        (
            vec![
                2, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            ],
            "too long",
        ),
    ];
    for (bytes, words) in cases {
        let e = link::read(&bytes).unwrap_err();
        assert!(e.contains(words), "{bytes:?}: {e}");
    }
    // Read, but not a state of this data set: refused by the session.
    let far = link::read(&[2, 0, 1, 0, 0x90, 0x4e, 0]).unwrap(); // removes 0…9999
    let Err(e) = far.restore(Head::of(&Session::new(Settings::default()).unwrap())) else {
        panic!("a link removing 10 000 of 250 points is refused")
    };
    assert!(e.contains("but the data set has 250"), "{e}");
}
