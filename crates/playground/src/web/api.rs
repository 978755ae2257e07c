//! `window.playground` and `element.playground`: a script's way to the same
//! actions the buttons use, and read-outs of the state. Every method is the
//! one closure `call` with the method's name bound first, so a playground's
//! whole API is one closure, freed with it; errors throw a JS `Error`.

use backprop::decimal::Decimal;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsError, JsValue};

use super::action::{Action, Patch, Selection};
use super::app::{App, Handle};
use super::dom;
use super::network_view::Target;
use super::js_value;
use super::share;
use crate::model::read::Read;
use crate::model::write::{self, ToTree};

/// The closure behind every method: (name, up to three arguments).
pub type Call = Closure<dyn Fn(JsValue, JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// The methods, by name.
const METHODS: [&str; 26] = [
    "state",
    "step",
    "stepBatch",
    "play",
    "pause",
    "reset",
    "setConfig",
    "addPoint",
    "clearPoints",
    "regenerate",
    "params",
    "setParams",
    "history",
    "lesson",
    "lessonValue",
    "select",
    "position",
    "phaseNext",
    "phasePrev",
    "phase",
    "exportState",
    "importState",
    "importPointsCsv",
    "startFresh",
    "metrics",
    "panicForTesting",
];

fn to_js<T: ToTree + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    Ok(js_value::write(&value.tree(), &JsValue::NULL))
}

fn error(message: &str) -> JsValue {
    JsError::new(message).into()
}

fn number(arg: &JsValue, what: &str) -> Result<f64, JsValue> {
    arg.as_f64()
        .ok_or_else(|| error(&format!("{what} must be a number, got {}", js_value::shown(arg))))
}

/// An argument as an index: a whole number ≥ 0.
fn index(arg: &JsValue, what: &str) -> Result<usize, JsValue> {
    let v = number(arg, what)?;
    if v >= 0.0 && v.fract() == 0.0 {
        Ok(v as usize)
    } else {
        Err(error(&format!("{what} must be a whole number ≥ 0, got {}", Decimal(v))))
    }
}

/// The API object of the app behind `app`, and the closure it calls
/// (owned by the playground's lifecycle). With `on_stop` (an element's),
/// it also has `stop()`, which calls it.
pub fn object(app: &Handle, on_stop: Option<Box<dyn Fn()>>) -> Result<(js_sys::Object, Call), JsValue> {
    let app = app.clone();
    let stoppable = on_stop.is_some();
    let call: Call = Closure::new(move |name: JsValue, a: JsValue, b: JsValue, c: JsValue| {
        let name = name.as_string().unwrap_or_default();
        match (name.as_str(), &on_stop) {
            ("stop", Some(stop)) => {
                stop();
                return Ok(JsValue::UNDEFINED);
            }
            ("panicForTesting", _) => fault_drill(),
            _ => {}
        }
        app.with(|app| method(app, &name, [a, b, c])).unwrap_or_else(|| {
            Err(error(
                "the playground is busy (called from inside one of its own handlers) or stopped",
            ))
        })
    });
    let api = js_sys::Object::new();
    let function: &js_sys::Function = call.as_ref().unchecked_ref();
    for name in METHODS.iter().chain(stoppable.then_some(&"stop")) {
        let name = JsValue::from_str(name);
        js_sys::Reflect::set(&api, &name, &function.bind1(&JsValue::NULL, &name))?;
    }
    Ok((api, call))
}

/// Runs one method. Those that change something are actions, dispatched as
/// a button's are; an action's error throws.
fn method(a: &mut App, name: &str, [x, y, z]: [JsValue; 3]) -> Result<JsValue, JsValue> {
    let act = |a: &mut App, action: Action| a.dispatch(action).map_err(|e| error(&e));
    let undefined = Ok(JsValue::UNDEFINED);
    match name {
        "state" => state(a),
        "step" => act(a, Action::Step).and_then(|_| state(a)),
        "stepBatch" => act(a, Action::StepBatch).and_then(|_| state(a)),
        "play" => act(a, Action::Play).and(undefined),
        "pause" => act(a, Action::Pause).and(undefined),
        "reset" => act(a, Action::Reset).and(undefined),
        "setConfig" => {
            if !x.is_object() {
                return Err(error("setConfig needs an object such as { learningRate: 0.1 }"));
            }
            let partial = js_value::read(&x).map_err(|e| error(&format!("invalid config: {e}")))?;
            act(a, Action::SetConfig(Patch::Config(partial))).and_then(|_| state(a))
        }
        "addPoint" => {
            let (x, y) = (number(&x, "x")?, number(&y, "y")?);
            let label = if z.is_undefined() { 0.0 } else { number(&z, "label")? };
            act(a, Action::AddPoint { x, y, label }).and(undefined)
        }
        "clearPoints" => act(a, Action::ClearPoints).and(undefined),
        "regenerate" => act(a, Action::Regenerate).and(undefined),
        "params" => to_js(&a.session().network().params()),
        "setParams" => {
            let params = js_value::read(&x)
                .and_then(|tree| backprop::Params::read(tree).map_err(|e| e.to_string()))
                .map_err(|e| error(&format!("params must be {{ weights, biases }}: {e}")))?;
            act(a, Action::SetParams(params)).and(undefined)
        }
        "history" => to_js(&a.session().history().samples()),
        "lesson" => act(a, Action::LoadLesson(x.as_string().unwrap_or_default())).and_then(|_| state(a)),
        "lessonValue" => {
            let lesson = a
                .session()
                .settings()
                .lesson
                .as_deref()
                .and_then(crate::model::lessons::find);
            match lesson {
                Some(l) => to_js(&l.readout(a.session())),
                None => Ok(JsValue::NULL),
            }
        }
        // select(layer, unit) selects a bias; select(layer, unit, from) a weight.
        "select" => {
            let at = Selection {
                layer: number(&x, "layer")? as usize,
                unit: number(&y, "unit")? as usize,
                from: z.as_f64().map(|f| f as usize),
            };
            act(a, Action::Select(Some(at))).and(undefined)
        }
        "position" => position(a, x, y, z),
        "phaseNext" => act(a, Action::PhaseNext).map(|_| a.phase().into()),
        "phasePrev" => act(a, Action::PhasePrev).map(|_| a.phase().into()),
        "phase" => Ok(a.phase().into()),
        "exportState" => share::export_json(a.session())
            .map(JsValue::from)
            .map_err(|e| error(&e)),
        "importState" | "importPointsCsv" => {
            let (file, kind) = if name == "importState" { ("state.json", "JSON") } else { ("points.csv", "CSV") };
            let text = x.as_string().ok_or_else(|| error(&format!("{name} needs the {kind} text")))?;
            act(a, Action::Import { name: file.into(), text }).and_then(|_| state(a))
        }
        "startFresh" => act(a, Action::StartFresh).and_then(|_| state(a)),
        "metrics" => {
            let (first_frame_ms, frames, drawing_ms, pictures_ms) = a.metrics();
            to_js(&write::object(vec![
                ("firstFrameMs", first_frame_ms.tree()),
                ("frames", frames.tree()),
                ("drawingMs", drawing_ms.tree()),
                ("picturesMs", pictures_ms.tree()),
            ]))
        }
        _ => Err(error(&format!("playground has no method {name}"))),
    }
}

/// `position(layer, unit[, from])`: where the diagram shows a unit (or the
/// middle of the link from unit `from` of the layer below), in CSS pixels
/// from the viewport's top-left, as `{ x, y }` — a point a mouse click there
/// hits. The diagram is brought up to date first, so it is where it is now.
fn position(a: &mut App, layer: JsValue, unit: JsValue, from: JsValue) -> Result<JsValue, JsValue> {
    let (layer, unit) = (index(&layer, "layer")?, index(&unit, "unit")?);
    let from = (!from.is_undefined()).then(|| index(&from, "from")).transpose()?;
    let net = a.session().network();
    let shape = net.layers().get(layer).map(|l| (l.units, l.inputs));
    let target = match (shape, from) {
        (Some((units, _)), None) if unit < units => Target::Unit { layer, unit },
        (Some((units, inputs)), Some(from)) if unit < units && from < inputs => Target::Link { layer, to: unit, from },
        _ => {
            // "[2, 4, 1]", written out: `{:?}` of a list links core's list printer.
            let mut sizes = format!("[{}", net.layers().first().map_or(0, |l| l.inputs));
            for layer in net.layers() {
                sizes += &format!(", {}", layer.units);
            }
            sizes.push(']');
            let what = from.map_or_else(
                || format!("unit {unit}"),
                |f| format!("link to unit {unit} from unit {f} below"),
            );
            return Err(error(&format!(
                "layer {layer} has no {what}: the network's units per layer, inputs first, are {sizes}"
            )));
        }
    };
    let (x, y) = a.position(target)?.ok_or_else(|| error("the diagram is not drawn"))?;
    let point = js_sys::Object::new();
    js_sys::Reflect::set(&point, &"x".into(), &x.into())?;
    js_sys::Reflect::set(&point, &"y".into(), &y.into())?;
    Ok(point.into())
}

/// The playground's state as `state()` reports it; its message is the
/// message line's.
fn state(a: &App) -> Result<JsValue, JsValue> {
    let mut state = a.session().state();
    state.message = a.message();
    to_js(&state)
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

/// Makes `api` the page's `window.playground`.
pub fn install(api: &JsValue) -> Result<(), JsValue> {
    let window: JsValue = dom::window()?.into();
    js_sys::Reflect::set(&window, &JsValue::from_str("playground"), api)?;
    Ok(())
}
