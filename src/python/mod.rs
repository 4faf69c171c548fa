//! What reproduces Python for byte-compatible output: the value model, `json`, JMESPath,
//! `difflib`'s close matches and path expansion. Nothing here knows about AWS.

pub(crate) mod bigint;
pub mod csv;
pub(crate) mod difflib;
pub mod int;
pub(crate) mod io;
pub mod jmespath;
pub mod json;
pub(crate) mod paths;
pub(crate) mod shlex;
pub mod time;
pub(crate) mod unicode;
mod unicode_tables;
pub mod value;
