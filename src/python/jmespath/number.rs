//! Python's numeric rules on JSON numbers: integers are exact and unbounded, `int` and `float`
//! compare exactly, mixing them in arithmetic goes through a correctly rounded `float(int)`.

use std::cmp::Ordering;

use super::error::QueryError;
use crate::python::bigint::BigInt;
use crate::python::value::Number;

/// 2⁵³: integers up to this magnitude convert to `f64` exactly.
const EXACT_F64_INT: i64 = 1 << 53;

/// The integer of an integral `Number`. Malformed `BigInt` digits (which would break the
/// `Value` invariant) read as zero rather than panicking.
fn big(number: &Number) -> BigInt {
    BigInt::from_number(number).unwrap_or_else(|| BigInt::from_i128(0))
}

/// Python's ordering of two numbers, exact across `int` and `float`; `None` when a NaN is
/// involved (every Python comparison with NaN is false).
pub(crate) fn compare(a: &Number, b: &Number) -> Option<Ordering> {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => Some(x.cmp(y)),
        (Number::Float(x), Number::Float(y)) => x.partial_cmp(y),
        (Number::Float(x), int) => compare_int_float(int, *x).map(Ordering::reverse),
        (int, Number::Float(y)) => compare_int_float(int, *y),
        (x, y) => Some(big(x).cmp(&big(y))),
    }
}

/// Compares an integer with a float exactly, as CPython's `float_richcompare` does.
fn compare_int_float(int: &Number, float: f64) -> Option<Ordering> {
    if float.is_nan() {
        return None;
    }
    if float.is_infinite() {
        return Some(if float > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let Number::Int(i) = int {
        if i.unsigned_abs() <= EXACT_F64_INT as u64 {
            // Both sides are exact doubles here.
            return (*i as f64).partial_cmp(&float);
        }
    }
    let floor = float.floor();
    Some(match big(int).cmp(&integral_float(floor)) {
        Ordering::Equal if float > floor => Ordering::Less,
        other => other,
    })
}

/// The exact integer value of an integral, finite float. `{:.0}` prints a float's exact decimal
/// expansion, never a shortened one.
fn integral_float(value: f64) -> BigInt {
    BigInt::parse(&format!("{value:.0}")).unwrap_or_else(|| BigInt::from_i128(0))
}

/// `float(int)`, with Python's `OverflowError` for integers beyond the double range.
pub(crate) fn to_f64(number: &Number) -> Result<f64, QueryError> {
    match number {
        Number::Float(f) => Ok(*f),
        Number::Int(i) => Ok(*i as f64),
        Number::BigInt(_) => {
            let value = big(number).to_f64();
            if value.is_finite() {
                Ok(value)
            } else {
                Err(QueryError::python(
                    "OverflowError",
                    "int too large to convert to float",
                ))
            }
        }
    }
}

/// Python's `a + b`.
pub(crate) fn add(a: &Number, b: &Number) -> Result<Number, QueryError> {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => Ok(match x.checked_add(*y) {
            Some(sum) => Number::Int(sum),
            None => BigInt::from_i128(i128::from(*x) + i128::from(*y)).into_number(),
        }),
        (Number::Float(_), _) | (_, Number::Float(_)) => Ok(Number::Float(to_f64(a)? + to_f64(b)?)),
        (x, y) => Ok(big(x).add(&big(y)).into_number()),
    }
}

/// Python's `total / count` (true division, correctly rounded even for big integers).
pub(crate) fn divide(total: &Number, count: usize) -> Result<f64, QueryError> {
    let count = count as u64;
    match total {
        Number::Float(f) => Ok(f / count as f64),
        Number::Int(i) if i.unsigned_abs() <= EXACT_F64_INT as u64 && count <= 1 << 53 => {
            Ok(*i as f64 / count as f64)
        }
        int => {
            let quotient = big(int).div_to_f64(count);
            if quotient.is_finite() {
                Ok(quotient)
            } else {
                Err(QueryError::python(
                    "OverflowError",
                    "integer division result too large for a float",
                ))
            }
        }
    }
}

/// Python's `abs()`: integers stay (unbounded) integers.
pub(crate) fn abs(number: &Number) -> Number {
    match number {
        Number::Int(i) => match i.checked_abs() {
            Some(a) => Number::Int(a),
            None => BigInt::from_i128(i128::from(*i)).abs().into_number(),
        },
        Number::BigInt(_) => big(number).abs().into_number(),
        Number::Float(f) => Number::Float(f.abs()),
    }
}

/// `math.floor()`: an integer, exact even for huge floats.
pub(crate) fn floor(number: &Number) -> Result<Number, QueryError> {
    match number {
        Number::Float(f) => float_to_int(f.floor()),
        int => Ok(int.clone()),
    }
}

/// `math.ceil()`: an integer, exact even for huge floats.
pub(crate) fn ceil(number: &Number) -> Result<Number, QueryError> {
    match number {
        Number::Float(f) => float_to_int(f.ceil()),
        int => Ok(int.clone()),
    }
}

/// Converts an integral float to an integer, with `int(float)`'s errors for NaN and infinities.
fn float_to_int(value: f64) -> Result<Number, QueryError> {
    if value.is_nan() {
        return Err(QueryError::python(
            "ValueError",
            "cannot convert float NaN to integer",
        ));
    }
    if value.is_infinite() {
        return Err(QueryError::python(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    Ok(crate::python::int::int_of_float(value))
}

/// Whether `number in (0, 1)` in Python (the values that equal `False`/`True`).
pub(crate) fn is_zero_or_one(number: &Number) -> bool {
    match number {
        Number::Int(i) => *i == 0 || *i == 1,
        Number::Float(f) => *f == 0.0 || *f == 1.0,
        Number::BigInt(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_exactly_across_int_and_float() {
        let big_int = Number::Int((1 << 53) + 1);
        let float = Number::Float(9007199254740992.0);
        assert_eq!(compare(&big_int, &float), Some(Ordering::Greater));
        assert_eq!(
            compare(&Number::Int(1), &Number::Float(1.0)),
            Some(Ordering::Equal)
        );
        assert_eq!(compare(&Number::Int(1), &Number::Float(f64::NAN)), None);
        let huge = Number::BigInt("100000000000000000000".into());
        assert_eq!(compare(&huge, &Number::Float(1e20)), Some(Ordering::Equal));
        assert_eq!(
            compare(&Number::Float(1e20 + 16384.0), &huge),
            Some(Ordering::Greater)
        );
    }

    #[test]
    fn arithmetic_keeps_python_types() {
        assert_eq!(
            add(&Number::Int(i64::MAX), &Number::Int(1)).unwrap(),
            Number::BigInt("9223372036854775808".into())
        );
        assert_eq!(
            add(&Number::Int(1), &Number::Float(0.5)).unwrap(),
            Number::Float(1.5)
        );
        assert_eq!(
            abs(&Number::Int(i64::MIN)),
            Number::BigInt("9223372036854775808".into())
        );
        assert_eq!(floor(&Number::Float(-1.5)).unwrap(), Number::Int(-2));
        assert_eq!(ceil(&Number::Float(-0.5)).unwrap(), Number::Int(0));
        assert!(floor(&Number::Float(f64::NAN)).is_err());
        assert_eq!(divide(&Number::Int(3), 2).unwrap(), 1.5);
    }
}
