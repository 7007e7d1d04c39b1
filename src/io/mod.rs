//! Files in and out of the machine: photo decoding, plan files, atomic writes, the rules of
//! the file dialogs, the inputs of a command, and the bundled samples. Uses only the core.

pub mod app_data;
pub mod atomic_file;
pub mod color_profile;
pub mod exif;
pub mod files;
pub mod inputs;
pub mod logging;
pub mod photo;
pub mod plan_file;
pub mod sample;
