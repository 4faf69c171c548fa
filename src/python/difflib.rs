//! Python's `difflib.get_close_matches`, which the AWS CLI uses for "maybe you meant" hints.

/// The choices whose similarity ratio to `word` is at least `cutoff`, best first, at most three
/// (Python's default `n`). Ties are ordered as Python's `heapq.nlargest` orders `(score, word)`
/// tuples: the greater word first.
pub(crate) fn close_matches<'a>(word: &str, choices: &[&'a str], cutoff: f64) -> Vec<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let mut scored: Vec<(f64, &str)> = choices
        .iter()
        .filter_map(|choice| {
            let candidate: Vec<char> = choice.chars().collect();
            let score = ratio(&word, &candidate);
            (score >= cutoff).then_some((score, *choice))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(a.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, choice)| choice)
        .collect()
}

/// `SequenceMatcher(None, a, b).ratio()`: twice the matched characters over the total length.
fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matched(a, b) as f64 / total as f64
}

/// The number of characters in the matching blocks `SequenceMatcher` finds: the longest common
/// block (leftmost in `a`, then in `b`), then recursively the same left and right of it.
fn matched(a: &[char], b: &[char]) -> usize {
    let (i, j, size) = longest_match(a, b);
    if size == 0 {
        return 0;
    }
    size + matched(&a[..i], &b[..j]) + matched(&a[i + size..], &b[j + size..])
}

/// `find_longest_match` without junk heuristics (they only apply to sequences of 200 or more).
fn longest_match(a: &[char], b: &[char]) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    // lengths[j + 1]: length of the common run ending at a[i] and b[j].
    let mut lengths = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut next = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                let k = lengths[j] + 1;
                next[j + 1] = k;
                if k > best.2 {
                    best = (i + 1 - k, j + 1 - k, k);
                }
            }
        }
        lengths = next;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python() {
        // python3 -c "import difflib; print(difflib.get_close_matches('register-clients',
        //   ['create-token','create-token-with-iam','register-client','start-device-authorization',
        //   'help'], cutoff=0.8))"  ->  ['register-client']
        let choices = [
            "create-token",
            "create-token-with-iam",
            "register-client",
            "start-device-authorization",
            "help",
        ];
        assert_eq!(
            close_matches("register-clients", &choices, 0.8),
            vec!["register-client"]
        );
        assert!(close_matches("bogus", &choices, 0.8).is_empty());
        // difflib.get_close_matches('jsn', ['json','text','table'], cutoff=0.8) -> ['json']
        assert_eq!(
            close_matches("jsn", &["json", "text", "table"], 0.8),
            vec!["json"]
        );
        // difflib.get_close_matches('JSON', ['json','text','table'], cutoff=0.8) -> []
        assert!(close_matches("JSON", &["json", "text", "table"], 0.8).is_empty());
    }

    #[test]
    fn ratio_matches_sequence_matcher() {
        // SequenceMatcher(None, 'abcd', 'bcde').ratio() == 0.75
        let a: Vec<char> = "abcd".chars().collect();
        let b: Vec<char> = "bcde".chars().collect();
        assert!((ratio(&a, &b) - 0.75).abs() < 1e-12);
    }
}
