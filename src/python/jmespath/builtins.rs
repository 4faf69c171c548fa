//! The functions that take plain data, as `_func_*` in `jmespath/functions.py` computes them:
//! integers stay integers, objects keep their order, and Python's own exceptions leak through
//! where jmespath does not catch them (`contains('abc', 1)`, `merge({}, 1)`).

use super::compare::py_eq;
use super::error::QueryError;
use super::number;
use super::python::json_dumps;
use super::rv::{Rv, EXPREF_STR, R};
use super::strnum::parse_number;
use crate::python::json::{self, python_type, Separators};
use crate::python::value::{Map, Number, Value};

/// The arguments as a fixed-size array; `validate` has already checked the count.
pub(crate) fn take<'n, 'd, const N: usize>(
    args: Vec<Rv<'n, 'd>>,
) -> Result<[Rv<'n, 'd>; N], QueryError> {
    let actual = args.len();
    args.try_into().map_err(|_| QueryError::Arity {
        function: String::from("?"),
        expected: N,
        actual,
        variadic: false,
    })
}

/// An argument's data; after type validation a mismatch cannot happen, so it just reads `null`.
pub(crate) fn data<'a>(rv: &'a Rv<'_, '_>) -> &'a Value {
    rv.value().unwrap_or(&Value::Null)
}

fn string_of<'a>(rv: &'a Rv<'_, '_>) -> &'a str {
    data(rv).as_str().unwrap_or_default()
}

fn number_of(rv: &Rv<'_, '_>) -> Number {
    match data(rv) {
        Value::Number(n) => n.clone(),
        _ => Number::Int(0),
    }
}

fn items_of<'a>(rv: &'a Rv<'_, '_>) -> &'a [Value] {
    data(rv).as_array().unwrap_or_default()
}

fn owned<'n, 'd>(value: Value) -> R<'n, 'd> {
    Ok(Rv::owned(value))
}

/// Calls one of this module's functions with validated arguments.
pub(crate) fn dispatch<'n, 'd>(name: &str, args: Vec<Rv<'n, 'd>>) -> R<'n, 'd> {
    match name {
        "not_null" => Ok(args
            .into_iter()
            .find(|arg| !arg.is_null())
            .unwrap_or_else(Rv::null)),
        "merge" => merge(args),
        _ => {
            let [first, rest @ ..] = args.as_slice() else {
                return Ok(Rv::null());
            };
            match rest {
                [] => unary(name, first),
                [second] => binary(name, first, second),
                _ => Ok(Rv::null()),
            }
        }
    }
}

fn unary<'n, 'd>(name: &str, arg: &Rv<'n, 'd>) -> R<'n, 'd> {
    match name {
        "abs" => owned(Value::Number(number::abs(&number_of(arg)))),
        "ceil" => owned(Value::Number(number::ceil(&number_of(arg))?)),
        "floor" => owned(Value::Number(number::floor(&number_of(arg))?)),
        "sum" => owned(Value::Number(sum(items_of(arg))?)),
        "avg" => avg(items_of(arg)),
        "length" => owned(Value::from(length(data(arg)))),
        "keys" => {
            let keys = data(arg).as_object().into_iter().flat_map(|map| map.keys());
            owned(Value::Array(keys.cloned().map(Value::String).collect()))
        }
        "values" => {
            let values = data(arg)
                .as_object()
                .into_iter()
                .flat_map(|map| map.values());
            owned(Value::Array(values.cloned().collect()))
        }
        "reverse" => owned(match data(arg) {
            Value::String(s) => Value::String(s.chars().rev().collect()),
            other => Value::Array(
                other
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .rev()
                    .cloned()
                    .collect(),
            ),
        }),
        "to_array" => match arg {
            Rv::Val(value) if matches!(value.as_ref(), Value::Array(_)) => Ok(arg.clone()),
            other => owned(Value::Array(vec![other.clone().into_owned_value()?])),
        },
        "to_string" => to_string(arg),
        "to_number" => to_number(arg),
        "type" => owned(match arg {
            Rv::Val(_) => Value::from(super::compare::jp_type(arg)),
            // `_func_type` falls through every isinstance test for an `_Expression`.
            Rv::Expref(_) => Value::Null,
        }),
        _ => Err(QueryError::UnknownFunction {
            name: name.to_owned(),
        }),
    }
}

fn binary<'n, 'd>(name: &str, first: &Rv<'n, 'd>, second: &Rv<'n, 'd>) -> R<'n, 'd> {
    match name {
        "contains" => owned(Value::Bool(contains(first, second)?)),
        "starts_with" => owned(Value::Bool(string_of(first).starts_with(string_of(second)))),
        "ends_with" => owned(Value::Bool(string_of(first).ends_with(string_of(second)))),
        "join" => {
            let parts: Vec<&str> = items_of(second).iter().filter_map(Value::as_str).collect();
            owned(Value::String(parts.join(string_of(first))))
        }
        _ => Err(QueryError::UnknownFunction {
            name: name.to_owned(),
        }),
    }
}

/// `len()`: characters (code points) for a string.
fn length(value: &Value) -> i64 {
    let len = match value {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    };
    i64::try_from(len).unwrap_or(i64::MAX)
}

/// Python's `sum()`: `0 + a + b + ...`, exact for integers.
fn sum(items: &[Value]) -> Result<Number, QueryError> {
    let mut total = Number::Int(0);
    for item in items {
        if let Value::Number(n) = item {
            total = number::add(&total, n)?;
        }
    }
    Ok(total)
}

/// `sum(arg) / len(arg)`: always a float; `null` for an empty array.
fn avg<'n, 'd>(items: &[Value]) -> R<'n, 'd> {
    if items.is_empty() {
        return Ok(Rv::null());
    }
    owned(Value::Number(Number::Float(number::divide(
        &sum(items)?,
        items.len(),
    )?)))
}

/// `search in subject`: list membership by Python `==`, or substring search.
fn contains(subject: &Rv<'_, '_>, search: &Rv<'_, '_>) -> Result<bool, QueryError> {
    match (data(subject), search) {
        (Value::String(haystack), Rv::Val(needle))
            if matches!(needle.as_ref(), Value::String(_)) =>
        {
            Ok(haystack.contains(needle.as_str().unwrap_or_default()))
        }
        (Value::String(_), other) => Err(QueryError::python(
            "TypeError",
            format!(
                "'in <string>' requires string as left operand, not {}",
                super::compare::py_type_rv(other)
            ),
        )),
        (Value::Array(items), Rv::Val(needle)) => {
            for item in items {
                if py_eq(item, needle)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Ok(false),
    }
}

fn to_string<'n, 'd>(arg: &Rv<'n, 'd>) -> R<'n, 'd> {
    match arg {
        Rv::Val(value) if matches!(value.as_ref(), Value::String(_)) => Ok(arg.clone()),
        Rv::Val(value) => owned(Value::String(json_dumps(value)?)),
        // json.dumps(..., default=str) writes the object's str() as a JSON string.
        Rv::Expref(_) => owned(Value::String(json::to_compact_with(
            &Value::from(EXPREF_STR),
            Separators::Tight,
        ))),
    }
}

fn to_number<'n, 'd>(arg: &Rv<'n, 'd>) -> R<'n, 'd> {
    match arg {
        Rv::Val(value) => match value.as_ref() {
            Value::Number(_) => Ok(arg.clone()),
            Value::String(s) => owned(parse_number(s).map_or(Value::Null, Value::Number)),
            _ => Ok(Rv::null()),
        },
        Rv::Expref(_) => Err(QueryError::python(
            "TypeError",
            "int() argument must be a string, a bytes-like object or a real number, not \
             '_Expression'",
        )),
    }
}

/// `merged = {}; merged.update(arg)` for each argument. Only the first argument is type
/// checked, so the rest go through `dict.update`'s own rules and errors.
fn merge<'n, 'd>(args: Vec<Rv<'n, 'd>>) -> R<'n, 'd> {
    let mut merged = Map::new();
    for arg in &args {
        match arg {
            Rv::Val(value) => update(&mut merged, value)?,
            Rv::Expref(_) => return Err(not_iterable("_Expression")),
        }
    }
    owned(Value::Object(merged))
}

fn not_iterable(type_name: &str) -> QueryError {
    QueryError::python("TypeError", format!("'{type_name}' object is not iterable"))
}

fn update(merged: &mut Map, value: &Value) -> Result<(), QueryError> {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                merged.insert(key.clone(), item.clone());
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let (key, item) = pair_of(i, item)?;
                merged.insert(key, item);
            }
        }
        Value::String(s) => {
            if !s.is_empty() {
                return Err(wrong_length(0, 1));
            }
        }
        other => return Err(not_iterable(python_type(other))),
    }
    Ok(())
}

fn wrong_length(index: usize, len: usize) -> QueryError {
    QueryError::python(
        "ValueError",
        format!("dictionary update sequence element #{index} has length {len}; 2 is required"),
    )
}

/// One element of a key/value sequence given to `dict.update`.
fn pair_of(index: usize, item: &Value) -> Result<(String, Value), QueryError> {
    let parts: Vec<Value> = match item {
        Value::Array(items) => items.clone(),
        Value::String(s) => s.chars().map(|c| Value::String(c.to_string())).collect(),
        Value::Object(map) => map.keys().cloned().map(Value::String).collect(),
        _ => {
            return Err(QueryError::python(
                "TypeError",
                format!("cannot convert dictionary update sequence element #{index} to a sequence"),
            ))
        }
    };
    let [key, value] =
        <[Value; 2]>::try_from(parts).map_err(|parts| wrong_length(index, parts.len()))?;
    Ok((dict_key(&key)?, value))
}

/// A dict key as the CLI's JSON output would print it: our objects only have string keys, so a
/// number, boolean or null key is stored as its JSON text (Python would keep it as is).
fn dict_key(key: &Value) -> Result<String, QueryError> {
    Ok(match key {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => json::to_compact_with(&Value::Number(n.clone()), Separators::Tight),
        other => {
            let message = format!("unhashable type: '{}'", python_type(other));
            return Err(QueryError::python("TypeError", message));
        }
    })
}
