//! The ordering functions (`sort`, `sort_by`, `max`, `min`, `max_by`, `min_by`) and `map`:
//! Python's `sorted`/`max`/`min` semantics, stable, returning the elements themselves.

use std::cmp::Ordering;

use super::ast::{Cmp, Node};
use super::builtins::{data, take};
use super::compare::{holds, jp_type, unorderable};
use super::error::QueryError;
use super::number::compare as compare_numbers;
use super::python::py_str;
use super::rv::{str_of, Eval, Evaluate, Input, Rv, R};
use crate::python::json::python_type;
use crate::python::value::{Number, Value};

/// Calls one of this module's functions with validated arguments. Each arm is a plain call:
/// `sort_by`/`map` evaluate expressions, so nested calls put this frame on the stack once per
/// level.
pub(crate) fn dispatch<'n: 'd, 'd>(name: &str, args: Vec<Rv<'n, 'd>>, eval: Eval) -> R<'n, 'd> {
    match name {
        "sort" => sort(args),
        "max" => extremum_of(args, Cmp::Gt),
        "min" => extremum_of(args, Cmp::Lt),
        "map" => map(args, eval),
        "sort_by" => sort_by(args, eval),
        "max_by" => extremum_by(name, args, Cmp::Gt, eval),
        _ => extremum_by(name, args, Cmp::Lt, eval),
    }
}

fn sort<'n, 'd>(args: Vec<Rv<'n, 'd>>) -> R<'n, 'd> {
    let [array] = take(args)?;
    let mut items = data(&array).as_array().unwrap_or_default().to_vec();
    items.sort_by(total_order);
    Ok(Rv::owned(Value::Array(items)))
}

fn extremum_of<'n, 'd>(args: Vec<Rv<'n, 'd>>, op: Cmp) -> R<'n, 'd> {
    let [array] = take(args)?;
    let items = data(&array).as_array().unwrap_or_default();
    Ok(Rv::owned(
        extremum(items, op).cloned().unwrap_or(Value::Null),
    ))
}

/// `_func_map`: the expression on each element, `null` results included.
fn map<'n: 'd, 'd>(args: Vec<Rv<'n, 'd>>, eval: Eval) -> R<'n, 'd> {
    let [expref, array] = take(args)?;
    let node = expref_node(&expref)?;
    let mut results = Vec::new();
    for item in data(&array).as_array().unwrap_or_default() {
        results.push(eval.eval(node, Input::Data(item))?.into_owned_value()?);
    }
    Ok(Rv::owned(Value::Array(results)))
}

/// The expression of an `expref` argument (validation guarantees one).
fn expref_node<'n>(rv: &Rv<'n, '_>) -> Result<&'n Node, QueryError> {
    match rv {
        Rv::Expref(node) => Ok(node),
        Rv::Val(value) => Err(QueryError::type_error("?", py_str(value), "?", &["expref"])),
    }
}

/// A total order for sorting numbers or strings: Python's order, with NaN placed after every
/// number (Python's result with NaN depends on the input order; Rust's sort needs a total
/// order).
fn total_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            compare_numbers(x, y).unwrap_or_else(|| is_nan(x).cmp(&is_nan(y)))
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

fn is_nan(number: &Number) -> bool {
    matches!(number, Number::Float(f) if f.is_nan())
}

/// Python's `a OP b` on two validated keys of the same kind (numbers or strings).
fn python_compare(op: Cmp, a: &Value, b: &Value) -> Result<bool, QueryError> {
    let order = match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare_numbers(x, y),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (x, y) => return Err(unorderable(op, python_type(x), python_type(y))),
    };
    Ok(holds(op, order))
}

/// Python's `max()` (`op` = `>`) or `min()` (`op` = `<`): the first element that no later
/// element beats.
fn extremum(items: &[Value], op: Cmp) -> Option<&Value> {
    let mut iter = items.iter();
    let mut best = iter.next()?;
    for item in iter {
        if python_compare(op, item, best).unwrap_or(false) {
            best = item;
        }
    }
    Some(best)
}

/// `_create_key_func`: evaluates the key, which must have one of `allowed` types.
fn key_of<'n: 'e, 'e>(
    function: &str,
    node: &'n Node,
    item: &'e Value,
    allowed: &[&str],
    eval: Eval,
) -> Result<Value, QueryError> {
    let key = eval.eval(node, Input::Data(item))?;
    let key_type = jp_type(&key);
    if !allowed.contains(&key_type) {
        return Err(QueryError::type_error(
            function,
            str_of(&key),
            key_type,
            allowed,
        ));
    }
    key.into_owned_value()
}

/// `max(array, key=...)` / `min(array, key=...)`, computing each key as Python does, in order.
fn extremum_by<'n: 'd, 'd>(
    function: &str,
    args: Vec<Rv<'n, 'd>>,
    op: Cmp,
    eval: Eval,
) -> R<'n, 'd> {
    const ALLOWED: &[&str] = &["number", "string"];
    let [array, expref] = take(args)?;
    let node = expref_node(&expref)?;
    let mut iter = data(&array).as_array().unwrap_or_default().iter();
    let Some(first) = iter.next() else {
        return Ok(Rv::null());
    };
    let mut best = (first, key_of(function, node, first, ALLOWED, eval)?);
    for item in iter {
        let key = key_of(function, node, item, ALLOWED, eval)?;
        if python_compare(op, &key, &best.1)? {
            best = (item, key);
        }
    }
    Ok(Rv::owned(best.0.clone()))
}

/// `_func_sort_by`: the first key's type is the required type of every key; stable sort.
fn sort_by<'n: 'd, 'd>(args: Vec<Rv<'n, 'd>>, eval: Eval) -> R<'n, 'd> {
    let [array, expref] = take(args)?;
    let node = expref_node(&expref)?;
    let items = data(&array).as_array().unwrap_or_default();
    let Some(first) = items.first() else {
        return Ok(Rv::owned(Value::Array(Vec::new())));
    };
    let first_key = eval.eval(node, Input::Data(first))?;
    let required = jp_type(&first_key);
    if required != "number" && required != "string" {
        return Err(QueryError::type_error(
            "sort_by",
            py_str(first),
            required,
            &["string", "number"],
        ));
    }
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        keyed.push((key_of("sort_by", node, item, &[required], eval)?, item));
    }
    keyed.sort_by(|(a, _), (b, _)| total_order(a, b));
    Ok(Rv::owned(Value::Array(
        keyed.into_iter().map(|(_, item)| item.clone()).collect(),
    )))
}
