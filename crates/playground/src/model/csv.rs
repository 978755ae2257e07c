//! Points from CSV text: one `x,y,label` per line (a header line of words is
//! skipped). Every line is checked; the first bad one is named.

/// Most lines read.
pub const MAX_LINES: usize = 100_000;

/// Parses `x,y,label` lines.
pub fn parse_points(text: &str) -> Result<Vec<(f64, f64, f64)>, String> {
    let mut points = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if n >= MAX_LINES {
            return Err(format!("the file has more than {MAX_LINES} lines"));
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if n == 0 && fields.iter().any(|f| f.parse::<f64>().is_err()) {
            continue; // a header such as "x,y,label"
        }
        if fields.len() != 3 {
            return Err(format!(
                "line {}: expected x,y,label, got {} fields",
                n + 1,
                fields.len()
            ));
        }
        let mut values = [0.0; 3];
        for (k, field) in fields.iter().enumerate() {
            let v: f64 = field
                .parse()
                .map_err(|_| format!("line {}: \"{}\" is not a number", n + 1, shorten(field)))?;
            if !v.is_finite() {
                return Err(format!("line {}: {field} is not a finite number", n + 1));
            }
            values[k] = v;
        }
        points.push((values[0], values[1], values[2]));
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
        let test = s.test.map(|t| format!("{t:?}")).unwrap_or_default();
        out.push_str(&format!("{},{:?},{test}\n", s.epoch, s.train));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_exactly_and_names_the_bad_line() {
        let pts = parse_points("x,y,label\n0.1,-2.5,1\n\n3e-3, 4 ,0\n").unwrap();
        assert_eq!(pts, vec![(0.1, -2.5, 1.0), (0.003, 4.0, 0.0)]);
        assert!(parse_points("1,2\n")
            .unwrap_err()
            .contains("line 1: expected x,y,label"));
        assert!(parse_points("1,2,3\n1,<b>,0")
            .unwrap_err()
            .contains("line 2: \"<b>\" is not a number"));
        assert!(parse_points("1,2,3\n1,inf,0")
            .unwrap_err()
            .contains("not a finite number"));
    }
}
