//! `float_repr`: Python's `repr(float)` built on Rust's shortest round-trip formatting.

/// Formats `f` exactly like Python's `repr(float)` (and `str(float)`).
///
/// Python prints the shortest digit string that reads back as the same float (David Gay's mode
/// 0); Rust's `{:e}` produces the same shortest, closest digits. Python then lays them out in
/// scientific notation when the decimal exponent is below -4 or at least 16 (`1e-05`, `1e+16`,
/// exponent with a sign and at least two digits), and otherwise in fixed notation with `.0`
/// added to integral values (`100.0`, `0.0001`). Non-finite values are `nan`, `inf`, `-inf`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // `{:e}` of a finite, non-negative float is `D[.DDD]e[-]X`: one digit before the point, and
    // the fewest digits that read back as `f`. When two such strings are equally close to `f`
    // (2119373530608493.25 has `...493.2` and `...493.3`), Rust takes the upper one but Python
    // the even one, so the digits are recomputed by exact rounding to the same count, which
    // Rust does half-to-even: still round-tripping (it is at least as close), and Python's pick.
    let shortest = format!("{:e}", f.abs());
    let count = shortest.find('e').unwrap_or(shortest.len()) - usize::from(shortest.contains('.'));
    let sci = format!("{:.*e}", count.saturating_sub(1), f.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    // Exact rounding never adds zeros the shortest form lacked; trimming keeps that certain.
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let mut out = String::with_capacity(digits.len() + 8);
    if f.is_sign_negative() {
        out.push('-');
    }
    if !(-4..16).contains(&exponent) {
        // The digits are ASCII and never empty, so splitting after the first cannot fail.
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits.as_str(), ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exponent.unsigned_abs()));
        return out;
    }
    // Fixed notation; `point` is how many digits precede the decimal point.
    let point = exponent + 1;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(&digits);
    } else {
        // `point` is in 1..=16 here, so the conversion is lossless.
        let point = point as usize;
        match digits.split_at_checked(point) {
            Some((int_part, frac_part)) if !frac_part.is_empty() => {
                out.push_str(int_part);
                out.push('.');
                out.push_str(frac_part);
            }
            // An integral value: pad with zeros up to the point, then Python's `.0`.
            _ => {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', point.saturating_sub(digits.len())));
                out.push_str(".0");
            }
        }
    }
    out
}
