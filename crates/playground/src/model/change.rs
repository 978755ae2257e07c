//! The points as a *change* to the generated data set: which generated
//! points were removed and which were added, in order. With the data set's
//! recipe (kind, seed, noise, count, split — in the settings) that is every
//! point, and it is short: a link with one clicked point holds one point,
//! not 251.

use serde::{Deserialize, Serialize};

use super::points::{Point, PointSet, MAX_PAGE_POINTS, TOO_MANY_POINTS};

/// Generated points removed and points added.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Indices of the generated points that are gone, ascending.
    #[serde(default)]
    pub removed: Vec<u32>,
    /// The points added (by hand, by an import or by a lesson), in order.
    #[serde(default)]
    pub added: Vec<Point>,
}

impl Change {
    /// True when the points are exactly the generated ones.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }
}

impl PointSet {
    /// How these points differ from the `generated` points of their recipe.
    /// They are always the generated ones still present, in their order,
    /// followed by the added ones (adding appends, removing keeps order).
    pub fn change(&self, generated: usize) -> Change {
        let mut present = vec![false; generated];
        let mut added = Vec::new();
        for p in &self.points {
            match p.generated {
                Some(i) => {
                    if let Some(slot) = present.get_mut(i as usize) {
                        *slot = true;
                    }
                }
                None => added.push(*p),
            }
        }
        let removed = (0..generated as u32).filter(|&i| !present[i as usize]).collect();
        Change { removed, added }
    }

    /// This freshly generated set with `change` applied: all checked first
    /// (indices that exist, in order; each added point as a click would be),
    /// so a bad change is refused whole.
    pub fn with_change(&self, change: &Change) -> Result<PointSet, String> {
        let n = self.points.len();
        if let Some(w) = change.removed.windows(2).find(|w| w[0] >= w[1]) {
            return Err(format!(
                "the removed points are not in order ({} before {})",
                w[0], w[1]
            ));
        }
        if let Some(&i) = change.removed.iter().find(|&&i| i as usize >= n) {
            return Err(format!("it removes point {i}, but the data set has {n}"));
        }
        if n - change.removed.len() + change.added.len() > MAX_PAGE_POINTS {
            return Err(TOO_MANY_POINTS.into());
        }
        let mut next = self.clone();
        let mut gone = change.removed.iter().peekable();
        next.points.retain(|p| {
            let removed = gone.peek().is_some_and(|&&i| Some(i) == p.generated);
            if removed {
                gone.next();
            }
            !removed
        });
        for p in &change.added {
            next.add(p.x, p.y, p.label)?;
            if let Some(last) = next.points.last_mut() {
                last.split = p.split;
            }
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::points::Split;
    use backprop::{Dataset, DatasetConfig, DatasetKind};

    fn generated() -> PointSet {
        let config = DatasetConfig {
            kind: DatasetKind::Circle,
            points: Some(10),
            noise: Some(0.0),
            seed: 1,
            test_fraction: 0.5,
        };
        PointSet::from_dataset(&Dataset::generate(&config).unwrap())
    }

    #[test]
    fn a_change_rebuilds_the_same_points_in_the_same_order() {
        let mut set = generated();
        set.points.remove(7);
        set.points.remove(2);
        set.add(1.5, -2.0, 1.0).unwrap();
        set.add(0.5, 0.25, 0.0).unwrap();
        let change = set.change(10);
        assert_eq!(change.removed, [2, 7]);
        assert_eq!(change.added.len(), 2);
        assert_eq!(generated().with_change(&change).unwrap(), set);
        assert!(PointSet::change(&generated(), 10).is_empty());
    }

    #[test]
    fn a_bad_change_is_refused_and_named() {
        let bad = |removed: Vec<u32>| generated().with_change(&Change { removed, added: vec![] }).unwrap_err();
        assert_eq!(bad(vec![3, 3]), "the removed points are not in order (3 before 3)");
        assert_eq!(bad(vec![10]), "it removes point 10, but the data set has 10");
        let far = Point {
            x: 1e7,
            y: 0.0,
            label: 0.0,
            split: Split::Train,
            generated: None,
        };
        let e = generated()
            .with_change(&Change {
                removed: vec![],
                added: vec![far],
            })
            .unwrap_err();
        assert!(e.contains("too far out"), "{e}");
    }
}
