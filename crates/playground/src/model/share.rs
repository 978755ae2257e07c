//! Sharing a session in a link: the settings and, if the learner changed
//! the generated data, every point — as JSON (numbers written the shortest
//! way that reads back to the same bits) packed into URL-safe base64.
//! Reading a link never trusts it: the text is decoded strictly, and
//! anything malformed is an error message, never a half-applied state.

use backprop::Params;
use serde::{Deserialize, Serialize};

use super::points::{Point, Split};
use super::session::Session;
use super::settings::Settings;

/// A whole session as it is saved, shared and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Saved {
    /// Format version (1).
    pub version: u32,
    /// Every setting.
    pub config: Settings,
    /// The points, when they differ from what the data set's seed generates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<Point>>,
    /// The weights: the current ones in an export, a lesson's starting ones
    /// in a link (so it reproduces the same run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Params>,
}

impl Saved {
    /// The session's state; `with_params` adds the current weights.
    pub fn of(session: &Session, with_params: bool) -> Saved {
        Saved {
            version: 1,
            config: session.settings().clone(),
            points: session.points_modified().then(|| session.points().points.clone()),
            params: if with_params {
                Some(session.network().params())
            } else {
                session.start().cloned()
            },
        }
    }

    /// A new session from a saved state, all checked; nothing half-applied.
    pub fn restore(&self) -> Result<Session, String> {
        if self.version != 1 {
            return Err(format!(
                "this state is format version {}, but only version 1 can be read",
                self.version
            ));
        }
        let mut session = Session::new(self.config.clone())?;
        if let Some(points) = &self.points {
            let clicked: Vec<(f64, f64, f64)> = points
                .iter()
                .filter(|p| p.split == Split::Train)
                .map(|p| (p.x, p.y, p.label))
                .collect();
            let tests: Vec<(f64, f64, f64)> = points
                .iter()
                .filter(|p| p.split == Split::Test)
                .map(|p| (p.x, p.y, p.label))
                .collect();
            session.replace_points_split(&clicked, &tests)?;
        }
        if let Some(params) = &self.params {
            session.set_start(params.clone())?;
        }
        Ok(session)
    }
}

/// Longest link payload we write: past this many characters some browsers
/// and chat apps cut URLs, so the page offers a JSON export instead.
pub const MAX_LINK_CHARS: usize = 8_000;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Bytes as unpadded URL-safe base64 (RFC 4648 §5).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
        }
    }
    out
}

/// The bytes of unpadded URL-safe base64; any other character is an error.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut values = Vec::with_capacity(text.len());
    for (i, c) in text.bytes().enumerate() {
        let v = ALPHABET.iter().position(|&a| a == c).ok_or_else(|| {
            format!(
                "the link's state has a character that does not belong at position {}",
                i + 1
            )
        })?;
        values.push(v as u32);
    }
    if values.len() % 4 == 1 {
        return Err("the link's state is cut short".into());
    }
    let mut out = Vec::with_capacity(values.len() * 3 / 4);
    for chunk in values.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &v)| n | (v << (18 - 6 * i)));
        for k in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(encode(b"Man"), "TWFu");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn refuses_what_is_not_base64url() {
        assert!(decode("ab+c").unwrap_err().contains("position 3"));
        assert!(decode("abcde").unwrap_err().contains("cut short"));
        assert!(decode("<script>").is_err());
    }
}
