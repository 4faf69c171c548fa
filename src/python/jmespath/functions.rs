//! Function calls as `Functions.call_function` in `jmespath/functions.py` makes them: arguments
//! first, then the name lookup, the arity check and the type check with Python's exact texts.

use super::builtins;
use super::compare::{jp_type, py_type_rv};
use super::error::QueryError;
use super::python::py_str;
use super::rv::{str_of, Eval, Rv, R};
use super::sorting;
use crate::python::value::Value;

/// One argument's accepted types, spelled as in the Python `@signature` decorators.
type Types = &'static [&'static str];

/// A function's signature: its arguments' types, and whether the last one repeats.
struct Signature {
    args: &'static [Types],
    variadic: bool,
}

const fn sig(args: &'static [Types]) -> Signature {
    Signature {
        args,
        variadic: false,
    }
}

/// The signature of a built-in function, `None` for an unknown name.
fn signature(name: &str) -> Option<Signature> {
    const NUMBER: Types = &["number"];
    const STRING: Types = &["string"];
    const ANY: Types = &[];
    const ARRAY: Types = &["array"];
    const EXPREF: Types = &["expref"];
    const OBJECT: Types = &["object"];
    const NUMBERS_OR_STRINGS: Types = &["array-number", "array-string"];
    Some(match name {
        "abs" | "ceil" | "floor" => sig(&[NUMBER]),
        "avg" | "sum" => sig(&[&["array-number"]]),
        "not_null" => Signature {
            args: &[ANY],
            variadic: true,
        },
        "merge" => Signature {
            args: &[OBJECT],
            variadic: true,
        },
        "to_array" | "to_string" | "to_number" | "type" => sig(&[ANY]),
        "contains" => sig(&[&["array", "string"], ANY]),
        "length" => sig(&[&["string", "array", "object"]]),
        "ends_with" | "starts_with" => sig(&[STRING, STRING]),
        "reverse" => sig(&[&["array", "string"]]),
        "join" => sig(&[STRING, &["array-string"]]),
        "map" => sig(&[EXPREF, ARRAY]),
        "max" | "min" => sig(&[NUMBERS_OR_STRINGS]),
        "sort" => sig(&[&["array-string", "array-number"]]),
        "keys" | "values" => sig(&[OBJECT]),
        "sort_by" | "min_by" | "max_by" => sig(&[ARRAY, EXPREF]),
        _ => return None,
    })
}

/// `visit_function_expression` + `call_function`.
pub(crate) fn call<'n: 'd, 'd>(name: &str, args: Vec<Rv<'n, 'd>>, eval: Eval) -> R<'n, 'd> {
    let signature = signature(name).ok_or_else(|| QueryError::UnknownFunction {
        name: name.to_owned(),
    })?;
    validate(name, &signature, &args)?;
    match name {
        "sort" | "sort_by" | "max" | "min" | "max_by" | "min_by" | "map" => {
            sorting::dispatch(name, args, eval)
        }
        _ => builtins::dispatch(name, args),
    }
}

/// `_validate_arguments`: the arity, then the declared types of the first `len(signature)`
/// arguments (extra variadic arguments are not checked, as in Python).
fn validate(name: &str, signature: &Signature, args: &[Rv<'_, '_>]) -> Result<(), QueryError> {
    let expected = signature.args.len();
    let arity_ok = if signature.variadic {
        args.len() >= expected
    } else {
        args.len() == expected
    };
    if !arity_ok {
        return Err(QueryError::Arity {
            function: name.to_owned(),
            expected,
            actual: args.len(),
            variadic: signature.variadic,
        });
    }
    for (types, arg) in signature.args.iter().zip(args) {
        if !types.is_empty() {
            check_type(name, types, arg)?;
        }
    }
    Ok(())
}

/// `_type_check_single`: the top-level type, then for `array-X` types the element types.
fn check_type(name: &str, types: Types, arg: &Rv<'_, '_>) -> Result<(), QueryError> {
    let actual = jp_type(arg);
    let mut subtypes = Vec::new();
    let mut allowed = false;
    for declared in types {
        let (base, sub) = match declared.split_once('-') {
            Some((base, sub)) => (base, Some(sub)),
            None => (*declared, None),
        };
        subtypes.extend(sub);
        allowed |= base == actual;
    }
    if !allowed {
        return Err(QueryError::type_error(name, str_of(arg), actual, types));
    }
    match (arg.value(), subtypes.as_slice()) {
        (Some(Value::Array(items)), [only]) => check_elements(name, types, items, only),
        (Some(Value::Array(items)), [_, _, ..]) => {
            // The first element decides which element type the whole array must have.
            let Some(first) = items.first() else {
                return Ok(());
            };
            let first_type = jp_type(&Rv::Val(std::borrow::Cow::Borrowed(first)));
            match subtypes.iter().find(|sub| **sub == first_type) {
                Some(sub) => check_elements(name, types, items, sub),
                None => Err(element_error(name, types, first)),
            }
        }
        _ => Ok(()),
    }
}

/// `_subtype_check`: every element must have type `sub`.
fn check_elements(name: &str, types: Types, items: &[Value], sub: &str) -> Result<(), QueryError> {
    for item in items {
        if jp_type(&Rv::Val(std::borrow::Cow::Borrowed(item))) != sub {
            return Err(element_error(name, types, item));
        }
    }
    Ok(())
}

/// Element errors name the Python type (`str`, `int`), not the JMESPath one.
fn element_error(name: &str, types: Types, item: &Value) -> QueryError {
    let rv = Rv::Val(std::borrow::Cow::Borrowed(item));
    QueryError::type_error(name, py_str(item), py_type_rv(&rv), types)
}
