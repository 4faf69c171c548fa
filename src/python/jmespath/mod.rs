//! JMESPath for `--query`, behaving exactly like Python's `jmespath` 1.1.0 as the AWS CLI uses
//! it: same results (object order kept, integers kept apart from floats), same errors, same
//! error texts.
//!
//! ```text
//! let expression = jmespath::compile("{id: clientId}")?;   // QueryError: a compile error
//! let result = expression.search(&response)?;              // QueryError: a runtime error
//! ```

mod ast;
mod builtins;
mod compare;
mod error;
mod eval;
mod functions;
mod lexer;
mod number;
mod parser;
mod python;
mod rv;
mod sorting;
mod strnum;

pub use error::QueryError;

use crate::python::value::Value;
use rv::Input;

/// The deepest an expression may nest (parser recursion and tree height): Python's recursion
/// limit would stop it somewhere between 300 and 500 levels, we stop at a fixed, stack-safe one.
pub const MAX_NESTING: usize = 256;

/// How deep data may nest before the functions that walk it (`==`, `to_string()`, the text of
/// error messages) fail as Python's recursion limit (around 1000 frames) makes them fail. They
/// walk with explicit stacks, so this costs no call stack.
pub(crate) const MAX_DATA_DEPTH: usize = 1000;

/// A compiled JMESPath expression (Python's `ParsedResult`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    text: String,
    ast: ast::Node,
}

/// Compiles `expr` as `jmespath.compile` does, with the same errors.
pub fn compile(expr: &str) -> Result<Expression, QueryError> {
    Ok(Expression {
        text: expr.to_owned(),
        ast: parser::parse(expr)?,
    })
}

impl Expression {
    /// Evaluates the expression against `data` (Python's `ParsedResult.search`).
    ///
    /// Unknown functions, wrong arities and argument types are found here, not at compile time,
    /// exactly as in Python.
    pub fn search(&self, data: &Value) -> Result<Value, QueryError> {
        eval::eval(&self.ast, Input::Data(data))?.into_owned_value()
    }

    /// The expression's source text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}
