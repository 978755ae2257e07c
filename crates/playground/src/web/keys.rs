//! Keyboard shortcuts, and when a key is a shortcut at all. A key belongs
//! first to the control that has the focus: typing into a text or number
//! box, a menu or a slider is just typing; arrows, Space and Enter move a
//! radio button or tick a checkbox; Space and Enter press a button. Only
//! what the focused control does not use is a shortcut (and only while the
//! focus is inside this playground: `events.rs` listens on its own root).

use super::action::{Action, Tool};

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
}

/// The action a key stands for with this focus, if any: Space play/pause,
/// → one epoch, R reset, 1–4 a class to add, E erase, I pick an example,
/// Escape closes the inspector.
pub fn shortcut(key: &str, focus: Focus) -> Option<Action> {
    let own = match focus {
        Focus::Free => false,
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
                assert_eq!(shortcut(key, focus), None, "{key:?} on {focus:?}");
            }
        }
        // Typing into a box is text, whatever the letter.
        for key in ["r", "1", "e", "i", "."] {
            assert_eq!(shortcut(key, Focus::Field), None, "{key:?}");
        }
    }

    #[test]
    fn shortcuts_act_where_the_focused_control_has_no_use_for_the_key() {
        assert_eq!(shortcut("ArrowRight", Focus::Free), Some(Action::Step));
        assert_eq!(shortcut(" ", Focus::Free), Some(Action::TogglePlay));
        assert_eq!(shortcut("R", Focus::Choice), Some(Action::Reset));
        assert_eq!(shortcut("r", Focus::Button { keyboard: true }), Some(Action::Reset));
        // A button clicked with the mouse keeps the focus without showing it: → still steps.
        assert_eq!(
            shortcut("ArrowRight", Focus::Button { keyboard: false }),
            Some(Action::Step)
        );
        assert_eq!(shortcut(" ", Focus::Button { keyboard: false }), None);
        assert_eq!(shortcut("3", Focus::Free), Some(Action::SetTool(Tool::Add(2))));
        assert_eq!(shortcut("e", Focus::Free), Some(Action::SetTool(Tool::Erase)));
        assert_eq!(
            shortcut("Escape", Focus::Button { keyboard: true }),
            Some(Action::Select(None))
        );
        assert_eq!(shortcut("x", Focus::Free), None);
    }
}
