//! Generous but finite limits. Past them the engine answers with an error
//! instead of allocating without bound or freezing the page.

/// Most weight layers (hidden layers + the output layer) a network may have.
pub const MAX_LAYERS: usize = 16;
/// Most units in any one layer, the input layer included.
pub const MAX_UNITS: usize = 256;
/// Most data points (samples) in one data set or one call.
pub const MAX_POINTS: usize = 100_000;
/// Largest learning rate accepted. Rates up to this are allowed on purpose:
/// a learner should be able to *watch* training diverge (lr = 50 in seed 002).
pub const MAX_LEARNING_RATE: f64 = 10_000.0;
/// Most epochs one `train_epochs` call may run (the page asks for a few per frame).
pub const MAX_EPOCHS_PER_CALL: u32 = 1_000_000;
