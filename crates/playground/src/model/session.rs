//! The page's model, free of any DOM: settings → points → trainer → measured
//! losses and history. Input events call its methods; renderers read it.
//! Everything the buttons do is a method here, so scripts and tests drive the
//! same code paths as a learner's clicks.

use backprop::decimal::Decimal;
use backprop::{Network, Task, Trainer};
use serde::Serialize;

use super::change::Change;
use super::compare::Comparison;
use super::history::{LossHistory, Sample};
use super::landscape::Path;
use super::measure::Measurer;
use super::points::{Point, PointSet, Split};
use super::settings::Settings;

/// The losses and accuracy of the current parameters.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measures {
    /// Mean data loss on the training points (`None` without any).
    pub train_loss: Option<f64>,
    /// Mean data loss on the test points (`None` without any).
    pub test_loss: Option<f64>,
    /// Fraction of training points classified right (classification only).
    pub accuracy: Option<f64>,
    /// Fraction of test points classified right.
    pub test_accuracy: Option<f64>,
}

/// What `window.playground.state()` returns (without the config, which the
/// web layer adds).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct State<'a> {
    pub epoch: u64,
    pub train_loss: Option<f64>,
    pub test_loss: Option<f64>,
    pub accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
    pub diverged: bool,
    pub running: bool,
    pub domain: backprop::Domain,
    pub points: &'a [Point],
    pub config: &'a Settings,
    pub message: Option<&'a str>,
}

/// One playground session.
pub struct Session {
    settings: Settings,
    points: PointSet,
    trainer: Trainer,
    history: LossHistory,
    measures: Measures,
    running: bool,
    /// Runs trained alongside for comparison, if the settings ask for them.
    comparison: Option<Comparison>,
    /// Parameters a lesson starts from; Reset returns to them instead of the
    /// seed's initial weights.
    start: Option<backprop::Params>,
    /// Bumped whenever the parameters change, so views redraw only then.
    params_version: u64,
    /// Bumped whenever the points change.
    points_version: u64,
    /// How many points the data set's recipe generated (the change of the
    /// points is counted from them).
    generated: usize,
    message: Option<String>,
    /// The measuring pass's buffers and the sets it measures.
    measurer: Measurer,
    /// The descent path through the parameters the loss landscape follows:
    /// recorded at every epoch (and every change of the weights) whether or
    /// not the landscape is on screen.
    path: Path,
}

impl Session {
    /// A session with the given settings, its data generated and its network
    /// initialised.
    pub fn new(settings: Settings) -> Result<Session, String> {
        settings.validate()?;
        let data = settings.generate_data()?;
        let mut trainer = Trainer::new(settings.trainer_config()).map_err(|e| e.to_string())?;
        trainer.set_frozen(&settings.frozen).map_err(|e| e.to_string())?;
        let mut points = PointSet::from_dataset(&data);
        points.classes = settings.classes;
        let mut session = Session {
            generated: points.points.len(),
            points,
            settings,
            trainer,
            history: LossHistory::new(),
            start: None,
            comparison: None,
            measures: Measures::default(),
            measurer: Measurer::default(),
            path: Path::default(),
            running: false,
            params_version: 0,
            points_version: 0,
            message: None,
        };
        session.sync_data();
        session.remeasure();
        session.restart_comparison();
        Ok(session)
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The points.
    pub fn points(&self) -> &PointSet {
        &self.points
    }

    /// The current model.
    pub fn network(&self) -> &Network {
        self.trainer.network()
    }

    /// The descent path through the parameters [`Session::follow`] chose.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Follows these flat parameters with the descent path from now on (a
    /// new choice starts a new path here); true if the choice changed.
    pub fn follow(&mut self, free: &[usize]) -> bool {
        self.path.follow(free, self.trainer.network())
    }

    /// Mutable access to the model's parameters (editing a weight by hand).
    pub fn set_weight(&mut self, layer: usize, to: usize, from: Option<usize>, value: f64) -> Result<(), String> {
        if !value.is_finite() {
            return Err(format!("a weight must be a finite number, got {}", Decimal(value)));
        }
        let network = self.trainer.network_mut();
        let Some(shape) = network.layers().get(layer).cloned() else {
            return Err(format!("there is no layer {layer}"));
        };
        if to >= shape.units || from.is_some_and(|i| i >= shape.inputs) {
            return Err(format!("layer {layer} has no such unit or link"));
        }
        let index = match from {
            Some(i) => shape.weights_at + to * shape.inputs + i,
            None => shape.biases_at + to,
        };
        let before = network.flat_params().to_vec();
        network.flat_params_mut()[index] = value;
        self.params_changed();
        self.keep_loss_finite(before)
    }

    /// The features of a point, as the network sees them.
    pub fn features_of(&self, point: &Point) -> Vec<f64> {
        let y = if self.points.dimensions == 1 { 0.0 } else { point.y };
        self.settings
            .effective_features()
            .iter()
            .map(|f| f.compute(point.x, y))
            .collect()
    }

    /// A point's target as the network is trained on it: its label, or the
    /// one-hot row of its class with more than two classes.
    pub fn target_of(&self, point: &Point) -> Vec<f64> {
        if self.settings.multiclass() {
            (0..self.settings.classes)
                .map(|k| if point.label as usize == k { 1.0 } else { 0.0 })
                .collect()
        } else {
            vec![point.label]
        }
    }

    /// Every number of the forward and backward pass for point `index`.
    pub fn inspect_point(&self, index: usize) -> Result<(Point, Vec<f64>, backprop::Trace), String> {
        let point = *self
            .points
            .points
            .get(index)
            .ok_or_else(|| format!("there is no point {index}"))?;
        let x = self.features_of(&point);
        let trace = self
            .network()
            .inspect(&x, &self.target_of(&point))
            .map_err(|e| e.to_string())?;
        Ok((point, x, trace))
    }

    /// The point behind row `row` of the training data (the training points,
    /// in order).
    pub fn train_point_index(&self, row: usize) -> Option<usize> {
        self.points
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.split == Split::Train)
            .nth(row)
            .map(|(i, _)| i)
    }

    /// The update the next batch will apply (`None` without training points).
    pub fn preview_next(&self) -> Option<backprop::Preview> {
        self.trainer.preview_next().ok()
    }

    /// Replaces every weight and bias (a lesson's starting point, a script).
    pub fn set_params(&mut self, params: &backprop::Params) -> Result<(), String> {
        let before = self.trainer.network().flat_params().to_vec();
        self.trainer
            .network_mut()
            .set_params(params)
            .map_err(|e| e.to_string())?;
        self.params_changed();
        self.keep_loss_finite(before)
    }

    /// Weights typed in or loaded can be finite and still so large that the
    /// loss overflows (a weight of 1e300 on a linear output): refused, and
    /// the weights before them restored, so the page never shows NaN or ∞.
    fn keep_loss_finite(&mut self, before: Vec<f64>) -> Result<(), String> {
        let m = self.measures;
        if [m.train_loss, m.test_loss].into_iter().flatten().all(f64::is_finite) {
            return Ok(());
        }
        self.trainer.network_mut().flat_params_mut().copy_from_slice(&before);
        self.params_changed();
        Err("with these weights the loss is too large to compute (it overflows); use smaller weights".into())
    }

    /// Starts training over from these parameters, and makes them what
    /// Reset returns to (a lesson's starting point).
    pub fn set_start(&mut self, params: backprop::Params) -> Result<(), String> {
        self.trainer.reset();
        let before = self.trainer.network().flat_params().to_vec();
        self.trainer
            .network_mut()
            .set_params(&params)
            .map_err(|e| e.to_string())?;
        self.params_changed();
        self.keep_loss_finite(before)?;
        self.start = Some(params);
        self.running = false;
        self.message = None;
        self.history.clear();
        self.params_changed();
        self.restart_comparison();
        Ok(())
    }

    /// Replaces all points with these (a lesson's own data, an old
    /// state's points), in this order with their splits; all or none.
    pub fn replace_all(&mut self, points: &[Point]) -> Result<(), String> {
        let mut empty = self.points.clone();
        empty.points.clear();
        let added = points.iter().map(|&p| Point { generated: None, ..p }).collect();
        self.points = empty.with_change(&Change {
            removed: Vec::new(),
            added,
        })?;
        self.points_changed();
        Ok(())
    }

    /// Replaces all points with imported ones, snapped to the grid as
    /// clicks are (a CSV file).
    pub fn import_points(&mut self, points: &[Point]) -> Result<(), String> {
        let d = self.points.domain;
        let snapped: Vec<Point> = points
            .iter()
            .map(|&p| {
                let (x, y) = super::grid::snap(p.x, p.y, &d);
                Point { x, y, ..p }
            })
            .collect();
        self.replace_all(&snapped)
    }

    /// How the points differ from the generated ones.
    pub fn change(&self) -> Change {
        self.points.change(self.generated)
    }

    /// Applies a saved change to the freshly generated points; all or none.
    pub fn apply_change(&mut self, change: &Change) -> Result<(), String> {
        self.points = self.points.with_change(change)?;
        self.points_changed();
        Ok(())
    }

    /// Where the run stands (for an export that continues it).
    pub fn progress(&self) -> backprop::Progress {
        self.trainer.progress()
    }

    /// Continues a saved run: its weights, loss history and progress (epoch,
    /// batch position, visiting order, optimizer memory), on the points
    /// already restored. All checked first; a bad part changes nothing.
    pub fn continue_run(
        &mut self,
        params: &backprop::Params,
        history: LossHistory,
        progress: &backprop::Progress,
    ) -> Result<(), String> {
        history.check()?;
        let before = self.trainer.network().flat_params().to_vec();
        self.set_params(params)?;
        if let Err(e) = self.trainer.resume(progress) {
            self.trainer.network_mut().flat_params_mut().copy_from_slice(&before);
            self.params_changed();
            return Err(e.to_string());
        }
        self.history = history;
        // Measured but not recorded: a run saved mid-epoch must not replace
        // its history's last sample with a mid-epoch loss.
        self.params_version += 1;
        self.measure();
        if self.diverged() {
            self.message = Some(divergence_message(self.epoch(), self.settings.learning_rate));
        }
        self.restart_comparison();
        Ok(())
    }

    /// Replaces all points with training points (a lesson's own data).
    pub fn replace_points(&mut self, points: &[(f64, f64, f64)]) -> Result<(), String> {
        let points: Vec<Point> = points
            .iter()
            .map(|&(x, y, label)| Point {
                x,
                y,
                label,
                split: Split::Train,
                generated: None,
            })
            .collect();
        self.replace_all(&points)
    }

    /// The loss history.
    pub fn history(&self) -> &LossHistory {
        &self.history
    }

    /// Losses and accuracy now.
    pub fn measures(&self) -> Measures {
        self.measures
    }

    /// Completed epochs.
    pub fn epoch(&self) -> u64 {
        self.trainer.status().epoch
    }

    /// True once training has diverged (until reset).
    pub fn diverged(&self) -> bool {
        self.trainer.status().diverged
    }

    /// Whether Play is on.
    pub fn running(&self) -> bool {
        self.running
    }

    /// A message for the learner (divergence, nothing to train on), if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Version counters of the parameters and of the points.
    pub fn versions(&self) -> (u64, u64) {
        (self.params_version, self.points_version)
    }

    /// The state as the JS API reports it. A loss that is not a finite
    /// number is reported as absent (`null`): after a divergence even the
    /// last finite weights can overflow the mean over every point, and
    /// JSON has no Infinity for a script to read (the page says "too large").
    pub fn state(&self) -> State<'_> {
        let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
        State {
            epoch: self.epoch(),
            train_loss: finite(self.measures.train_loss),
            test_loss: finite(self.measures.test_loss),
            accuracy: self.measures.accuracy,
            test_accuracy: self.measures.test_accuracy,
            diverged: self.diverged(),
            running: self.running,
            domain: self.points.domain,
            points: &self.points.points,
            config: &self.settings,
            message: self.message.as_deref(),
        }
    }

    /// Starts playing (unless diverged or without training points).
    pub fn play(&mut self) {
        self.running = !self.diverged() && self.points.count(Split::Train) > 0;
        if self.points.count(Split::Train) == 0 {
            self.message = Some("Add some points to train on: click on the data canvas.".into());
        }
    }

    /// Pauses.
    pub fn pause(&mut self) {
        self.running = false;
    }

    /// Trains `epochs` whole epochs (the Step button: 1).
    pub fn train_epochs(&mut self, epochs: u32) {
        self.train_within(epochs, &mut || false);
    }

    /// One animation frame of Play: up to `epochs` epochs, but it stops
    /// after any batch once `out_of_time()` says the frame's time is spent —
    /// even mid-epoch (the next frame goes on from there, along exactly the
    /// same path). So 10 000 points through 8 × 64 units, where one epoch
    /// takes longer than a frame, never freeze the page.
    pub fn train_within(&mut self, epochs: u32, out_of_time: &mut dyn FnMut() -> bool) {
        if self.points.count(Split::Train) == 0 {
            self.message = Some("Add some points to train on: click on the data canvas.".into());
            self.running = false;
            return;
        }
        // Epoch by epoch, so the descent path gets a point at each; the
        // batches, and where the frame's time runs out, are those of one
        // train_until(epochs) call.
        let spent = std::cell::Cell::new(false);
        let mut check = || {
            spent.set(out_of_time());
            spent.get()
        };
        let mut done = 0;
        for _ in 0..epochs.max(1) {
            let Ok(one) = self.trainer.train_until(1, &mut check) else {
                self.running = false;
                return;
            };
            done += one;
            if one == 1 {
                self.path.record(self.trainer.network());
            }
            if spent.get() || one == 0 || self.diverged() {
                break;
            }
        }
        let epoch = self.epoch();
        if let (Some(c), true) = (self.comparison.as_mut(), done > 0) {
            c.advance(done, epoch);
        }
        if done > 0 || self.diverged() {
            self.after_training();
        } else {
            // Part of an epoch: the weights moved (redraw them), but the
            // losses are measured when the epoch is complete.
            self.params_version += 1;
        }
    }

    /// Trains on the next batch only.
    pub fn train_batch(&mut self) {
        if self.points.count(Split::Train) == 0 {
            self.message = Some("Add some points to train on: click on the data canvas.".into());
            return;
        }
        let _ = self.trainer.train_batch();
        self.after_training();
    }

    fn after_training(&mut self) {
        if self.diverged() {
            self.running = false;
            self.message = Some(divergence_message(self.epoch(), self.settings.learning_rate));
        }
        self.params_changed();
    }

    /// Starts over from the seed's initial weights (the data stays).
    pub fn reset(&mut self) {
        self.trainer.reset();
        if let Some(start) = &self.start {
            // Checked when it was set, for this very network.
            let _ = self.trainer.network_mut().set_params(start);
        }
        self.restart_comparison();
        self.running = false;
        self.message = None;
        self.history.clear();
        self.params_changed();
    }

    /// Generates the data set's points anew (clicked points are replaced).
    pub fn regenerate(&mut self) -> Result<(), String> {
        self.generate(false)
    }

    /// Generates the recipe's points; `keep_added` keeps the points added
    /// by hand (a new noise, seed or count of the same data set).
    fn generate(&mut self, keep_added: bool) -> Result<(), String> {
        let data = self.settings.generate_data()?;
        let mut points = PointSet::from_dataset(&data);
        points.classes = self.settings.classes;
        self.generated = points.points.len();
        if keep_added && points.domain == self.points.domain {
            let added = self.points.points.iter().filter(|p| p.generated.is_none());
            points.points.extend(added);
        }
        self.points = points;
        self.points_changed();
        Ok(())
    }

    /// Applies new settings. The data is regenerated if the data set changed;
    /// a new network (and so a restart) is built only if its shape, features,
    /// activation, loss or seed changed — a new learning rate, batch size,
    /// optimizer or regularization applies to the running training.
    pub fn apply(&mut self, next: Settings) -> Result<(), String> {
        next.validate()?;
        let new_data = self.settings.needs_new_data(&next);
        let same_kind = self.settings.dataset == next.dataset;
        let new_network = self.settings.needs_new_network(&next);
        let restart_comparison = self.settings.compare != next.compare
            || (next.compare.is_some()
                && (self.settings.learning_rate != next.learning_rate
                    || self.settings.optimizer != next.optimizer
                    || self.settings.batch_size != next.batch_size));
        if new_network {
            let mut trainer = Trainer::new(next.trainer_config()).map_err(|e| e.to_string())?;
            trainer.set_frozen(&next.frozen).map_err(|e| e.to_string())?;
            self.trainer = trainer;
            self.start = None;
        } else {
            self.trainer
                .set_optimizer(next.optimizer_config())
                .map_err(|e| e.to_string())?;
            self.trainer
                .set_regularization(next.regularization)
                .map_err(|e| e.to_string())?;
            self.trainer.set_frozen(&next.frozen).map_err(|e| e.to_string())?;
        }
        let fewer_classes = next.classes < self.settings.classes;
        self.settings = next;
        self.points.classes = self.settings.classes;
        if fewer_classes {
            // Points of classes that no longer exist go.
            let classes = self.settings.classes as f64;
            if self.points.task == Task::Classification {
                self.points.points.retain(|p| p.label < classes);
            }
            self.points_changed();
        }
        if new_data {
            self.generate(same_kind)?;
        } else if new_network {
            self.sync_data();
        }
        if new_network {
            self.running = false;
            self.message = None;
            self.history.clear();
            self.params_changed();
        }
        if new_network || new_data || restart_comparison {
            self.restart_comparison();
        }
        Ok(())
    }

    /// Adds a training point at data coordinates (x, y), snapped to the
    /// grid (see `grid.rs`) so that a link carries it exactly.
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) -> Result<(), String> {
        self.add_points(&[(x, y, label)])
    }

    /// Adds many training points at once, snapped: all or none.
    pub fn add_points(&mut self, points: &[(f64, f64, f64)]) -> Result<(), String> {
        let mut next = self.points.clone();
        for &(x, y, label) in points {
            let (x, y) = super::grid::snap(x, y, &next.domain);
            next.add(x, y, label)?;
        }
        self.points = next;
        self.points_changed();
        Ok(())
    }

    /// Removes the point nearest to (x, y), if one is within `radius`.
    pub fn remove_nearest(&mut self, x: f64, y: f64, radius: f64) -> bool {
        let removed = self.points.remove_nearest(x, y, radius);
        if removed {
            self.points_changed();
        }
        removed
    }

    /// Removes every point.
    pub fn clear_points(&mut self) {
        self.points.points.clear();
        self.points_changed();
    }

    /// Hands the current training points to the trainer.
    fn sync_data(&mut self) {
        let features = self.settings.effective_features();
        let (xs, ys) = self.points.matrices(Split::Train, &features);
        // The points are validated when added, so this only fails on a bug.
        if let Err(e) = self.trainer.set_data(xs, ys) {
            self.message = Some(e.to_string());
        }
    }

    /// The weights Reset returns to, if not the seed's (a lesson's start).
    pub fn start(&self) -> Option<&backprop::Params> {
        self.start.as_ref()
    }

    fn points_changed(&mut self) {
        self.points_version += 1;
        self.sync_data();
        self.remeasure();
        self.restart_comparison();
    }

    /// The comparison runs, if any.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// Starts the comparison the settings ask for from the current weights
    /// (or stops it).
    fn restart_comparison(&mut self) {
        self.comparison = self.settings.compare.and_then(|kind| {
            let data = self.points.matrices(Split::Train, &self.settings.effective_features());
            Comparison::start(kind, &self.settings, self.trainer.network(), data, self.epoch()).ok()
        });
    }

    fn params_changed(&mut self) {
        self.params_version += 1;
        // Before the first step a change of the weights moves the path's
        // start (a reset, a lesson's or setParams' weights); after it, the
        // change is a jump along the path.
        let status = self.trainer.status();
        if status.epoch == 0 && status.position == 0 {
            self.path.points.clear();
        }
        self.path.record(self.trainer.network());
        self.remeasure();
    }

    /// Measures losses and accuracy and records them in the history.
    fn remeasure(&mut self) {
        self.measure();
        if let Some(train) = self.measures.train_loss.filter(|l| l.is_finite()) {
            self.history.record(Sample {
                epoch: self.epoch(),
                train,
                test: self.measures.test_loss.filter(|l| l.is_finite()),
            });
        }
    }

    /// Measures losses and accuracy.
    fn measure(&mut self) {
        let features = self.settings.effective_features();
        self.measures = self
            .measurer
            .measure(self.trainer.network(), &self.points, &features, self.points_version);
    }
}

/// What the page says when training diverges, in the words of seed 002.
pub fn divergence_message(epoch: u64, learning_rate: f64) -> String {
    format!(
        "Training diverged at epoch {epoch}: the learning rate {} is too large. Each step \
         overshoots the minimum and lands farther up the other side of the loss curve, so the loss grows \
         instead of shrinking until the numbers overflow. Lower the learning rate and press Reset.",
        Decimal(learning_rate)
    )
}
