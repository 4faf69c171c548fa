//! Non-cryptographic randomness for retry jitter and invocation ids.
//!
//! Neither needs to be unpredictable, only different between runs and attempts, so this draws on
//! the standard library's randomly keyed SipHash instead of adding a random-number crate.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh pseudo-random 64-bit value.
pub fn next_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// A pseudo-random float in `[0, 1)`, like Python's `random.random()`.
pub fn unit() -> f64 {
    // The top 53 bits fill a double's mantissa exactly.
    (next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A random (version 4) UUID in its usual text form.
pub fn uuid_v4() -> String {
    let high = next_u64();
    let low = next_u64();
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(uuid_v4(), id);
    }

    #[test]
    fn unit_range() {
        for _ in 0..1000 {
            let x = unit();
            assert!((0.0..1.0).contains(&x));
        }
    }
}
