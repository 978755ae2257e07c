//! The page's saved-state types read from the strict tree by hand, with
//! the messages of their serde derives (why: `read.rs`);
//! `tests/strict_read.rs` holds each against its derive.

use backprop::strict::{Error, Value};

use super::{object, required, variant, Read};
use crate::model::change::Change;
use crate::model::compare::Kind;
use crate::model::link::Head;
use crate::model::points::{Point, Split};
use crate::model::settings::Settings;
use crate::model::share::Saved;

impl Read for Settings {
    /// Every field may be missing (it keeps its default); unknown ones are named.
    fn read(value: Value) -> Result<Self, Error> {
        const NAMES: &[&str] = &[
            "dataset",
            "points",
            "noise",
            "testFraction",
            "dataSeed",
            "classes",
            "hidden",
            "activation",
            "hiddenActivations",
            "features",
            "loss",
            "optimizer",
            "learningRate",
            "batchSize",
            "regularization",
            "seed",
            "shuffle",
            "frozen",
            "lesson",
            "compare",
            "speed",
            "showTest",
            "discretize",
            "thumbnails",
            "logScale",
        ];
        let mut s = Settings::default();
        object(value, "struct Settings", NAMES, true, &mut |i, v| {
            match i {
                0 => s.dataset = Read::read(v)?,
                1 => s.points = Read::read(v)?,
                2 => s.noise = Read::read(v)?,
                3 => s.test_fraction = Read::read(v)?,
                4 => s.data_seed = Read::read(v)?,
                5 => s.classes = Read::read(v)?,
                6 => s.hidden = Read::read(v)?,
                7 => s.activation = Read::read(v)?,
                8 => s.hidden_activations = Read::read(v)?,
                9 => s.features = Read::read(v)?,
                10 => s.loss = Read::read(v)?,
                11 => s.optimizer = Read::read(v)?,
                12 => s.learning_rate = Read::read(v)?,
                13 => s.batch_size = Read::read(v)?,
                14 => s.regularization = Read::read(v)?,
                15 => s.seed = Read::read(v)?,
                16 => s.shuffle = Read::read(v)?,
                17 => s.frozen = Read::read(v)?,
                18 => s.lesson = Read::read(v)?,
                19 => s.compare = Read::read(v)?,
                20 => s.speed = Read::read(v)?,
                21 => s.show_test = Read::read(v)?,
                22 => s.discretize = Read::read(v)?,
                23 => s.thumbnails = Read::read(v)?,
                _ => s.log_scale = Read::read(v)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for Kind {
    fn read(value: Value) -> Result<Self, Error> {
        Ok([Kind::LearningRate, Kind::BatchSize][variant(value, &["learning_rate", "batch_size"])?])
    }
}

impl Read for Split {
    fn read(value: Value) -> Result<Self, Error> {
        Ok([Split::Train, Split::Test][variant(value, &["train", "test"])?])
    }
}

impl Read for Point {
    /// Unknown keys are ignored (the derive does not deny them); all four
    /// fields are needed.
    fn read(value: Value) -> Result<Self, Error> {
        let (mut x, mut y, mut label, mut split) = (None, None, None, None);
        object(
            value,
            "struct Point",
            &["x", "y", "label", "split"],
            false,
            &mut |i, v| {
                match i {
                    0 => x = Some(Read::read(v)?),
                    1 => y = Some(Read::read(v)?),
                    2 => label = Some(Read::read(v)?),
                    _ => split = Some(Read::read(v)?),
                }
                Ok(())
            },
        )?;
        Ok(Point {
            x: required(x, "x")?,
            y: required(y, "y")?,
            label: required(label, "label")?,
            split: required(split, "split")?,
            generated: None,
        })
    }
}

impl Read for Change {
    fn read(value: Value) -> Result<Self, Error> {
        let mut change = Change::default();
        object(value, "struct Change", &["removed", "added"], true, &mut |i, v| {
            match i {
                0 => change.removed = Read::read(v)?,
                _ => change.added = Read::read(v)?,
            }
            Ok(())
        })?;
        Ok(change)
    }
}

impl Read for Head {
    fn read(value: Value) -> Result<Self, Error> {
        let (mut config, mut params) = (Settings::default(), None);
        object(value, "struct Head", &["config", "params"], true, &mut |i, v| {
            match i {
                0 => config = Read::read(v)?,
                _ => params = Read::read(v)?,
            }
            Ok(())
        })?;
        Ok(Head { config, params })
    }
}

impl Read for Saved {
    fn read(value: Value) -> Result<Self, Error> {
        const NAMES: &[&str] = &[
            "version", "config", "points", "change", "params", "start", "history", "run",
        ];
        let (mut version, mut config) = (None, None);
        let mut saved = Saved {
            version: 0,
            config: Settings::default(),
            points: None,
            change: Change::default(),
            params: None,
            start: None,
            history: None,
            run: None,
        };
        object(value, "struct Saved", NAMES, true, &mut |i, v| {
            match i {
                0 => version = Some(Read::read(v)?),
                1 => config = Some(Read::read(v)?),
                2 => saved.points = Read::read(v)?,
                3 => saved.change = Read::read(v)?,
                4 => saved.params = Read::read(v)?,
                5 => saved.start = Read::read(v)?,
                6 => saved.history = Read::read(v)?,
                _ => saved.run = Read::read(v)?,
            }
            Ok(())
        })?;
        saved.version = required(version, "version")?;
        saved.config = required(config, "config")?;
        Ok(saved)
    }
}
