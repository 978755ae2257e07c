//! Points as CSV text: one `x,y,label` or `x,y,label,split` per line (a
//! header line of words is skipped; the split is `train` or `test`, train
//! when absent). Every line is checked; the first bad one is named. The
//! "Export points (CSV)" button writes the same form, so it imports back.

use super::points::{Point, Split, MAX_PAGE_POINTS, TOO_MANY_POINTS};
use backprop::decimal::Decimal;

/// The points as `x,y,label,split` lines, every number in its shortest
/// exact form.
pub fn points(points: &[Point]) -> String {
    let mut out = String::from("x,y,label,split\n");
    for p in points {
        let split = if p.split == Split::Test { "test" } else { "train" };
        out.push_str(&format!(
            "{},{},{},{split}\n",
            Decimal(p.x),
            Decimal(p.y),
            Decimal(p.label)
        ));
    }
    out
}

/// Parses `x,y,label[,split]` lines; refuses more points than the page
/// holds (read no further than that, so a huge file costs no more than a
/// full one).
pub fn parse_points(text: &str) -> Result<Vec<Point>, String> {
    let mut points = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if points.len() >= MAX_PAGE_POINTS {
            return Err(TOO_MANY_POINTS.into());
        }
        let mut fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if n == 0 && fields.iter().take(3).any(|f| backprop::decimal::parse(f).is_none()) {
            continue; // a header such as "x,y,label"
        }
        let split = match fields.len() {
            3 => Split::Train,
            4 => match fields.pop() {
                Some("train") => Split::Train,
                Some("test") => Split::Test,
                other => {
                    let shown = shorten(other.unwrap_or_default());
                    return Err(format!("line {}: the split is train or test, got \"{shown}\"", n + 1));
                }
            },
            k => {
                return Err(format!(
                    "line {}: expected x,y,label or x,y,label,split, got {k} fields",
                    n + 1
                ))
            }
        };
        let mut values = [0.0; 3];
        for (k, field) in fields.iter().enumerate() {
            let v = backprop::decimal::parse(field)
                .ok_or_else(|| format!("line {}: \"{}\" is not a number", n + 1, shorten(field)))?;
            if !v.is_finite() {
                return Err(format!("line {}: {field} is not a finite number", n + 1));
            }
            values[k] = v;
        }
        points.push(Point {
            x: values[0],
            y: values[1],
            label: values[2],
            split,
            generated: None,
        });
    }
    Ok(points)
}

/// At most 40 characters of a field, for messages.
fn shorten(field: &str) -> String {
    field.chars().take(40).collect()
}

/// The loss history as `epoch,train,test` lines.
pub fn loss_history(samples: &[super::history::Sample]) -> String {
    let mut out = String::from("epoch,train_loss,test_loss\n");
    for s in samples {
        let test = s.test.map(|t| format!("{:?}", Decimal(t))).unwrap_or_default();
        out.push_str(&format!("{},{:?},{test}\n", s.epoch, Decimal(s.train)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_exactly_and_names_the_bad_line() {
        let pts = parse_points("x,y,label\n0.1,-2.5,1\n\n3e-3, 4 ,0,test\n").unwrap();
        let xyls: Vec<_> = pts.iter().map(|p| (p.x, p.y, p.label, p.split)).collect();
        assert_eq!(
            xyls,
            vec![(0.1, -2.5, 1.0, Split::Train), (0.003, 4.0, 0.0, Split::Test)]
        );
        assert!(parse_points("1,2\n")
            .unwrap_err()
            .contains("line 1: expected x,y,label or x,y,label,split, got 2 fields"));
        assert!(parse_points("1,2,0,<b>\n")
            .unwrap_err()
            .contains("line 1: the split is train or test, got \"<b>\""));
        assert!(parse_points("1,2,3\n1,<b>,0")
            .unwrap_err()
            .contains("line 2: \"<b>\" is not a number"));
        assert!(parse_points("1,2,3\n1,inf,0")
            .unwrap_err()
            .contains("not a finite number"));
    }

    #[test]
    fn what_it_writes_it_reads_back_exactly() {
        let written = vec![
            Point {
                x: 0.1,
                y: -2.5,
                label: 1.0,
                split: Split::Train,
                generated: None,
            },
            Point {
                x: 1.0 / 3.0,
                y: 1e-7,
                label: 0.0,
                split: Split::Test,
                generated: None,
            },
        ];
        let text = points(&written);
        assert_eq!(
            text,
            "x,y,label,split\n0.1,-2.5,1,train\n0.3333333333333333,0.0000001,0,test\n"
        );
        assert_eq!(parse_points(&text).unwrap(), written);
    }

    #[test]
    fn reads_as_many_points_as_the_page_holds_and_no_more() {
        let lines = |n: usize| -> String {
            let mut text = String::from("x,y,label\n\n");
            for i in 0..n {
                text.push_str(&format!("{},{},{}\n", i % 100, i / 100, i % 2));
            }
            text
        };
        assert_eq!(parse_points(&lines(MAX_PAGE_POINTS)).unwrap().len(), MAX_PAGE_POINTS);
        assert!(TOO_MANY_POINTS.contains(&format!("at most {MAX_PAGE_POINTS})")));
        for n in [MAX_PAGE_POINTS + 1, 100_000] {
            let e = parse_points(&lines(n)).unwrap_err();
            assert_eq!(e, TOO_MANY_POINTS);
        }
    }
}
