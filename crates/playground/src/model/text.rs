//! Joining texts, as `[S]::join` does, in a few bytes of wasm: std's join
//! (`join_generic_copy`, specialised for each separator length) is 1 KB of
//! code per element type.

/// `parts` with `sep` between each two: `join(&["a", "b"], ", ")` is "a, b".
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn joins_as_std_does() {
        for parts in [&[][..], &["a"], &["a", "b"], &["", "x", ""]] {
            for sep in ["", ", ", "\", \""] {
                assert_eq!(join(parts, sep), parts.join(sep));
                let owned: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                assert_eq!(join(&owned, sep), owned.join(sep));
            }
        }
    }
}
