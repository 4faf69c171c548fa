//! Python's equality, ordering and truthiness as `jmespath/visitor.py` applies them, including
//! `_is_special_number_case` (`0 == false` is false) and `bool` counting as an `int` inside
//! containers (`[1] == [true]` is true).

use std::cmp::Ordering;

use super::ast::{Cmp, Node};
use super::error::QueryError;
use super::number::{self, compare as compare_numbers};
use super::rv::Rv;
use super::MAX_DATA_DEPTH;
use crate::python::json::python_type;
use crate::python::value::{Number, Value};

/// `_equals`: Python `==` except that a top-level `0`/`1` never equals a boolean.
pub(crate) fn equals(x: &Rv<'_, '_>, y: &Rv<'_, '_>) -> Result<bool, QueryError> {
    match (x, y) {
        (Rv::Val(a), Rv::Val(b)) => {
            if is_special_number_case(a, b) {
                return Ok(false);
            }
            py_eq(a, b)
        }
        // An `_Expression` only equals itself (Python compares such objects by identity).
        (Rv::Expref(a), Rv::Expref(b)) => Ok(std::ptr::eq::<Node>(*a, *b)),
        _ => Ok(false),
    }
}

fn is_special_number_case(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Number(n), other) | (other, Value::Number(n)) if number::is_zero_or_one(n) => {
            matches!(other, Value::Bool(_))
        }
        _ => false,
    }
}

/// A boolean as the `int` Python takes it for in `==`.
fn bool_number(b: bool) -> Number {
    Number::Int(i64::from(b))
}

/// A comparison still to make in [`py_eq`]; `None` on the right is a key missing from the
/// second dict, found when Python's `dict_equal` would reach it.
type Pending<'a> = (&'a Value, Option<&'a Value>, usize);

/// Python's `==` on JSON data: `True == 1`, `1 == 1.0`, dicts equal regardless of order.
///
/// Walks with an explicit stack, children in order, so it stops where Python's depth-first
/// comparison stops (first difference, or its recursion limit) without using the call stack.
pub(crate) fn py_eq(a: &Value, b: &Value) -> Result<bool, QueryError> {
    let mut pending: Vec<Pending<'_>> = vec![(a, Some(b), 0)];
    while let Some((x, y, depth)) = pending.pop() {
        let Some(y) = y else { return Ok(false) };
        if depth > MAX_DATA_DEPTH {
            return Err(QueryError::python(
                "RecursionError",
                "maximum recursion depth exceeded in comparison",
            ));
        }
        match (x, y) {
            (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => {
                let pairs = xs.iter().zip(ys).map(|(x, y)| (x, Some(y), depth + 1));
                pending.extend(pairs.rev());
            }
            (Value::Object(xs), Value::Object(ys)) if xs.len() == ys.len() => {
                let pairs = xs.iter().map(|(key, x)| (x, ys.get(key), depth + 1));
                let pairs: Vec<Pending<'_>> = pairs.collect();
                pending.extend(pairs.into_iter().rev());
            }
            (x, y) if !scalar_eq(x, y) => return Ok(false),
            _ => {}
        }
    }
    Ok(true)
}

/// `==` for everything but two same-length arrays or objects (which [`py_eq`] expands).
fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Bool(x), Value::Number(n)) | (Value::Number(n), Value::Bool(x)) => {
            compare_numbers(&bool_number(*x), n) == Some(Ordering::Equal)
        }
        (Value::Number(x), Value::Number(y)) => compare_numbers(x, y) == Some(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

/// The Python symbol of an ordering operator, for `TypeError` texts.
fn symbol(op: Cmp) -> &'static str {
    match op {
        Cmp::Lt => "<",
        Cmp::Lte => "<=",
        Cmp::Gt => ">",
        Cmp::Gte => ">=",
        Cmp::Eq => "==",
        Cmp::Ne => "!=",
    }
}

/// Python's `TypeError` for an ordering between unorderable types.
pub(crate) fn unorderable(op: Cmp, left: &str, right: &str) -> QueryError {
    QueryError::python(
        "TypeError",
        format!(
            "'{}' not supported between instances of '{left}' and '{right}'",
            symbol(op)
        ),
    )
}

/// Python's `left OP right` for numbers and strings (the only "comparable" types): `None`
/// when the operands are not both comparable, a `TypeError` for a number against a string.
pub(crate) fn ordering(
    op: Cmp,
    left: &Rv<'_, '_>,
    right: &Rv<'_, '_>,
) -> Result<Value, QueryError> {
    let (Some(a), Some(b)) = (comparable(left), comparable(right)) else {
        return Ok(Value::Null);
    };
    let order = match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare_numbers(x, y),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (x, y) => return Err(unorderable(op, python_type(x), python_type(y))),
    };
    Ok(Value::Bool(holds(op, order)))
}

/// Whether `op` holds for an ordering (`None`, from a NaN, satisfies none).
pub(crate) fn holds(op: Cmp, order: Option<Ordering>) -> bool {
    let Some(order) = order else {
        return op == Cmp::Ne;
    };
    match op {
        Cmp::Lt => order == Ordering::Less,
        Cmp::Lte => order != Ordering::Greater,
        Cmp::Gt => order == Ordering::Greater,
        Cmp::Gte => order != Ordering::Less,
        Cmp::Eq => order == Ordering::Equal,
        Cmp::Ne => order != Ordering::Equal,
    }
}

/// `_is_comparable`: a number that is not a boolean, or a string.
fn comparable<'v>(rv: &'v Rv<'_, '_>) -> Option<&'v Value> {
    match rv {
        Rv::Val(value) => match value.as_ref() {
            v @ (Value::Number(_) | Value::String(_)) => Some(v),
            _ => None,
        },
        Rv::Expref(_) => None,
    }
}

/// `_is_false`: `''`, `[]`, `{}`, `None` and `False` are false; `0` is true.
///
/// Deliberately not `!Value::is_truthy()` (Python's `bool()`): JMESPath's spec makes every
/// number true, so `0`, `0.0` and `-0.0` are true here and false in Python.
pub(crate) fn is_false(rv: &Rv<'_, '_>) -> bool {
    match rv {
        Rv::Val(value) => match value.as_ref() {
            Value::Null | Value::Bool(false) => true,
            Value::String(s) => s.is_empty(),
            Value::Array(items) => items.is_empty(),
            Value::Object(map) => map.is_empty(),
            Value::Bool(true) | Value::Number(_) => false,
        },
        Rv::Expref(_) => false,
    }
}

/// `visit_not_expression`: Python's `not x`, except that `!0` is false.
pub(crate) fn not(rv: &Rv<'_, '_>) -> bool {
    match rv {
        // Every number is truthy or is the special-cased 0, so `!number` is always false.
        Rv::Val(value) if matches!(value.as_ref(), Value::Number(_)) => false,
        other => is_false(other),
    }
}

/// Python's type name of an evaluation result (`_Expression` for an expression reference).
pub(crate) fn py_type_rv(rv: &Rv<'_, '_>) -> &'static str {
    match rv {
        Rv::Val(value) => python_type(value),
        Rv::Expref(_) => "_Expression",
    }
}

/// The JMESPath type name (`TYPES_MAP` in `functions.py`).
pub(crate) fn jp_type(rv: &Rv<'_, '_>) -> &'static str {
    match rv {
        Rv::Val(value) => match value.as_ref() {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        },
        Rv::Expref(_) => "expref",
    }
}
