//! The control table against the page's markup (`web/index.html`): every
//! row's element is there, inside (or carrying) the `data-control` its row
//! names; every `data-control` of the markup is a row's; every lesson names
//! real controls; and every field reads and writes the settings it shows.

use playground::model::lessons;
use playground::model::settings::Settings;
use playground::web::control_table::{find, is_name, Access, Kind, CONTROLS};

const INDEX: &str = include_str!("../../../web/index.html");

/// An element of the markup with an id: its tag, and the `data-control` of
/// itself or its nearest ancestor that has one.
#[derive(Debug)]
struct Element {
    id: String,
    tag: String,
    control: Option<String>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// A small reader for the page's own (well-formed) markup: walks the tags,
/// keeping the open elements' `data-control` names on a stack.
fn elements(html: &str) -> (Vec<Element>, Vec<String>) {
    const VOID: [&str; 7] = ["input", "meta", "link", "br", "img", "hr", "source"];
    let (mut found, mut names) = (Vec::new(), Vec::new());
    let mut open: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').expect("a tag is closed");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if let Some(closed) = tag.strip_prefix('/') {
            let closed = closed.trim();
            let i = open
                .iter()
                .rposition(|(t, _)| t == closed)
                .expect("a closing tag matches an open one");
            open.truncate(i);
            continue;
        }
        let own = attribute(tag, "data-control");
        names.extend(own.clone());
        let control = own.or_else(|| open.iter().rev().find_map(|(_, c)| c.clone()));
        if let Some(id) = attribute(tag, "id") {
            found.push(Element {
                id,
                tag: name.clone(),
                control: control.clone(),
            });
        }
        // A script's text is not markup.
        if name == "script" {
            rest = &rest[rest.find("</script>").expect("a script is closed")..];
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            open.push((name, control));
        }
    }
    (found, names)
}

#[test]
fn every_control_is_in_the_markup_under_its_own_name() {
    let (found, _) = elements(INDEX);
    for control in CONTROLS {
        let matching: Vec<&Element> = found.iter().filter(|e| e.id == control.id).collect();
        assert_eq!(matching.len(), 1, "#{} should be in index.html once", control.id);
        let expected = (!control.name.is_empty()).then(|| control.name.to_string());
        assert_eq!(matching[0].control, expected, "the data-control around #{}", control.id);
        let tag = matching[0].tag.as_str();
        let fits = match control.kind {
            Kind::Press(_) | Kind::Set(_) => matches!(tag, "button" | "input"),
            Kind::Field(_) | Kind::Tool(_) | Kind::Weight(_) | Kind::File => matches!(tag, "select" | "input"),
            Kind::Choose { .. } => tag == "select",
            Kind::Echo(_) => matches!(tag, "output" | "span"),
            Kind::Features | Kind::Layers => tag == "div",
            Kind::Section => tag == "details",
        };
        assert!(fits, "#{} is a <{tag}>, which does not fit its kind", control.id);
    }
}

#[test]
fn every_data_control_name_in_the_markup_is_a_control_of_the_table() {
    let (_, names) = elements(INDEX);
    assert!(names.len() > 30, "the markup's data-control names were read: {names:?}");
    for name in names {
        assert!(
            is_name(&name),
            "data-control=\"{name}\" has no row in the control table"
        );
    }
}

#[test]
fn menus_are_filled_from_the_table_not_the_markup() {
    // Options written into index.html would be a second list to keep in step.
    assert!(!INDEX.contains("<option"), "index.html has <option> elements");
}

#[test]
fn every_lesson_names_controls_of_the_table() {
    for lesson in lessons::all() {
        for name in lesson.controls {
            assert!(
                is_name(name),
                "lesson {} names a control \"{name}\" that has no row",
                lesson.id
            );
        }
    }
}

#[test]
fn every_field_reads_what_it_writes() {
    let settings = Settings::default();
    for control in CONTROLS {
        let Kind::Field(field) = &control.kind else { continue };
        // The value shown for the defaults writes back the defaults …
        let shown = field.read(&settings);
        let mut back = settings.clone();
        match field.write(&mut back, &shown) {
            Ok(()) => assert_eq!(back, settings, "#{} round trip of {shown:?}", control.id),
            // (No regularization has no rate: an empty, disabled box.)
            Err(_) => assert_eq!((control.id, shown.as_str()), ("regularization-rate", "")),
        }
        // … and every option it offers is read back as itself.
        for (value, label) in field.options.list() {
            let mut chosen = settings.clone();
            field
                .write(&mut chosen, &value)
                .unwrap_or_else(|e| panic!("#{} option {label}: {e}", control.id));
            assert_eq!(field.read(&chosen), value, "#{} option {label}", control.id);
        }
        // A checkbox is on or off.
        if let Access::Flag(_) = field.access {
            for on in ["true", "false"] {
                let mut ticked = settings.clone();
                field
                    .write(&mut ticked, on)
                    .unwrap_or_else(|e| panic!("#{}: {e}", control.id));
                assert_eq!(field.read(&ticked), on, "#{}", control.id);
            }
        }
        // A value that is no option, no number, is refused with a message that names it.
        let mut refused = settings.clone();
        if let Err(e) = field.write(&mut refused, "<junk>") {
            assert!(e.contains("<junk>"), "#{}: {e}", control.id);
            assert_eq!(refused, settings, "#{} changed on a refused value", control.id);
        }
    }
}

#[test]
fn a_control_is_found_by_its_id() {
    assert!(find("noise").is_some_and(|c| c.name == "noise"));
    assert!(find("nonsense").is_none());
}

#[test]
fn a_typed_number_out_of_range_or_not_a_number_is_refused_in_the_words_typed() {
    // These once reached the settings' range check, which said "got inf" or "got NaN".
    for (id, typed, says) in [
        ("learning-rate", "1e400", "learning rate: \"1e400\" is out of range"),
        (
            "learning-rate",
            "Infinity",
            "learning rate: \"Infinity\" is out of range",
        ),
        ("learning-rate", "NaN", "learning rate: \"NaN\" is not a number"),
        ("learning-rate", "-1e400", "learning rate: \"-1e400\" is out of range"),
        ("learning-rate", "1e-400", "learning rate: \"1e-400\" is out of range"),
        (
            "regularization-rate",
            "1e999",
            "regularization rate: \"1e999\" is out of range",
        ),
    ] {
        let Some(Kind::Field(field)) = find(id).map(|c| &c.kind) else {
            panic!("#{id} is a field")
        };
        let mut settings = Settings::default();
        assert_eq!(
            field.write(&mut settings, typed),
            Err(says.to_string()),
            "#{id} {typed}"
        );
        assert_eq!(settings, Settings::default(), "#{id} changed on {typed}");
    }
}

#[test]
fn a_typed_zero_is_a_zero_however_it_is_written() {
    // Only a nonzero number too small for an f64 is refused ("1e-400"), not 0 itself.
    let Some(Kind::Field(field)) = find("learning-rate").map(|c| &c.kind) else {
        panic!("#learning-rate is a field")
    };
    for typed in ["0", "0.000", "0e-400", "-0", " 0E5 "] {
        let mut settings = Settings::default();
        assert_eq!(field.write(&mut settings, typed), Ok(()), "{typed}");
        assert_eq!(settings.learning_rate, 0.0, "{typed}");
    }
}
