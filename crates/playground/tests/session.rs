//! The page's model without a browser: what the buttons and `setConfig` do.

use backprop::{BatchSize, DatasetKind, Loss, Regularization};
use playground::model::points::{Split, MAX_PAGE_POINTS};
use playground::model::session::Session;
use playground::model::settings::Settings;

fn session(settings: Settings) -> Session {
    Session::new(settings).expect("valid settings")
}

#[test]
fn step_advances_exactly_one_epoch_and_changes_the_loss() {
    let mut s = session(Settings::default());
    let before = s.measures().train_loss.unwrap();
    s.train_epochs(1);
    assert_eq!(s.epoch(), 1);
    assert_ne!(s.measures().train_loss.unwrap(), before);
    assert_eq!(s.history().samples().len(), 2, "epoch 0 and epoch 1");
}

#[test]
fn changing_learning_rate_batch_size_or_regularization_does_not_restart() {
    let mut s = session(Settings::default());
    s.train_epochs(5);
    let params = s.network().params();
    let mut next = s.settings().clone();
    next.learning_rate = 0.3;
    next.batch_size = BatchSize::All;
    next.regularization = Regularization::L2 { rate: 0.001 };
    s.apply(next).unwrap();
    assert_eq!(s.epoch(), 5);
    assert_eq!(s.network().params(), params);
    s.train_epochs(1);
    assert_eq!(s.epoch(), 6);
}

#[test]
fn changing_the_network_restarts_from_the_seed() {
    let mut s = session(Settings::default());
    s.train_epochs(3);
    let mut next = s.settings().clone();
    next.hidden = vec![3];
    s.apply(next).unwrap();
    assert_eq!(s.epoch(), 0);
    assert_eq!(s.network().layers().len(), 2);
}

#[test]
fn clicked_points_are_training_data_at_once() {
    let mut s = session(Settings::default());
    s.clear_points();
    assert_eq!(s.measures().train_loss, None);
    s.add_point(1.0, 2.0, 1.0).unwrap();
    s.add_point(-1.0, -2.0, 0.0).unwrap();
    assert_eq!(s.points().count(Split::Train), 2);
    assert!(s.measures().train_loss.is_some());
    s.train_epochs(1);
    assert_eq!(s.epoch(), 1);
    assert!(s.remove_nearest(1.1, 2.1, 0.5));
    assert_eq!(s.points().points.len(), 1);
}

#[test]
fn bad_points_are_refused_with_a_reason() {
    let mut s = session(Settings::default());
    assert!(s.add_point(f64::NAN, 0.0, 1.0).unwrap_err().contains("finite"));
    assert!(s
        .add_point(0.0, 0.0, 2.0)
        .unwrap_err()
        .contains("0 (orange) or 1 (blue)"));
    s.clear_points();
    let grid: Vec<(f64, f64, f64)> = (0..MAX_PAGE_POINTS)
        .map(|i| {
            (
                (i % 100) as f64 / 10.0 - 5.0,
                (i / 100) as f64 / 10.0 - 5.0,
                (i % 2) as f64,
            )
        })
        .collect();
    s.add_points(&grid).unwrap();
    assert!(s.add_point(0.0, 0.0, 1.0).unwrap_err().contains("at most"));
    assert_eq!(s.points().points.len(), MAX_PAGE_POINTS, "nothing lost, nothing added");
    // An import that does not fit is refused whole.
    s.clear_points();
    assert!(s.add_points(&[grid.as_slice(), &[(0.0, 0.0, 1.0)]].concat()).is_err());
    assert!(s.points().points.is_empty());
    // A point far beyond any canvas would overflow x² in the features.
    assert!(s.add_point(1e300, 0.0, 1.0).unwrap_err().contains("too far out"));
}

#[test]
fn weights_so_large_the_loss_overflows_are_refused_and_nothing_changes() {
    let mut settings = Settings::default();
    settings.choose_dataset(DatasetKind::Dosage);
    let mut s = session(settings);
    let before = s.network().flat_params().to_vec();
    let loss = s.measures().train_loss;
    // A weight into the linear output of 1e300 makes ŷ² overflow to ∞.
    let last = s.network().layers().len() - 1;
    let err = s.set_weight(last, 0, Some(0), 1e300).unwrap_err();
    assert!(err.contains("too large to compute"), "{err}");
    assert_eq!(s.network().flat_params(), before.as_slice());
    assert_eq!(s.measures().train_loss, loss);
    s.set_weight(last, 0, Some(0), 2.5).expect("an ordinary weight is fine");
}

#[test]
fn in_1d_regression_a_click_adds_the_point_under_the_cursor() {
    let mut s = session(Settings {
        dataset: DatasetKind::Dosage,
        loss: Loss::Mse,
        ..Settings::default()
    });
    s.clear_points();
    s.add_point(0.25, 0.75, 0.0).unwrap();
    let p = s.points().points[0];
    assert_eq!((p.x, p.y, p.label), (0.25, 0.75, 0.75));
}

#[test]
fn a_too_large_learning_rate_diverges_and_reset_recovers() {
    let mut s = session(Settings {
        dataset: DatasetKind::Plane,
        loss: Loss::Mse,
        learning_rate: 1000.0,
        ..Settings::default()
    });
    s.play();
    for _ in 0..50 {
        s.train_epochs(5);
    }
    assert!(s.diverged());
    assert!(!s.running());
    assert!(s.message().unwrap().contains("learning rate 1000 is too large"));
    // The last finite parameters are kept, so what is shown is a number.
    let shown = s.measures().train_loss.unwrap();
    assert!(shown.is_finite(), "{shown}");
    s.reset();
    assert!(!s.diverged());
    assert_eq!(s.epoch(), 0);
    assert!(s.message().is_none());
}

#[test]
fn invalid_settings_are_refused_and_change_nothing() {
    let mut s = session(Settings::default());
    let before = s.settings().clone();
    for bad in [
        Settings {
            hidden: vec![0],
            ..before.clone()
        },
        Settings {
            hidden: vec![4; 9],
            ..before.clone()
        },
        Settings {
            learning_rate: f64::NAN,
            ..before.clone()
        },
        Settings {
            learning_rate: -1.0,
            ..before.clone()
        },
        Settings {
            noise: 3.0,
            ..before.clone()
        },
        Settings {
            speed: 0,
            ..before.clone()
        },
        Settings {
            points: 100_000,
            ..before.clone()
        },
        Settings {
            classes: 5,
            ..before.clone()
        },
        Settings {
            lesson: Some("<b>".into()),
            ..before.clone()
        },
    ] {
        assert!(s.apply(bad).is_err());
        assert_eq!(s.settings(), &before);
    }
}

#[test]
fn xor_reaches_95_percent_accuracy() {
    let mut s = session(Settings {
        dataset: DatasetKind::Xor,
        ..Settings::default()
    });
    s.train_epochs(400);
    assert!(s.measures().accuracy.unwrap() >= 0.95, "{:?}", s.measures());
}

#[test]
fn ghost_runs_start_from_the_same_weights_and_the_fast_one_diverges() {
    use playground::model::compare::Kind;
    let mut s = session(Settings {
        dataset: DatasetKind::WeightHeight,
        data_seed: 42,
        points: 50,
        noise: 0.5,
        hidden: vec![],
        activation: backprop::Activation::Linear,
        loss: Loss::Mse,
        learning_rate: 0.0001,
        batch_size: BatchSize::All,
        compare: Some(Kind::LearningRate),
        ..Settings::default()
    });
    let runs = &s.comparison().unwrap().runs;
    assert_eq!(runs.len(), 2);
    let start = s.history().samples()[0].train;
    assert!(
        runs.iter().all(|r| r.history.samples()[0].train == start),
        "same start as the main run"
    );
    s.train_epochs(10);
    let fast = s.comparison().unwrap().runs[1].history.samples().to_vec();
    assert!(
        fast.windows(2).all(|w| w[1].train > w[0].train),
        "η×10 overshoots: its loss grows every epoch: {fast:?}"
    );
    s.train_epochs(500);
    let runs = &s.comparison().unwrap().runs;
    assert!(
        !runs[0].diverged() && runs[1].diverged(),
        "η×0.1 converges slowly, η×10 = 0.001 diverges"
    );
    let slow = runs[0].history.samples().last().unwrap().train;
    let main = s.history().samples().last().unwrap().train;
    assert!(slow > main, "the small rate lags: {slow} vs {main}");
}

#[test]
fn batch_size_comparison_trains_three_ways_in_lockstep() {
    use playground::model::compare::Kind;
    let mut s = session(Settings {
        compare: Some(Kind::BatchSize),
        ..Settings::default()
    });
    s.train_epochs(5);
    let runs = &s.comparison().unwrap().runs;
    assert_eq!(
        runs.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
        ["batch 1 (SGD)", "batch 10", "full batch"]
    );
    for run in runs {
        assert_eq!(run.history.samples().last().unwrap().epoch, 5);
    }
    // With 5 epochs, one update per sample beats one update per epoch.
    assert!(runs[0].history.samples()[1].train < runs[2].history.samples()[1].train);
    s.reset();
    assert_eq!(
        s.comparison().unwrap().runs[0].history.samples().len(),
        1,
        "reset restarts the comparison"
    );
}

#[test]
fn three_clicked_classes_train_a_softmax_to_separate_them() {
    let mut s = session(Settings {
        classes: 3,
        ..Settings::default()
    });
    assert_eq!(s.network().output_size(), 3);
    assert_eq!(s.settings().effective_loss(), Loss::SoftmaxCe);
    s.clear_points();
    let mut clicks = Vec::new();
    for k in 0..12 {
        let t = k as f64 / 12.0;
        clicks.push((-4.0 + t, 3.0 + t, 0.0));
        clicks.push((3.0 + t, 3.5 - t, 1.0));
        clicks.push((t - 0.5, -4.0 + t, 2.0));
    }
    s.add_points(&clicks).unwrap();
    assert!(s.add_point(0.0, 0.0, 3.0).unwrap_err().contains("from 0 to 2"));
    s.train_epochs(300);
    assert_eq!(s.measures().accuracy, Some(1.0), "{:?}", s.measures());
    // Going back to two classes drops the third class's points; the data
    // set's recipe changed, so its two-class points are generated anew (as
    // for a new noise), and the clicked ones stay.
    let mut next = s.settings().clone();
    next.classes = 2;
    s.apply(next).unwrap();
    let clicked = s.points().points.iter().filter(|p| p.generated.is_none()).count();
    assert_eq!(clicked, 24);
    assert!(s.points().points.iter().all(|p| p.label < 2.0));
    assert_eq!(s.network().output_size(), 1);
}

#[test]
fn choosing_3_or_4_classes_generates_that_many_on_every_shape_and_2_restores_the_original() {
    for dataset in [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gaussians,
        DatasetKind::Spiral,
        DatasetKind::Moons,
    ] {
        let mut s = session(Settings {
            dataset,
            ..Settings::default()
        });
        let original = s.points().clone();
        for classes in [3, 4, 2] {
            let mut next = s.settings().clone();
            next.classes = classes;
            s.apply(next).unwrap();
            let mut labels: Vec<u64> = s.points().points.iter().map(|p| p.label as u64).collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(
                labels,
                (0..classes as u64).collect::<Vec<_>>(),
                "{dataset:?}, {classes} classes"
            );
            assert_eq!(s.network().output_size(), if classes == 2 { 1 } else { classes });
        }
        assert_eq!(s.points(), &original, "{dataset:?}: back to 2 classes, the same points");
    }
}

#[test]
fn each_hidden_layer_can_have_its_own_activation() {
    let mut s = session(Settings::default());
    let mut next = s.settings().clone();
    next.hidden = vec![4, 3];
    next.hidden_activations = vec![backprop::Activation::Relu];
    s.apply(next).unwrap();
    let activations: Vec<_> = s.network().layers().iter().map(|l| l.activation).collect();
    assert_eq!(
        activations,
        [
            backprop::Activation::Relu,
            backprop::Activation::Tanh,
            backprop::Activation::Sigmoid
        ]
    );
    let mut bad = s.settings().clone();
    bad.hidden_activations = vec![backprop::Activation::Softmax];
    assert!(s.apply(bad).unwrap_err().contains("softmax"));
}

#[test]
fn choosing_a_data_set_brings_its_own_points_noise_and_a_fitting_loss() {
    let mut s = Settings::default();
    s.choose_dataset(DatasetKind::WeightHeight);
    assert_eq!((s.points, s.noise, s.loss), (50, 0.5, Loss::Mse));
    s.choose_dataset(DatasetKind::Spiral);
    assert_eq!((s.points, s.noise, s.loss), (250, 0.0, Loss::Bce));
}

/// The flat indices of the output's bias and the first weight.
fn bias_and_first_weight(s: &Session) -> Vec<usize> {
    let last = s.network().layers().last().unwrap();
    vec![last.biases_at, 0]
}

#[test]
fn the_descent_path_is_recorded_at_every_epoch_without_any_view() {
    // Mini-batches of 10 over ~100 training points: an epoch is many steps,
    // and the path gets a point at the end of each.
    let mut s = session(Settings::default());
    let free = bias_and_first_weight(&s);
    assert!(s.follow(&free));
    assert!(!s.follow(&free), "the same choice again changes nothing");
    let mut expected = vec![free.iter().map(|&i| s.network().flat_params()[i]).collect::<Vec<f64>>()];
    let mut twin = session(Settings::default());
    for _ in 0..30 {
        twin.train_epochs(1);
        expected.push(free.iter().map(|&i| twin.network().flat_params()[i]).collect());
    }
    s.train_epochs(30);
    assert_eq!(
        s.path().points,
        expected,
        "the start, then the parameters after each epoch"
    );

    // Frames whose time runs out every 7 batches, mid-epoch or not, take the
    // very batches one at a time would; the path passes through every
    // epoch's point (and the frames' ends between them).
    let mut framed = session(Settings::default());
    framed.follow(&free);
    let mut batches = 0;
    for _ in 0..40 {
        framed.train_within(4, &mut || {
            batches += 1;
            batches % 7 == 0
        });
    }
    let mut one_by_one = session(Settings::default());
    for _ in 0..batches {
        one_by_one.train_batch();
    }
    assert_eq!(framed.network().flat_params(), one_by_one.network().flat_params());
    let epochs = framed.epoch() as usize;
    assert!(epochs >= 20, "{epochs} epochs in 280 batches");
    let mut rest = framed.path().points.iter();
    for point in &expected[..=epochs.min(30)] {
        assert!(rest.any(|p| p == point), "the path misses {point:?}");
    }

    // Reset starts the path again at the start; another choice starts anew.
    s.reset();
    assert_eq!(s.path().points, expected[..1]);
    assert!(s.follow(&free[..1]));
    assert_eq!(s.path().points, vec![vec![expected[0][0]]]);
}
