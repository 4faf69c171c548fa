//! Conformance suites run against the library: recorded behaviour of botocore, Python and the
//! official test vectors, each in its own module.

mod endpoint;
mod ini;
mod jmespath;
mod output_ambiguous_width;
mod output_golden;
