//! The renderers in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): real canvases, real pixels.
#![cfg(target_arch = "wasm32")]

use backprop::Task;
use playground::model::session::Session;
use playground::model::settings::Settings;
use playground::web::data_view::{DataFrame, DataView};
use playground::web::loss_chart::LossChart;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let context: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    context
        .get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()))
        .unwrap()
        .data()
        .0
}

/// Counts pixels that are clearly orange (red ≫ blue) and clearly blue (blue ≫ red).
fn hues(rgba: &[u8]) -> (usize, usize) {
    rgba.chunks_exact(4).fold((0, 0), |(o, b), p| {
        let (r, bl) = (i32::from(p[0]), i32::from(p[2]));
        (o + usize::from(r - bl > 60), b + usize::from(bl - r > 60))
    })
}

fn draw(session: &Session, view: &mut DataView) {
    let features = session.settings().effective_features();
    let (params_version, points_version) = session.versions();
    view.draw(&DataFrame {
        network: session.network(),
        features: &features,
        points: session.points(),
        show_test: false,
        discretize: false,
        params_version,
        points_version,
        moving: false,
        boundary: None,
        names: &[],
        cursor: None,
    })
    .unwrap();
}

#[wasm_bindgen_test]
fn the_xor_boundary_shows_both_hues_after_training() {
    let mut trained = Session::new(Settings {
        dataset: backprop::DatasetKind::Xor,
        ..Settings::default()
    })
    .unwrap();
    assert_eq!(trained.points().task, Task::Classification);
    trained.train_epochs(300);
    assert!(trained.measures().accuracy.unwrap() > 0.9, "{:?}", trained.measures());

    let target = canvas(200, 200);
    let mut view = DataView::new(target.clone()).unwrap();
    draw(&trained, &mut view);
    let (orange, blue) = hues(&pixels(&target));
    let total = 200 * 200;
    // XOR: two opposite quadrants each; both colours must cover a good share.
    assert!(orange > total / 5, "orange pixels: {orange} of {total}");
    assert!(blue > total / 5, "blue pixels: {blue} of {total}");
    // The heatmap buffer itself agrees with the network: top-left (x₁ < 0,
    // x₂ > 0) is class 0 (orange), top-right is class 1 (blue).
    let (w, heat) = view.heatmap();
    assert_eq!(w, 100, "at rest the heatmap has its full resolution");
    let top_left = &heat[(10 * w + 10) * 4..(10 * w + 10) * 4 + 4];
    let top_right = &heat[(10 * w + w - 10) * 4..(10 * w + w - 10) * 4 + 4];
    assert!(top_left[0] > top_left[2], "top-left should be orange: {top_left:?}");
    assert!(top_right[2] > top_right[0], "top-right should be blue: {top_right:?}");
}

#[wasm_bindgen_test]
fn an_untrained_network_still_draws_a_heatmap_not_a_blank_canvas() {
    let session = Session::new(Settings::default()).unwrap();
    let target = canvas(120, 120);
    let mut view = DataView::new(target.clone()).unwrap();
    draw(&session, &mut view);
    let rgba = pixels(&target);
    let opaque = rgba.chunks_exact(4).filter(|p| p[3] == 255).count();
    assert_eq!(opaque, 120 * 120, "every pixel is painted");
    let distinct: std::collections::HashSet<&[u8]> = rgba.chunks_exact(4).collect();
    assert!(
        distinct.len() > 20,
        "a ramp of colours, not one flat fill: {}",
        distinct.len()
    );
}

#[wasm_bindgen_test]
fn the_loss_chart_draws_its_curve() {
    let mut session = Session::new(Settings::default()).unwrap();
    session.train_epochs(20);
    let target = canvas(300, 150);
    let mut chart = LossChart::new(target.clone());
    chart.draw(session.history().samples(), false, &[]).unwrap();
    let (_, blue) = hues(&pixels(&target));
    assert!(blue > 50, "the blue training curve is drawn ({blue} pixels)");
}

#[wasm_bindgen_test]
fn a_loss_chart_drawn_every_epoch_shows_the_pixels_of_one_drawn_once() {
    // The chart keeps its curves between frames and adds only each new
    // sample's segment; across new axis ranges (the epochs' axis ends at 1,
    // 1.2, 1.5, 2 … × 10ᵏ), a switch to the log scale and back, and the
    // history's thinning at 1 000 samples, what it shows must be exactly
    // what a chart drawing the same history from nothing shows.
    let mut session = Session::new(Settings::default()).unwrap();
    let live_canvas = canvas(300, 150);
    let mut live = LossChart::new(live_canvas.clone());
    let samples = |s: &Session| s.history().samples().to_vec();
    let mut compared = 0;
    for epoch in 1..=1100u32 {
        session.train_epochs(1);
        let log_scale = (200..260).contains(&epoch);
        live.draw(&samples(&session), log_scale, &[]).unwrap();
        if matches!(epoch, 3 | 59 | 61 | 230 | 270 | 999 | 1001 | 1100) {
            let once_canvas = canvas(300, 150);
            LossChart::new(once_canvas.clone())
                .draw(&samples(&session), log_scale, &[])
                .unwrap();
            assert!(
                pixels(&live_canvas) == pixels(&once_canvas),
                "epoch {epoch}: the chart drawn frame by frame differs from one drawn at once"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 8);
    assert!(session.history().samples().len() < 1000, "the history was thinned");
}
