//! The page's model: no DOM, testable natively.

pub mod axes;
pub mod change;
pub mod class_picture;
pub mod compare;
pub mod csv;
pub mod graph;
pub mod grid;
pub mod grid_pass;
pub mod hidden_space;
pub mod history;
pub mod landscape;
pub mod lessons;
pub mod link;
pub mod measure;
pub mod number;
pub mod phases;
pub mod pixels;
pub mod points;
pub mod read;
pub mod session;
pub mod settings;
pub mod share;
pub mod text;
pub mod write;
