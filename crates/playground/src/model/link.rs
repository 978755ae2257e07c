//! The state in a link (and in the kept session): short enough that a
//! learner's clicks travel in a chat message.
//!
//! A link holds the settings that differ from the defaults and a lesson's
//! starting weights (the *head*, JSON written by the page), then the points
//! as a change to what the data set's recipe generates (see `change.rs`):
//!
//! ```text
//! byte 2 (the format) · varint n, n bytes of head JSON
//! · varint runs, each (varint gap, varint length): generated points removed
//! · varint added · (if any) 1 byte mode and the added points
//! ```
//!
//! Added points are on the grid (`grid.rs`) when clicked, so each is two
//! zigzag varints of grid steps from the previous point, the label in the
//! low two bits of the first: about 4 bytes, 5½ characters of base64url.
//! Points off the grid (a lesson's own data) are written exactly as three
//! f64 and their split. The bytes go into URL-safe base64. A link of the
//! first format (base64 of JSON, starting with `{`) is told apart by its
//! first byte and read by `share.rs`.

use backprop::{Domain, Params};
use serde::{Deserialize, Serialize};

use super::change::Change;
use super::grid::{indices_of, steps};
use super::points::{Point, Split, MAX_PAGE_POINTS, TOO_MANY_POINTS};
use super::session::Session;
use super::settings::Settings;

/// The first byte of a link of this format.
pub const FORMAT: u8 = 2;

/// Added points on the grid, with whole labels 0–3.
const GRID: u8 = 0;
/// Added points as exact f64 (x, y, label) and their split.
const EXACT: u8 = 1;

/// What the head JSON holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// The settings; the page writes only those that differ from the
    /// defaults, and missing ones read as the defaults.
    #[serde(default)]
    pub config: Settings,
    /// A lesson's starting weights, so the link reproduces its run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Params>,
}

impl Head {
    /// The session's settings and starting weights (to be written with
    /// only the settings that differ from the defaults).
    pub fn of(session: &Session) -> Head {
        Head {
            config: session.settings().clone(),
            params: session.start().cloned(),
        }
    }
}

/// The session's link bytes, with its head already written as JSON.
pub fn of_session(session: &Session, head: &str) -> Vec<u8> {
    let points = session.points();
    write(head, &session.change(), &points.domain, points.dimensions == 1)
}

/// A decoded link: its head JSON (still text) and the change of the points.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The head, JSON text.
    pub head: String,
    /// Generated points removed, ascending.
    pub removed: Vec<u32>,
    /// Added points, waiting for the domain their grid steps refer to.
    pub added: Added,
}

/// Added points as the link carries them.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// Grid steps (x, y) and label, in order.
    Grid(Vec<(i64, i64, u8)>),
    /// Exact points.
    Exact(Vec<Point>),
}

impl Link {
    /// The session the link describes, its head read: the settings, the
    /// points rebuilt from the recipe and the change, the starting weights.
    pub fn restore(&self, head: Head) -> Result<Session, String> {
        let mut session = Session::new(head.config)?;
        let change = self.change(&session.points().domain);
        if !change.is_empty() {
            session.apply_change(&change)?;
        }
        if let Some(params) = head.params {
            session.set_start(params)?;
        }
        Ok(session)
    }

    /// The change, with grid steps turned into coordinates of `domain`.
    pub fn change(&self, domain: &Domain) -> Change {
        let added = match &self.added {
            Added::Exact(points) => points.clone(),
            Added::Grid(indices) => indices
                .iter()
                .map(|&(qx, qy, label)| Point {
                    x: steps(domain).0.value(qx),
                    y: steps(domain).1.value(qy),
                    label: f64::from(label),
                    split: Split::Train,
                    generated: None,
                })
                .collect(),
        };
        Change {
            removed: self.removed.clone(),
            added,
        }
    }
}

/// The link's bytes for a head and a change of points on `domain`. With
/// `one_d` data a point's label is its y and is not written.
pub fn write(head: &str, change: &Change, domain: &Domain, one_d: bool) -> Vec<u8> {
    let mut out = vec![FORMAT];
    varint(&mut out, head.len() as u64);
    out.extend_from_slice(head.as_bytes());
    // Removed indices as runs: "Clear points" is one run, not 250 numbers.
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &i in &change.removed {
        match runs.last_mut() {
            Some((start, len)) if *start + *len == i => *len += 1,
            _ => runs.push((i, 1)),
        }
    }
    varint(&mut out, runs.len() as u64);
    let mut end = 0;
    for (start, len) in runs {
        varint(&mut out, u64::from(start - end));
        varint(&mut out, u64::from(len));
        end = start + len;
    }
    varint(&mut out, change.added.len() as u64);
    if change.added.is_empty() {
        return out;
    }
    let step = |p: &Point| {
        let label = match p.label {
            _ if one_d => 0,
            l if l.fract() == 0.0 && (0.0..4.0).contains(&l) => l as u64,
            _ => return None,
        };
        let (qx, qy) = indices_of(p.x, p.y, domain)?;
        (p.split == Split::Train).then_some((qx, qy, label))
    };
    // Every added point's grid step, unless one has none (a loop:
    // collecting into Option<Vec> builds an adapter of its own).
    let mut steps = Vec::with_capacity(change.added.len());
    let mut on_grid = true;
    for p in &change.added {
        match step(p) {
            Some(s) => steps.push(s),
            None => {
                on_grid = false;
                break;
            }
        }
    }
    if on_grid {
        out.push(GRID);
        let mut last = (0, 0);
        for (qx, qy, label) in steps {
            varint(&mut out, zigzag(qx.wrapping_sub(last.0)) << 2 | label);
            varint(&mut out, zigzag(qy.wrapping_sub(last.1)));
            last = (qx, qy);
        }
    } else {
        out.push(EXACT);
        for p in &change.added {
            for v in [p.x, p.y, p.label] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.push(u8::from(p.split == Split::Test));
        }
    }
    out
}

/// Reads a link's bytes; anything malformed is a message naming it.
pub fn read(bytes: &[u8]) -> Result<Link, String> {
    let mut r = Reader { bytes, at: 0 };
    let format = r.byte()?;
    if format != FORMAT {
        return Err(format!(
            "the link's state is format {format}, but only format {FORMAT} can be read"
        ));
    }
    let n = r.count(bytes.len(), "head")?;
    let head = std::str::from_utf8(r.take(n)?)
        .map_err(|_| "the link's settings are not text".to_string())?
        .to_string();
    let mut removed = Vec::new();
    let mut end: u64 = 0;
    for _ in 0..r.count(MAX_PAGE_POINTS, "removed runs")? {
        let start = end.saturating_add(r.varint()?);
        let len = r.varint()?;
        end = start.saturating_add(len);
        if len == 0 || end > MAX_PAGE_POINTS as u64 {
            return Err("the link removes points that no data set has".into());
        }
        removed.extend(start as u32..end as u32);
    }
    let count = r.count(MAX_PAGE_POINTS, "added points")?;
    let added = if count == 0 {
        Added::Grid(Vec::new())
    } else {
        match r.byte()? {
            GRID => {
                let mut steps = Vec::with_capacity(count);
                let mut last = (0i64, 0i64);
                for _ in 0..count {
                    let first = r.varint()?;
                    let qx = last.0.wrapping_add(unzigzag(first >> 2));
                    let qy = last.1.wrapping_add(unzigzag(r.varint()?));
                    steps.push((qx, qy, (first & 3) as u8));
                    last = (qx, qy);
                }
                Added::Grid(steps)
            }
            EXACT => {
                let mut points = Vec::with_capacity(count);
                for _ in 0..count {
                    let mut v = [0.0; 3];
                    for x in &mut v {
                        *x = f64::from_le_bytes(r.take(8)?.try_into().map_err(|_| "cut short".to_string())?);
                    }
                    let split = match r.byte()? {
                        0 => Split::Train,
                        1 => Split::Test,
                        b => {
                            return Err(format!(
                                "the link's point {} has split {b}, not 0 or 1",
                                points.len() + 1
                            ))
                        }
                    };
                    points.push(Point {
                        x: v[0],
                        y: v[1],
                        label: v[2],
                        split,
                        generated: None,
                    });
                }
                Added::Exact(points)
            }
            mode => return Err(format!("the link's points are in an unknown mode {mode}")),
        }
    };
    if r.at != bytes.len() {
        return Err(format!(
            "the link's state has {} bytes too many at the end",
            bytes.len() - r.at
        ));
    }
    Ok(Link { head, removed, added })
}

/// Appends `v` as a LEB128 varint: 7 bits a byte, low bits first.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Small numbers of either sign as small unsigned ones: 0, −1, 1, −2 … → 0, 1, 2, 3 …
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Reads bytes in order; running out is "cut short".
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let slice = self
            .bytes
            .get(self.at..self.at.saturating_add(n))
            .ok_or_else(|| "the link's state is cut short".to_string())?;
        self.at += n;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("the link's state has a number that is too long".into())
    }

    /// A count of at most `max` things.
    fn count(&mut self, max: usize, what: &str) -> Result<usize, String> {
        let n = self.varint()?;
        if n > max as u64 {
            return Err(if max == MAX_PAGE_POINTS {
                TOO_MANY_POINTS.to_string()
            } else {
                format!("the link's {what} claims {n} bytes, more than the link has")
            });
        }
        Ok(n as usize)
    }
}
