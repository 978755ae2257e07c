//! Everything a learner chooses on the page, as one serde type with stable
//! camelCase names (the `config` of `window.playground.state()` and of
//! `setConfig(partial)`; later the URL). The engine's own configs are derived
//! from it in one place.

use backprop::{
    Activation, BatchSize, DatasetConfig, DatasetKind, Feature, Init, Loss, NetworkConfig, OptimizerConfig,
    OptimizerKind, Regularization, Task, TrainerConfig,
};
use serde::{Deserialize, Serialize};

/// Largest number of hidden layers the +/− buttons allow.
pub const MAX_HIDDEN_LAYERS: usize = 8;
/// Largest number of units per hidden layer the +/− buttons allow.
pub const MAX_HIDDEN_UNITS: usize = 64;
/// Speeds offered (epochs per animation frame).
pub const SPEEDS: [u32; 5] = [1, 5, 25, 100, 500];

/// The page's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Which data set.
    pub dataset: DatasetKind,
    /// Points to generate.
    pub points: usize,
    /// 0–1.
    pub noise: f64,
    /// Fraction of points held out for testing, 0–0.9.
    pub test_fraction: f64,
    /// Seed of the generated points.
    pub data_seed: u32,
    /// Classes a click can add (2 to 4); with more than 2 the output is a
    /// softmax over the classes, trained with cross-entropy.
    pub classes: usize,
    /// Units of each hidden layer.
    pub hidden: Vec<usize>,
    /// Activation of the hidden layers.
    pub activation: Activation,
    /// Per hidden layer, an activation that replaces `activation` (missing
    /// entries use it).
    pub hidden_activations: Vec<Activation>,
    /// Features fed to the network.
    pub features: Vec<Feature>,
    /// The data loss.
    pub loss: Loss,
    /// Optimizer kind.
    pub optimizer: OptimizerKind,
    /// η.
    pub learning_rate: f64,
    /// Samples per update.
    pub batch_size: BatchSize,
    /// Weight penalty.
    pub regularization: Regularization,
    /// Seed of the initial weights and the shuffles.
    pub seed: u32,
    /// Reshuffle the training points every epoch (off: visit them in order,
    /// as the tutorials' loops do).
    pub shuffle: bool,
    /// Parameters (flat indices) held fixed while training.
    pub frozen: Vec<usize>,
    /// The lesson this configuration comes from, if any.
    pub lesson: Option<String>,
    /// Runs trained alongside from the same start, drawn on the loss curve.
    pub compare: Option<super::compare::Kind>,
    /// Epochs per animation frame while playing.
    pub speed: u32,
    /// Draw the test points.
    pub show_test: bool,
    /// Colour the boundary in two flat colours instead of a confidence ramp.
    pub discretize: bool,
    /// Draw what each unit computes inside the diagram's units.
    pub thumbnails: bool,
    /// Loss curve on a log scale.
    pub log_scale: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dataset: DatasetKind::Circle,
            points: 250,
            noise: 0.0,
            test_fraction: 0.5,
            data_seed: 1,
            classes: 2,
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            hidden_activations: Vec::new(),
            features: vec![Feature::X1, Feature::X2],
            loss: Loss::Bce,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.03,
            batch_size: BatchSize::Samples(10),
            regularization: Regularization::None,
            seed: 1,
            shuffle: true,
            lesson: None,
            frozen: Vec::new(),
            compare: None,
            speed: 1,
            show_test: false,
            discretize: false,
            thumbnails: true,
            log_scale: false,
        }
    }
}

impl Settings {
    /// Classification or regression, from the data set.
    pub fn task(&self) -> Task {
        self.dataset.task()
    }

    /// The loss actually used: cross-entropy needs class labels, so a
    /// regression data set falls back to MSE.
    pub fn effective_loss(&self) -> Loss {
        if self.multiclass() {
            return Loss::SoftmaxCe;
        }
        match (self.task(), self.loss) {
            (Task::Regression, Loss::Bce | Loss::SoftmaxCe) => Loss::Mse,
            (_, Loss::SoftmaxCe) => Loss::Bce,
            (_, loss) => loss,
        }
    }

    /// More than two classes (softmax output).
    pub fn multiclass(&self) -> bool {
        self.task() == Task::Classification && self.classes > 2
    }

    /// The classes the data set's recipe generates: the chosen number for a
    /// classification set (rings, quadrants, blobs, arms, moons), 2 for the
    /// rest (which ignore it).
    pub fn dataset_classes(&self) -> usize {
        if self.task() == Task::Classification {
            self.classes
        } else {
            2
        }
    }

    /// The data set's points (the recipe: [`Settings::dataset_config`] and
    /// [`Settings::dataset_classes`]).
    pub fn generate_data(&self) -> Result<backprop::Dataset, String> {
        backprop::Dataset::generate_classes(&self.dataset_config(), self.dataset_classes()).map_err(|e| e.to_string())
    }

    /// The features that make sense for the data: a 1-D data set has no x₂.
    pub fn effective_features(&self) -> Vec<Feature> {
        let one_d = self.dataset.dimensions() == 1;
        let kept: Vec<Feature> = self
            .features
            .iter()
            .copied()
            .filter(|f| !(one_d && f.uses_x2()))
            .collect();
        if kept.is_empty() {
            vec![Feature::X1]
        } else {
            kept
        }
    }

    /// Checks the numbers a user can type or a script can pass.
    pub fn validate(&self) -> Result<(), String> {
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(format!(
                "at most {MAX_HIDDEN_LAYERS} hidden layers, got {}",
                self.hidden.len()
            ));
        }
        if let Some(&n) = self.hidden.iter().find(|&&n| n == 0 || n > MAX_HIDDEN_UNITS) {
            return Err(format!("a hidden layer needs 1 to {MAX_HIDDEN_UNITS} units, got {n}"));
        }
        if let Some(id) = &self.lesson {
            if super::lessons::find(id).is_none() {
                let shown: String = id.chars().take(40).collect();
                return Err(format!("there is no lesson \"{shown}\""));
            }
        }
        if self.points == 0 || self.points > super::points::MAX_PAGE_POINTS {
            return Err(format!(
                "a data set on the page has 1 to {} points, got {}",
                super::points::MAX_PAGE_POINTS,
                self.points
            ));
        }
        if !(2..=4).contains(&self.classes) {
            return Err(format!("classes must be 2, 3 or 4, got {}", self.classes));
        }
        if self.speed == 0 || self.speed > 1000 {
            return Err(format!("speed must be 1 to 1000 epochs per frame, got {}", self.speed));
        }
        if let Some(a) = std::iter::once(&self.activation)
            .chain(&self.hidden_activations)
            .find(|a| !a.facts().hidden)
        {
            return Err(format!("{} can only be an output activation", a.name()));
        }
        backprop::optimizer::check_learning_rate(self.learning_rate).map_err(|e| e.to_string())?;
        self.regularization.validate().map_err(|e| e.to_string())?;
        backprop::Dataset::generate(&DatasetConfig {
            points: Some(1),
            ..self.dataset_config()
        })
        .map(|_| ())
        .map_err(|e| e.to_string())?;
        backprop::Network::new(self.network_config())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// What to generate.
    pub fn dataset_config(&self) -> DatasetConfig {
        DatasetConfig {
            kind: self.dataset,
            points: Some(self.points),
            noise: Some(self.noise),
            seed: self.data_seed,
            test_fraction: self.test_fraction,
        }
    }

    /// The network: features → hidden layers → one output (sigmoid for
    /// classification, linear for regression).
    pub fn network_config(&self) -> NetworkConfig {
        let mut layers = vec![self.effective_features().len()];
        layers.extend(&self.hidden);
        layers.push(if self.multiclass() { self.classes } else { 1 });
        let output = match self.task() {
            Task::Classification if self.multiclass() => Activation::Softmax,
            Task::Classification => Activation::Sigmoid,
            Task::Regression => Activation::Linear,
        };
        let mut activations: Vec<Activation> = (0..self.hidden.len()).map(|l| self.layer_activation(l)).collect();
        activations.push(output);
        NetworkConfig {
            activations: Some(activations),
            loss: self.effective_loss(),
            seed: self.seed,
            regularization: self.regularization,
            init: Init::Auto,
            ..NetworkConfig::new(&layers)
        }
    }

    /// The activation of hidden layer `l`.
    pub fn layer_activation(&self, l: usize) -> Activation {
        self.hidden_activations.get(l).copied().unwrap_or(self.activation)
    }

    /// Switches to another data set as its menu does: the set's own point
    /// count (250 for the 2-D playground sets) and noise, and a loss that
    /// fits its task (cross-entropy for classes, MSE for values).
    pub fn choose_dataset(&mut self, kind: DatasetKind) {
        self.dataset = kind;
        self.points = if kind.dimensions() == 2 {
            kind.default_points().max(250)
        } else {
            kind.default_points()
        };
        self.noise = kind.default_noise();
        self.loss = match (kind.task(), self.loss) {
            (Task::Regression, Loss::Bce) => Loss::Mse,
            (Task::Classification, _) => Loss::Bce,
            (_, loss) => loss,
        };
    }

    /// The optimizer settings.
    pub fn optimizer_config(&self) -> OptimizerConfig {
        OptimizerConfig {
            kind: self.optimizer,
            learning_rate: self.learning_rate,
            batch_size: self.batch_size,
            shuffle: self.shuffle,
            ..OptimizerConfig::default()
        }
    }

    /// The trainer.
    pub fn trainer_config(&self) -> TrainerConfig {
        TrainerConfig {
            network: self.network_config(),
            optimizer: self.optimizer_config(),
            regularization: Some(self.regularization),
            seed: Some(self.seed),
        }
    }

    /// True when going from `self` to `next` needs a new network (and so a
    /// restart): a different shape, activation, loss, features or seed.
    /// Learning rate, batch size, optimizer and regularization apply live.
    pub fn needs_new_network(&self, next: &Settings) -> bool {
        let mut a = self.network_config();
        let mut b = next.network_config();
        a.regularization = Regularization::None;
        b.regularization = Regularization::None;
        a != b || self.effective_features() != next.effective_features()
    }

    /// True when going to `next` needs new generated points.
    pub fn needs_new_data(&self, next: &Settings) -> bool {
        self.dataset_config() != next.dataset_config() || self.dataset_classes() != next.dataset_classes()
    }
}
