//! JMESPath: the official compliance suite, differential cases recorded from Python jmespath
//! 1.1.0, error texts and depth limits.

mod common;
mod compliance;
mod depth;
mod differential;
mod error_text;
