//! Keyboard shortcuts, and when a key is a shortcut at all. A key belongs
//! first to the control that has the focus: typing into a text or number
//! box, a menu or a slider is just typing; arrows, Space and Enter move a
//! radio button or tick a checkbox; Space and Enter press a button. Only
//! what the focused control does not use is a shortcut (and only while the
//! focus is inside this playground: `events.rs` listens on its own root).
//! A focused canvas takes the arrows, Enter and Space (and the data canvas
//! Delete) for its cursor (`cursor.rs`).

use super::action::{Action, Canvas, Tool};

/// What has the keyboard focus, as far as shortcuts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Nothing that takes keys: the page itself, a canvas, a heading.
    Free,
    /// A text or number box, a menu, a slider, a text area or editable
    /// text: every key is its own.
    Field,
    /// A radio button or a checkbox: arrows, Space and Enter are its own.
    Choice,
    /// A button (or a disclosure's summary, a link): Space and Enter press
    /// it. Arrows are its own too when the learner reached it with the
    /// keyboard (`keyboard`); a button that merely kept the focus after a
    /// mouse click (no focus ring shows) leaves → to the shortcuts.
    Button { keyboard: bool },
    /// The data canvas or the network diagram, reached with the keyboard
    /// (one clicked with the pointer is `Free`): arrows move its cursor,
    /// Enter and Space act at it, Delete erases there (the data).
    Canvas(Canvas),
}

/// The action a key stands for with this focus, if any: Space play/pause,
/// → one epoch, R reset, 1–4 a class to add, E erase, I pick an example,
/// Escape closes the inspector. `shift`: the Shift key is down (on the data
/// canvas, arrows move five steps and Enter adds the other class).
pub fn shortcut(key: &str, shift: bool, focus: Focus) -> Option<Action> {
    if let Focus::Canvas(on) = focus {
        let far = if shift && on == Canvas::Data { 5 } else { 1 };
        let (dx, dy) = match key {
            "ArrowLeft" => (-far, 0),
            "ArrowRight" => (far, 0),
            "ArrowUp" => (0, far),
            "ArrowDown" => (0, -far),
            _ => (0, 0),
        };
        if (dx, dy) != (0, 0) {
            return Some(Action::MoveCursor { on, dx, dy });
        }
        let erase = on == Canvas::Data && matches!(key, "Delete" | "Backspace");
        if erase || matches!(key, "Enter" | " ") {
            return Some(Action::PressCursor {
                on,
                other_class: shift,
                erase,
            });
        }
    }
    let own = match focus {
        Focus::Free | Focus::Canvas(_) => false,
        Focus::Field => true,
        Focus::Choice => matches!(key, " " | "Enter") || key.starts_with("Arrow"),
        Focus::Button { keyboard } => matches!(key, " " | "Enter") || (keyboard && key.starts_with("Arrow")),
    };
    if own {
        return None;
    }
    Some(match key {
        " " => Action::TogglePlay,
        "ArrowRight" => Action::Step,
        "r" | "R" => Action::Reset,
        "1" | "2" | "3" | "4" => Action::SetTool(Tool::Add(key.as_bytes()[0] - b'1')),
        "e" | "E" => Action::SetTool(Tool::Erase),
        "i" | "I" => Action::SetTool(Tool::Pick),
        "Escape" => Action::Select(None),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_focused_control_keeps_its_own_keys() {
        for focus in [Focus::Field, Focus::Choice, Focus::Button { keyboard: true }] {
            for key in ["ArrowRight", " ", "Enter"] {
                assert_eq!(shortcut(key, false, focus), None, "{key:?} on {focus:?}");
            }
        }
        // Typing into a box is text, whatever the letter.
        for key in ["r", "1", "e", "i", "."] {
            assert_eq!(shortcut(key, false, Focus::Field), None, "{key:?}");
        }
    }

    #[test]
    fn shortcuts_act_where_the_focused_control_has_no_use_for_the_key() {
        assert_eq!(shortcut("ArrowRight", false, Focus::Free), Some(Action::Step));
        assert_eq!(shortcut(" ", false, Focus::Free), Some(Action::TogglePlay));
        assert_eq!(shortcut("R", false, Focus::Choice), Some(Action::Reset));
        assert_eq!(
            shortcut("r", false, Focus::Button { keyboard: true }),
            Some(Action::Reset)
        );
        // A button clicked with the mouse keeps the focus without showing it: → still steps.
        assert_eq!(
            shortcut("ArrowRight", false, Focus::Button { keyboard: false }),
            Some(Action::Step)
        );
        assert_eq!(shortcut(" ", false, Focus::Button { keyboard: false }), None);
        assert_eq!(shortcut("3", false, Focus::Free), Some(Action::SetTool(Tool::Add(2))));
        assert_eq!(shortcut("e", false, Focus::Free), Some(Action::SetTool(Tool::Erase)));
        assert_eq!(
            shortcut("Escape", false, Focus::Button { keyboard: true }),
            Some(Action::Select(None))
        );
        assert_eq!(shortcut("x", false, Focus::Free), None);
    }

    #[test]
    fn a_focused_canvas_moves_its_cursor_and_acts_at_it() {
        let data = Focus::Canvas(Canvas::Data);
        let move_data = |dx, dy| {
            Some(Action::MoveCursor {
                on: Canvas::Data,
                dx,
                dy,
            })
        };
        assert_eq!(shortcut("ArrowRight", false, data), move_data(1, 0));
        assert_eq!(shortcut("ArrowUp", true, data), move_data(0, 5));
        let press = |on, other_class, erase| Some(Action::PressCursor { on, other_class, erase });
        assert_eq!(shortcut("Enter", true, data), press(Canvas::Data, true, false));
        assert_eq!(shortcut(" ", false, data), press(Canvas::Data, false, false));
        assert_eq!(shortcut("Delete", false, data), press(Canvas::Data, false, true));
        // The diagram moves one item at a time, Shift or not, and has nothing to delete.
        let diagram = Focus::Canvas(Canvas::Diagram);
        assert_eq!(
            shortcut("ArrowDown", true, diagram),
            Some(Action::MoveCursor {
                on: Canvas::Diagram,
                dx: 0,
                dy: -1
            })
        );
        assert_eq!(shortcut("Enter", false, diagram), press(Canvas::Diagram, false, false));
        assert_eq!(shortcut("Backspace", false, diagram), None);
        // The other shortcuts still work on a canvas.
        assert_eq!(shortcut("2", false, data), Some(Action::SetTool(Tool::Add(1))));
        assert_eq!(shortcut("Escape", false, diagram), Some(Action::Select(None)));
    }
}
