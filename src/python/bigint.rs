//! A minimal arbitrary-precision integer for the places where Python's unbounded `int` shows:
//! sums past `i64`, `abs(i64::MIN)`, `floor(1e300)`, exact int/float comparison and division.

use std::cmp::Ordering;

use crate::python::value::Number;

/// Limb base: nine decimal digits per limb keeps decimal conversion trivial.
const BASE: u64 = 1_000_000_000;

/// A signed integer as little-endian base-10⁹ limbs (no high zero limbs; zero is non-negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BigInt {
    negative: bool,
    limbs: Vec<u32>,
}

impl BigInt {
    /// From an `i128`.
    pub(crate) fn from_i128(value: i128) -> Self {
        let mut magnitude = value.unsigned_abs();
        let mut limbs = Vec::new();
        while magnitude > 0 {
            // The remainder is below 10⁹, so it fits a u32.
            limbs.push((magnitude % u128::from(BASE)) as u32);
            magnitude /= u128::from(BASE);
        }
        BigInt {
            negative: value < 0,
            limbs,
        }
    }

    /// Parses an optional `-` followed by ASCII digits (leading zeros allowed).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let bytes = digits.as_bytes();
        let mut limbs = Vec::with_capacity(bytes.len() / 9 + 1);
        for chunk in bytes.rchunks(9) {
            let limb = chunk
                .iter()
                .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
            limbs.push(limb);
        }
        let mut big = BigInt { negative, limbs };
        big.normalize();
        Some(big)
    }

    /// The integer held by an integral `Number` (`None` for floats or malformed big digits).
    pub(crate) fn from_number(number: &Number) -> Option<Self> {
        match number {
            Number::Int(i) => Some(Self::from_i128(i128::from(*i))),
            Number::BigInt(digits) => Self::parse(digits),
            Number::Float(_) => None,
        }
    }

    /// Back to a `Number`: `Int` when it fits in an `i64`, `BigInt` otherwise (Value's invariant).
    pub(crate) fn into_number(self) -> Number {
        let text = self.to_decimal();
        match text.parse::<i64>() {
            Ok(small) => Number::Int(small),
            Err(_) => Number::BigInt(text),
        }
    }

    fn normalize(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
        if self.limbs.is_empty() {
            self.negative = false;
        }
    }

    /// Canonical decimal digits with a leading `-` when negative.
    pub(crate) fn to_decimal(&self) -> String {
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        let mut limbs = self.limbs.iter().rev();
        match limbs.next() {
            Some(top) => out.push_str(&top.to_string()),
            None => out.push('0'),
        }
        for limb in limbs {
            out.push_str(&format!("{limb:09}"));
        }
        out
    }

    /// The absolute value.
    pub(crate) fn abs(mut self) -> Self {
        self.negative = false;
        self
    }

    fn cmp_magnitude(a: &[u32], b: &[u32]) -> Ordering {
        a.len()
            .cmp(&b.len())
            .then_with(|| a.iter().rev().cmp(b.iter().rev()))
    }

    fn add_magnitude(a: &[u32], b: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
        let mut carry = 0u64;
        for i in 0..a.len().max(b.len()) {
            let sum = u64::from(a.get(i).copied().unwrap_or(0))
                + u64::from(b.get(i).copied().unwrap_or(0))
                + carry;
            out.push((sum % BASE) as u32);
            carry = sum / BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        out
    }

    /// `a - b` for magnitudes with `a >= b`.
    fn sub_magnitude(a: &[u32], b: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(a.len());
        let mut borrow = 0i64;
        for (i, limb) in a.iter().enumerate() {
            let mut diff = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(diff < 0);
            if diff < 0 {
                diff += BASE as i64;
            }
            out.push(diff as u32);
        }
        out
    }

    /// `self + other`.
    pub(crate) fn add(&self, other: &BigInt) -> BigInt {
        let (negative, limbs) = if self.negative == other.negative {
            (
                self.negative,
                Self::add_magnitude(&self.limbs, &other.limbs),
            )
        } else {
            match Self::cmp_magnitude(&self.limbs, &other.limbs) {
                Ordering::Less => (
                    other.negative,
                    Self::sub_magnitude(&other.limbs, &self.limbs),
                ),
                _ => (
                    self.negative,
                    Self::sub_magnitude(&self.limbs, &other.limbs),
                ),
            }
        };
        let mut big = BigInt { negative, limbs };
        big.normalize();
        big
    }

    /// Correctly rounded conversion to `f64` (infinite when out of range), like `float(int)`
    /// before its overflow check: Rust's decimal parser rounds half-to-even exactly as CPython.
    pub(crate) fn to_f64(&self) -> f64 {
        self.to_decimal().parse::<f64>().unwrap_or(f64::NAN)
    }

    /// `self / divisor` correctly rounded, like Python's `int / int` (`divisor > 0`).
    ///
    /// The quotient is produced with 60 fractional decimal digits plus a sticky digit: for the
    /// quotients that reach this path (magnitude at least 1), every rounding boundary between
    /// doubles has at most 53 fractional digits, so the decimal parse rounds exactly.
    pub(crate) fn div_to_f64(&self, divisor: u64) -> f64 {
        let mut digits = self.abs_clone().to_decimal();
        digits.push_str(&"0".repeat(60));
        let mut quotient = String::with_capacity(digits.len() + 2);
        let mut remainder: u128 = 0;
        for digit in digits.bytes() {
            remainder = remainder * 10 + u128::from(digit - b'0');
            let q = remainder / u128::from(divisor.max(1));
            remainder %= u128::from(divisor.max(1));
            // q < 10 because remainder < 10 * divisor before the division.
            quotient.push(char::from(b'0' + q as u8));
        }
        let split = quotient.len().saturating_sub(60);
        let (int_part, frac_part) = quotient.split_at_checked(split).unwrap_or(("0", ""));
        let sticky = if remainder == 0 { "" } else { "1" };
        let sign = if self.negative { "-" } else { "" };
        format!("{sign}{int_part}.{frac_part}{sticky}")
            .parse::<f64>()
            .unwrap_or(f64::NAN)
    }

    fn abs_clone(&self) -> BigInt {
        self.clone().abs()
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => Self::cmp_magnitude(&self.limbs, &other.limbs),
            (true, true) => Self::cmp_magnitude(&other.limbs, &self.limbs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(text: &str) -> BigInt {
        BigInt::parse(text).unwrap()
    }

    #[test]
    fn round_trips_and_normalizes() {
        assert_eq!(big("-000").to_decimal(), "0");
        assert_eq!(
            big("123456789012345678901").to_decimal(),
            "123456789012345678901"
        );
        assert_eq!(
            big("-9223372036854775808").into_number(),
            Number::Int(i64::MIN)
        );
        assert_eq!(
            big("9223372036854775808").into_number(),
            Number::BigInt("9223372036854775808".into())
        );
    }

    #[test]
    fn adds_and_compares() {
        let a = big("999999999999999999999");
        assert_eq!(a.add(&big("1")).to_decimal(), "1000000000000000000000");
        assert_eq!(big("-5").add(&big("3")).to_decimal(), "-2");
        assert_eq!(big("5").add(&big("-1000000000")).to_decimal(), "-999999995");
        assert_eq!(big("-7").add(&big("7")).to_decimal(), "0");
        assert!(big("-10") < big("-9") && big("10") > big("9") && big("-1") < big("0"));
    }

    #[test]
    fn divides_with_correct_rounding() {
        assert_eq!(big("9007199254740993").div_to_f64(1), 9007199254740992.0);
        assert_eq!(big("9007199254740995").div_to_f64(1), 9007199254740996.0);
        assert_eq!(big("-30000000000000000000").div_to_f64(3), -1e19);
    }
}
