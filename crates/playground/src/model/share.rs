//! A whole session as a JSON file: everything needed to continue the run
//! bit for bit (settings, points as a change to the generated ones, the
//! weights, the loss history, the epoch, the batch position, the visiting
//! order and its generator, the optimizer's memory). Reading never trusts
//! the text: it is checked strictly and restored whole or refused with a
//! message, never half-applied. Files of the first format (version 1) still
//! read. Links use the shorter encoding of `link.rs`.

use backprop::{Params, Progress};
use serde::{Deserialize, Serialize};

use super::change::Change;
use super::history::LossHistory;
use super::points::Point;
use super::session::Session;
use super::settings::Settings;

/// A whole session as it is exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Saved {
    /// Format version: 2 (version 1 files are still read).
    pub version: u32,
    /// Every setting.
    pub config: Settings,
    /// Version 1 only: every point, when they differed from the generated ones.
    #[serde(default, skip_serializing)]
    pub points: Option<Vec<Point>>,
    /// The points, as a change to the generated ones.
    #[serde(default, skip_serializing_if = "Change::is_empty")]
    pub change: Change,
    /// The current weights (version 1: the weights to start from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Params>,
    /// The weights Reset returns to, if not the seed's (a lesson's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Params>,
    /// The loss curve so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<LossHistory>,
    /// Where training stands: epoch, batch, order, optimizer memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<Progress>,
}

/// What an import of a version-1 file says: it did not hold the run.
pub const OLD_FORMAT: &str = "This file is from an older version of the playground: its settings, points and weights are back, but not its epoch, loss history or optimizer state, so training starts again from these weights.";

impl Saved {
    /// Everything about the session, to continue it elsewhere.
    pub fn of(session: &Session) -> Saved {
        Saved {
            version: 2,
            config: session.settings().clone(),
            points: None,
            change: session.change(),
            params: Some(session.network().params()),
            start: session.start().cloned(),
            history: Some(session.history().clone()),
            run: Some(session.progress()),
        }
    }

    /// A new session from a saved state, all checked; nothing half-applied.
    /// Also says what could not be restored, if anything.
    pub fn restore(&self) -> Result<(Session, Option<&'static str>), String> {
        let mut session = Session::new(self.config.clone())?;
        match self.version {
            1 => {
                if let Some(points) = &self.points {
                    session.replace_all(points)?;
                }
                if let Some(params) = &self.params {
                    session.set_start(params.clone())?;
                }
                return Ok((session, self.params.as_ref().map(|_| OLD_FORMAT)));
            }
            2 if self.points.is_none() => {}
            2 => return Err("a version 2 state keeps its points in \"change\", not \"points\"".into()),
            v => {
                return Err(format!(
                    "this state is format version {v}, but only versions 1 and 2 can be read"
                ))
            }
        }
        session.apply_change(&self.change)?;
        if let Some(start) = &self.start {
            session.set_start(start.clone())?;
        }
        match (&self.params, &self.history, &self.run) {
            (Some(params), Some(history), Some(run)) => session.continue_run(params, history.clone(), run)?,
            (Some(params), _, _) => session.set_params(params)?,
            _ => {}
        }
        Ok((session, None))
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
