//! The tree interpreter, a transcription of `TreeInterpreter` in `jmespath/visitor.py`.
//!
//! It recurses once per tree level; the parser caps the tree's depth, so the stack stays small
//! whatever the data. Data is borrowed from the input wherever Python would return the same
//! object, and copied only into the arrays and objects a query builds.

use std::borrow::Cow;

use super::ast::{Cmp, Kind, Node};
use super::compare::{equals, is_false, not, ordering};
use super::error::QueryError;
use super::functions;
use super::rv::{Evaluate, Evaluator, Input, Rv, R};
use crate::python::value::{Map, Value};

/// Evaluates `node` against `input`.
///
/// Every arm is a plain call: this function is on the stack once per tree level, and arms with
/// their own temporaries would make its frame (in unoptimized builds) several times larger.
pub(crate) fn eval<'n: 'd, 'd>(node: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    match &node.kind {
        Kind::Identity | Kind::Current => Ok(input.into()),
        Kind::Field(name) => Ok(field(input, name)),
        Kind::Literal(value) => Ok(Rv::Val(Cow::Borrowed(value))),
        Kind::Index(i) => Ok(index(input, *i)),
        Kind::Slice(parts) => slice(input, parts),
        Kind::Subexpression(children) | Kind::IndexExpression(children) => {
            chain(children, input.into())
        }
        Kind::Pipe(left, right) => pipe(left, right, input),
        Kind::Projection(left, right) => projection(left, right, input),
        Kind::ValueProjection(left, right) => value_projection(left, right, input),
        Kind::FilterProjection(left, right, condition) => {
            filter_projection(left, right, condition, input)
        }
        Kind::Flatten(inner) => flatten(inner, input),
        Kind::Comparator(op, left, right) => comparator(*op, left, right, input),
        Kind::Or(left, right) => or(left, right, input),
        Kind::And(left, right) => and(left, right, input),
        Kind::Not(inner) => negate(inner, input),
        Kind::MultiSelectList(items) => multi_select_list(items, input),
        Kind::MultiSelectHash(pairs) => multi_select_hash(pairs, input),
        Kind::Function(name, args) => function(name, args, input),
        Kind::Expref(inner) => Ok(Rv::Expref(inner)),
    }
}

/// `visit_function_expression`: the arguments, then the call.
fn function<'n: 'd, 'd>(name: &str, arg_nodes: &'n [Node], input: Input<'n, 'd>) -> R<'n, 'd> {
    let mut args = Vec::with_capacity(arg_nodes.len());
    for node in arg_nodes {
        args.push(eval(node, input)?);
    }
    functions::call(name, args, &Evaluator)
}

impl Evaluate for Evaluator {
    fn eval<'n: 'd, 'd>(&self, node: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
        eval(node, input)
    }
}

fn pipe<'n: 'd, 'd>(left: &'n Node, right: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    let first = eval(left, input)?;
    apply(right, first)
}

/// `visit_or_expression`: the left value unless it is false.
fn or<'n: 'd, 'd>(left: &'n Node, right: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    let matched = eval(left, input)?;
    if is_false(&matched) {
        eval(right, input)
    } else {
        Ok(matched)
    }
}

/// `visit_and_expression`: the left value if it is false, else the right one.
fn and<'n: 'd, 'd>(left: &'n Node, right: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    let matched = eval(left, input)?;
    if is_false(&matched) {
        Ok(matched)
    } else {
        eval(right, input)
    }
}

fn negate<'n: 'd, 'd>(inner: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    let value = eval(inner, input)?;
    Ok(Rv::owned(Value::Bool(not(&value))))
}

/// Evaluates `node` against a previous result, which may be owned by the caller.
pub(crate) fn apply<'n: 'd, 'd>(node: &'n Node, input: Rv<'n, 'd>) -> R<'n, 'd> {
    match input {
        Rv::Val(Cow::Borrowed(value)) => eval(node, Input::Data(value)),
        Rv::Val(Cow::Owned(value)) => Ok(eval(node, Input::Data(&value))?.detach()),
        Rv::Expref(expref) => eval(node, Input::Expref(expref)),
    }
}

/// `visit_subexpression` / `visit_index_expression`: each child on the previous result, with
/// no short-circuit on `null` (so `missing.length(@)` still calls `length(null)`).
fn chain<'n: 'd, 'd>(children: &'n [Node], input: Rv<'n, 'd>) -> R<'n, 'd> {
    children
        .iter()
        .try_fold(input, |current, child| apply(child, current))
}

fn field<'n, 'd>(input: Input<'n, 'd>, name: &str) -> Rv<'n, 'd> {
    match input {
        Input::Data(Value::Object(map)) => match map.get(name) {
            Some(value) => Rv::Val(Cow::Borrowed(value)),
            None => Rv::null(),
        },
        _ => Rv::null(),
    }
}

/// `visit_index`: Python list indexing, negative from the end, `null` when out of range.
fn index<'n, 'd>(input: Input<'n, 'd>, i: i64) -> Rv<'n, 'd> {
    let Input::Data(Value::Array(items)) = input else {
        return Rv::null();
    };
    let len = items.len() as i128;
    let at = if i < 0 {
        len + i128::from(i)
    } else {
        i128::from(i)
    };
    match usize::try_from(at).ok().and_then(|at| items.get(at)) {
        Some(value) => Rv::Val(Cow::Borrowed(value)),
        None => Rv::null(),
    }
}

/// `visit_slice`: Python's `list[start:stop:step]` (`PySlice_AdjustIndices`).
fn slice<'n, 'd>(input: Input<'n, 'd>, parts: &[Option<i64>; 3]) -> R<'n, 'd> {
    let Input::Data(Value::Array(items)) = input else {
        return Ok(Rv::null());
    };
    let [start, stop, step] = *parts;
    let step = i128::from(step.unwrap_or(1));
    if step == 0 {
        return Err(QueryError::python(
            "ValueError",
            "slice step cannot be zero",
        ));
    }
    let len = items.len() as i128;
    let adjust = |bound: Option<i64>, default: i128| -> i128 {
        let Some(bound) = bound else { return default };
        let bound = i128::from(bound);
        if bound < 0 {
            (bound + len).max(if step < 0 { -1 } else { 0 })
        } else {
            bound.min(if step < 0 { len - 1 } else { len })
        }
    };
    let (first, end) = if step < 0 {
        (adjust(start, len - 1), adjust(stop, -1))
    } else {
        (adjust(start, 0), adjust(stop, len))
    };
    let mut picked = Vec::new();
    let mut at = first;
    while (step > 0 && at < end) || (step < 0 && at > end) {
        if let Some(item) = usize::try_from(at).ok().and_then(|i| items.get(i)) {
            picked.push(item.clone());
        }
        at += step;
    }
    Ok(Rv::owned(Value::Array(picked)))
}

/// Applies `right` to each element (that passes `condition`, for a filter), keeping the
/// non-null results, in Python's order of evaluation.
fn collect<'n, 'e>(
    right: &'n Node,
    condition: Option<&'n Node>,
    elements: impl Iterator<Item = &'e Value>,
) -> Result<Vec<Value>, QueryError>
where
    'n: 'e,
{
    let mut collected = Vec::new();
    for element in elements {
        if let Some(condition) = condition {
            if is_false(&eval(condition, Input::Data(element))?) {
                continue;
            }
        }
        let current = eval(right, Input::Data(element))?;
        if !current.is_null() {
            collected.push(current.into_owned_value()?);
        }
    }
    Ok(collected)
}

fn projection<'n: 'd, 'd>(left: &'n Node, right: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    let base = eval(left, input)?;
    let Some(Value::Array(items)) = base.value() else {
        return Ok(Rv::null());
    };
    Ok(Rv::owned(Value::Array(collect(right, None, items.iter())?)))
}

fn value_projection<'n: 'd, 'd>(
    left: &'n Node,
    right: &'n Node,
    input: Input<'n, 'd>,
) -> R<'n, 'd> {
    let base = eval(left, input)?;
    let Some(Value::Object(map)) = base.value() else {
        return Ok(Rv::null());
    };
    Ok(Rv::owned(Value::Array(collect(right, None, map.values())?)))
}

fn filter_projection<'n: 'd, 'd>(
    left: &'n Node,
    right: &'n Node,
    condition: &'n Node,
    input: Input<'n, 'd>,
) -> R<'n, 'd> {
    let base = eval(left, input)?;
    let Some(Value::Array(items)) = base.value() else {
        return Ok(Rv::null());
    };
    let collected = collect(right, Some(condition), items.iter())?;
    Ok(Rv::owned(Value::Array(collected)))
}

fn flatten<'n: 'd, 'd>(inner: &'n Node, input: Input<'n, 'd>) -> R<'n, 'd> {
    let base = eval(inner, input)?;
    let Some(Value::Array(items)) = base.value() else {
        return Ok(Rv::null());
    };
    let mut merged = Vec::with_capacity(items.len());
    for element in items {
        match element {
            Value::Array(inner_items) => merged.extend(inner_items.iter().cloned()),
            other => merged.push(other.clone()),
        }
    }
    Ok(Rv::owned(Value::Array(merged)))
}

fn comparator<'n: 'd, 'd>(
    op: Cmp,
    left: &'n Node,
    right: &'n Node,
    input: Input<'n, 'd>,
) -> R<'n, 'd> {
    let a = eval(left, input)?;
    let b = eval(right, input)?;
    let result = match op {
        Cmp::Eq => Value::Bool(equals(&a, &b)?),
        Cmp::Ne => Value::Bool(!equals(&a, &b)?),
        _ => ordering(op, &a, &b)?,
    };
    Ok(Rv::owned(result))
}

fn multi_select_list<'n: 'd, 'd>(items: &'n [Node], input: Input<'n, 'd>) -> R<'n, 'd> {
    if matches!(input, Input::Data(Value::Null)) {
        return Ok(Rv::null());
    }
    let mut collected = Vec::with_capacity(items.len());
    for item in items {
        collected.push(eval(item, input)?.into_owned_value()?);
    }
    Ok(Rv::owned(Value::Array(collected)))
}

fn multi_select_hash<'n: 'd, 'd>(pairs: &'n [(String, Node)], input: Input<'n, 'd>) -> R<'n, 'd> {
    if matches!(input, Input::Data(Value::Null)) {
        return Ok(Rv::null());
    }
    let mut collected = Map::with_capacity(pairs.len());
    for (key, node) in pairs {
        // A repeated key keeps its first position and its last value, like a dict.
        collected.insert(key.clone(), eval(node, input)?.into_owned_value()?);
    }
    Ok(Rv::owned(Value::Object(collected)))
}
