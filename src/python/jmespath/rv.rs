//! What an evaluation step yields: JSON data (borrowed from the input where possible) or an
//! expression reference, Python's `_Expression` object.

use std::borrow::Cow;

use super::ast::Node;
use super::error::QueryError;
use super::python::py_str;
use crate::python::value::Value;

/// The result of evaluating a node: `'n` is the tree's lifetime, `'d` the data's.
#[derive(Debug, Clone)]
pub(crate) enum Rv<'n, 'd> {
    /// JSON data.
    Val(Cow<'d, Value>),
    /// `&expr`: evaluated only by the functions that take one (`sort_by`, `map`, ...).
    Expref(&'n Node),
}

/// What a node is evaluated against: like [`Rv`], but always borrowed, so it is `Copy`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Input<'n, 'd> {
    /// JSON data.
    Data(&'d Value),
    /// An expression reference (only reachable through pipes and the like: `(&a) | @`).
    Expref(&'n Node),
}

/// Python's `str()` of an `_Expression`. The real one contains a memory address that changes
/// from run to run, so no fixed text can match it; this one keeps its shape.
/// What evaluating an expression yields.
pub(crate) type R<'n, 'd> = Result<Rv<'n, 'd>, QueryError>;

/// The evaluator, handed to the functions that apply an expression reference (`sort_by`,
/// `map`, ...), so that they need not import the evaluator that calls them.
pub(crate) trait Evaluate {
    /// Evaluates `node` against `input`.
    fn eval<'n: 'd, 'd>(&self, node: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd>;
}

/// How the evaluator is passed around.
pub(crate) type Eval<'a> = &'a Evaluator;

/// The one evaluator (see `eval.rs`).
pub(crate) struct Evaluator;

pub(crate) const EXPREF_STR: &str = "<jmespath.visitor._Expression object at 0x7f0000000000>";

impl<'n, 'd> Rv<'n, 'd> {
    /// JSON `null`.
    pub(crate) fn null() -> Self {
        Rv::Val(Cow::Owned(Value::Null))
    }

    /// Owned data.
    pub(crate) fn owned(value: Value) -> Self {
        Rv::Val(Cow::Owned(value))
    }

    /// The same result detached from the data it borrowed from.
    pub(crate) fn detach<'e>(self) -> Rv<'n, 'e> {
        match self {
            Rv::Val(value) => Rv::Val(Cow::Owned(value.into_owned())),
            Rv::Expref(node) => Rv::Expref(node),
        }
    }

    /// The data, if this is data.
    pub(crate) fn value(&self) -> Option<&Value> {
        match self {
            Rv::Val(value) => Some(value),
            Rv::Expref(_) => None,
        }
    }

    /// Whether this is JSON `null` (an expression reference is not `None` in Python).
    pub(crate) fn is_null(&self) -> bool {
        matches!(self.value(), Some(Value::Null))
    }

    /// The data, or [`QueryError::ExprefValue`] for an expression reference, which our `Value`
    /// cannot hold inside an array, an object or the final result.
    pub(crate) fn into_value(self) -> Result<Cow<'d, Value>, QueryError> {
        match self {
            Rv::Val(value) => Ok(value),
            Rv::Expref(_) => Err(QueryError::ExprefValue),
        }
    }

    /// Owned data, or [`QueryError::ExprefValue`].
    pub(crate) fn into_owned_value(self) -> Result<Value, QueryError> {
        Ok(self.into_value()?.into_owned())
    }
}

impl<'n, 'd> From<Input<'n, 'd>> for Rv<'n, 'd> {
    fn from(input: Input<'n, 'd>) -> Self {
        match input {
            Input::Data(value) => Rv::Val(Cow::Borrowed(value)),
            Input::Expref(node) => Rv::Expref(node),
        }
    }
}

/// Python's `str()` of a function argument, as type errors print it.
pub(crate) fn str_of(rv: &Rv<'_, '_>) -> String {
    match rv {
        Rv::Val(value) => py_str(value),
        Rv::Expref(_) => EXPREF_STR.to_owned(),
    }
}
