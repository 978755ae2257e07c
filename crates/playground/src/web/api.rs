//! `window.playground`: the same actions the buttons use, for scripts and
//! tests. Every method works on the one `App`; errors throw a JS `Error`.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsError, JsValue};

use super::app::App;
use super::dom;
use super::network_view::Target;

type Shared = Rc<RefCell<App>>;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()).into())
}

fn error(message: &str) -> JsValue {
    JsError::new(message).into()
}

fn busy() -> JsValue {
    error("the playground is busy (called from inside one of its own handlers)")
}

/// Adds a method `name` to `object`.
pub(super) fn method(
    object: &js_sys::Object,
    name: &str,
    app: &Shared,
    body: impl Fn(&mut App, js_sys::Array) -> Result<JsValue, JsValue> + 'static,
) -> Result<(), JsValue> {
    let app = app.clone();
    // Up to three arguments arrive as parameters (missing ones are
    // `undefined`); no `new Function`, so the page works under a strict
    // Content-Security-Policy.
    let closure = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        move |a: JsValue, b: JsValue, c: JsValue| {
            let args = js_sys::Array::of3(&a, &b, &c);
            while args.length() > 0 && args.get(args.length() - 1).is_undefined() {
                args.pop();
            }
            let mut app = app.try_borrow_mut().map_err(|_| busy())?;
            body(&mut app, args)
        },
    );
    js_sys::Reflect::set(object, &JsValue::from_str(name), closure.as_ref())?;
    closure.forget();
    Ok(())
}

fn number(args: &js_sys::Array, i: u32, what: &str) -> Result<f64, JsValue> {
    args.get(i)
        .as_f64()
        .ok_or_else(|| error(&format!("{what} must be a number, got {:?}", args.get(i))))
}

/// Argument `i` as an index: a whole number ≥ 0.
fn index(args: &js_sys::Array, i: u32, what: &str) -> Result<usize, JsValue> {
    let v = number(args, i, what)?;
    if v >= 0.0 && v.fract() == 0.0 {
        Ok(v as usize)
    } else {
        Err(error(&format!("{what} must be a whole number ≥ 0, got {v}")))
    }
}

/// `position(layer, unit[, from])`: where the diagram shows a unit (or the
/// middle of the link from unit `from` of the layer below), in CSS pixels
/// from the viewport's top-left, as `{ x, y }` — a point a mouse click there
/// hits. The diagram is brought up to date first, so it is where it is now.
fn position(a: &mut App, args: &js_sys::Array) -> Result<JsValue, JsValue> {
    let (layer, unit) = (index(args, 0, "layer")?, index(args, 1, "unit")?);
    let from = (args.length() > 2).then(|| index(args, 2, "from")).transpose()?;
    let net = a.session.network();
    let shape = net.layers().get(layer).map(|l| (l.units, l.inputs));
    let target = match (shape, from) {
        (Some((units, _)), None) if unit < units => Target::Unit { layer, unit },
        (Some((units, inputs)), Some(from)) if unit < units && from < inputs => Target::Link { layer, to: unit, from },
        _ => {
            let mut sizes = vec![net.layers().first().map_or(0, |l| l.inputs)];
            sizes.extend(net.layers().iter().map(|l| l.units));
            let what = from.map_or_else(
                || format!("unit {unit}"),
                |f| format!("link to unit {unit} from unit {f} below"),
            );
            return Err(error(&format!(
                "layer {layer} has no {what}: the network's units per layer, inputs first, are {sizes:?}"
            )));
        }
    };
    a.draw()?;
    let view = &a.network_view;
    let (x, y) = view.position(target).ok_or_else(|| error("the diagram is not drawn"))?;
    let (canvas, point) = (view.canvas(), js_sys::Object::new());
    let rect = canvas.get_bounding_client_rect();
    let x = rect.left() + f64::from(canvas.client_left()) + x;
    let y = rect.top() + f64::from(canvas.client_top()) + y;
    js_sys::Reflect::set(&point, &"x".into(), &x.into())?;
    js_sys::Reflect::set(&point, &"y".into(), &y.into())?;
    Ok(point.into())
}

/// The page's state as `state()` reports it.
pub fn state(a: &App) -> Result<JsValue, JsValue> {
    let mut state = a.session.state();
    // A message from the last action (or an embed's attributes) comes first.
    if let Some(notice) = &a.notice {
        state.message = Some(notice);
    }
    to_js(&state)
}

/// The API object: `window.playground`, or an element's `.playground`.
pub fn object(app: &Shared) -> Result<js_sys::Object, JsValue> {
    let api = js_sys::Object::new();
    method(&api, "state", app, |a, _| state(a))?;
    method(&api, "step", app, |a, _| {
        a.session.train_epochs(1);
        state(a)
    })?;
    method(&api, "stepBatch", app, |a, _| {
        a.session.train_batch();
        state(a)
    })?;
    method(&api, "play", app, |a, _| {
        a.session.play();
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "pause", app, |a, _| {
        a.session.pause();
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "reset", app, |a, _| {
        a.session.reset();
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "setConfig", app, |a, args| {
        a.set_config(args.get(0)).map_err(|e| error(&e))?;
        state(a)
    })?;
    method(&api, "addPoint", app, |a, args| {
        let (x, y) = (number(&args, 0, "x")?, number(&args, 1, "y")?);
        let label = if args.length() > 2 {
            number(&args, 2, "label")?
        } else {
            0.0
        };
        a.session.add_point(x, y, label).map_err(|e| error(&e))?;
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "clearPoints", app, |a, _| {
        a.session.clear_points();
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "regenerate", app, |a, _| {
        a.session.regenerate().map_err(|e| error(&e))?;
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "params", app, |a, _| to_js(&a.session.network().params()))?;
    method(&api, "lesson", app, |a, args| {
        let id = args.get(0).as_string().unwrap_or_default();
        a.load_lesson(&id).map_err(|e| error(&e))?;
        state(a)
    })?;
    method(&api, "lessonValue", app, |a, _| {
        let lesson = a
            .session
            .settings()
            .lesson
            .as_deref()
            .and_then(crate::model::lessons::find);
        match lesson {
            Some(l) => to_js(&l.readout(&a.session)),
            None => Ok(JsValue::NULL),
        }
    })?;
    method(&api, "phaseNext", app, |a, _| {
        a.phase_next();
        Ok(JsValue::from_str(a.stepper.as_ref().map_or("none", |s| s.phase.name())))
    })?;
    method(&api, "phasePrev", app, |a, _| {
        a.phase_prev();
        Ok(JsValue::from_str(a.stepper.as_ref().map_or("none", |s| s.phase.name())))
    })?;
    method(&api, "phase", app, |a, _| {
        Ok(JsValue::from_str(a.stepper.as_ref().map_or("none", |s| s.phase.name())))
    })?;
    method(&api, "exportState", app, |a, _| {
        super::share::export_json(a).map(JsValue::from).map_err(|e| error(&e))
    })?;
    method(&api, "importState", app, |a, args| {
        let text = args
            .get(0)
            .as_string()
            .ok_or_else(|| error("importState needs the JSON text"))?;
        super::share::import(a, "state.json", &text).map_err(|e| error(&e))?;
        state(a)
    })?;
    method(&api, "importPointsCsv", app, |a, args| {
        let text = args
            .get(0)
            .as_string()
            .ok_or_else(|| error("importPointsCsv needs the CSV text"))?;
        super::share::import(a, "points.csv", &text).map_err(|e| error(&e))?;
        state(a)
    })?;
    method(&api, "startFresh", app, |a, _| {
        a.start_fresh().map_err(|e| error(&e))?;
        state(a)
    })?;
    method(&api, "setParams", app, |a, args| {
        let params: backprop::Params = serde_wasm_bindgen::from_value(args.get(0))
            .map_err(|e| error(&format!("params must be {{ weights, biases }}: {e}")))?;
        a.session.set_params(&params).map_err(|e| error(&e))?;
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "select", app, |a, args| {
        // select(layer, unit) selects a bias; select(layer, unit, from) a weight.
        let layer = number(&args, 0, "layer")? as usize;
        let unit = number(&args, 1, "unit")? as usize;
        let target = match args.get(2).as_f64() {
            Some(from) => Target::Link {
                layer,
                to: unit,
                from: from as usize,
            },
            None => Target::Unit { layer, unit },
        };
        a.select(Some(target));
        Ok(JsValue::UNDEFINED)
    })?;
    method(&api, "position", app, |a, args| position(a, &args))?;
    method(&api, "history", app, |a, _| to_js(&a.session.history().samples()))?;
    method(&api, "panicForTesting", app, |_, _| fault_drill())?;
    method(&api, "metrics", app, |a, _| {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Metrics {
            first_frame_ms: Option<f64>,
            frames: u64,
        }
        to_js(&Metrics {
            first_frame_ms: a.first_frame_ms,
            frames: a.frames,
        })
    })?;
    Ok(api)
}

/// `panicForTesting()`: a fault drill that exists only to exercise the fault
/// path — it panics on purpose, so tests can check that a bug shows
/// "Something went wrong — reload the page." with the panic text, in the page
/// and in every embedded element, and stops the animation. No control, key or
/// input reaches it; only a script calling it by name.
#[allow(clippy::panic)]
fn fault_drill() -> ! {
    panic!("panicForTesting() was called (a fault drill)")
}

/// Installs `window.playground`.
pub fn install(app: &Shared) -> Result<(), JsValue> {
    let window: JsValue = dom::window()?.into();
    let api: JsValue = object(app)?.into();
    js_sys::Reflect::set(&window, &JsValue::from_str("playground"), &api)?;
    Ok(())
}
