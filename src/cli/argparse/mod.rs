//! A small command-line parser that follows Python's `argparse.parse_known_args`.
//!
//! The AWS CLI parses its command line in passes (global options, then the operation's own
//! arguments), each with `argparse` and its quirks: unambiguous prefixes of long options are
//! accepted, an ambiguous one is an error, unknown options are handed to the next pass, a value
//! that looks like an option does not count as a value, the last of a repeated option wins. Users'
//! scripts depend on these rules and on argparse's exact error texts, which is why this module
//! reproduces the algorithm of CPython 3.11's `argparse.py` rather than using a general-purpose
//! parser with rules of its own.

use std::collections::HashMap;

use crate::python::json::repr_str;

/// How many values an option or positional takes (argparse's `nargs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nargs {
    /// A flag (`store_true`, `store_false`, `version`): no value.
    Zero,
    /// Exactly one value (`nargs=None`).
    One,
    /// Zero or one value (`nargs='?'`); without a value the option takes its `constant`.
    Optional,
    /// Any number of values (`nargs='*'`).
    ZeroOrMore,
}

/// One argument a parser knows: an option (`--name`) or a positional.
#[derive(Debug, Clone)]
pub(crate) struct ArgSpec {
    /// The option string (`--client-name`), or the positional's name (`operation`).
    pub name: &'static str,
    /// How many values it takes.
    pub nargs: Nargs,
    /// The values it accepts, if restricted (argparse `choices`).
    pub choices: Option<&'static [&'static str]>,
    /// The value of an `Optional` option given without a value (argparse `const`).
    pub constant: Option<&'static str>,
    /// Whether argparse reports it as missing when absent.
    pub required: bool,
}

impl ArgSpec {
    /// An option or positional taking one value.
    pub(crate) const fn one(name: &'static str) -> Self {
        Self::new(name, Nargs::One)
    }

    /// An option or positional with the given arity.
    pub(crate) const fn new(name: &'static str, nargs: Nargs) -> Self {
        Self {
            name,
            nargs,
            choices: None,
            constant: None,
            required: false,
        }
    }

    /// Restricts the accepted values.
    pub(crate) const fn choices(mut self, choices: &'static [&'static str]) -> Self {
        self.choices = Some(choices);
        self
    }

    /// The value used when an `Optional` option is given bare.
    pub(crate) const fn constant(mut self, constant: &'static str) -> Self {
        self.constant = Some(constant);
        self
    }

    /// Sets whether the argument is required.
    pub(crate) const fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    fn is_option(&self) -> bool {
        self.name.starts_with('-')
    }
}

/// The value an argument received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A flag was given.
    Flag,
    /// A single value (also a bare `Optional` option, which receives its constant).
    One(String),
    /// The values of a `ZeroOrMore` option, possibly none.
    List(Vec<String>),
}

/// The outcome of one pass: what was recognised, and what was not (argparse's extras).
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Recognised arguments by name; a repeated option keeps its last value.
    pub values: HashMap<&'static str, Parsed>,
    /// Arguments this pass did not recognise, in command-line order.
    pub extras: Vec<String>,
}

impl Outcome {
    /// The single value of `name`, if given.
    pub(crate) fn one(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(Parsed::One(value)) => Some(value),
            _ => None,
        }
    }

    /// Whether flag `name` was given.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

/// Why a parse stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// A usage error, worded as argparse words it after `PROG: error: `.
    Usage(String),
    /// `--version` was reached: argparse's version action ends the parse where it stands, so an
    /// error in a later word is never seen.
    Version,
}

/// What `classify` decides about one command-line word (argparse's `_parse_optional`).
enum Word {
    /// A positional value (`A` in argparse's pattern).
    Value,
    /// An option: the spec (None if unknown), and a value attached with `=`.
    Option(Option<usize>, Option<String>),
    /// `--`: everything after it is a value.
    EndOfOptions,
}

/// A parser for one pass over the command line.
pub(crate) struct Parser<'a> {
    specs: &'a [ArgSpec],
}

impl<'a> Parser<'a> {
    /// A parser that knows `specs`, in the order argparse would have them added (that order shows
    /// in "ambiguous option" messages).
    pub(crate) fn new(specs: &'a [ArgSpec]) -> Self {
        Self { specs }
    }

    /// Parses `args` like `parse_known_args`: unknown words go to `extras`, known ones to values.
    pub(crate) fn parse_known(&self, args: &[String]) -> Result<Outcome, ParseError> {
        // argparse classifies words only up to the first `--`: after it, everything is a value,
        // so an ambiguous abbreviation there is no error.
        let end_of_options = args.iter().position(|a| a == "--").unwrap_or(args.len());
        let mut words = args[..end_of_options]
            .iter()
            .map(|arg| self.classify(arg))
            .collect::<Result<Vec<_>, _>>()?;
        if end_of_options < args.len() {
            words.push(Word::EndOfOptions);
            words.extend((end_of_options + 1..args.len()).map(|_| Word::Value));
        }
        let pattern: Vec<u8> = words
            .iter()
            .map(|word| match word {
                Word::Value => b'A',
                Word::Option(..) => b'O',
                Word::EndOfOptions => b'-',
            })
            .collect();
        let mut state = State {
            parser: self,
            args,
            pattern: &pattern,
            outcome: Outcome::default(),
            positionals: self.specs.iter().filter(|s| !s.is_option()).collect(),
        };
        let mut index = 0;
        while let Some(next_option) = (index..words.len()).find(|&i| pattern[i] == b'O') {
            if index != next_option {
                let consumed_to = state.consume_positionals(index)?;
                if consumed_to > index {
                    index = consumed_to;
                    continue;
                }
                state
                    .outcome
                    .extras
                    .extend(args[index..next_option].iter().cloned());
                index = next_option;
            }
            if let Word::Option(spec, explicit) = &words[index] {
                index = state.consume_option(index, *spec, explicit.clone())?;
            }
        }
        let stop = state.consume_positionals(index)?;
        state.outcome.extras.extend(args[stop..].iter().cloned());
        let missing: Vec<&str> = self
            .specs
            .iter()
            .filter(|s| s.required && !state.outcome.values.contains_key(s.name))
            .map(|s| s.name)
            .collect();
        if !missing.is_empty() {
            return Err(ParseError::Usage(format!(
                "the following arguments are required: {}",
                missing.join(", ")
            )));
        }
        Ok(state.outcome)
    }

    /// argparse's `_parse_optional`: is this word an option, and which?
    fn classify(&self, arg: &str) -> Result<Word, ParseError> {
        if arg == "--" {
            return Ok(Word::EndOfOptions);
        }
        if !arg.starts_with('-') {
            return Ok(Word::Value);
        }
        if let Some(i) = self.option_index(arg) {
            return Ok(Word::Option(Some(i), None));
        }
        if arg.chars().count() == 1 {
            return Ok(Word::Value);
        }
        if let Some((name, value)) = arg.split_once('=') {
            if let Some(i) = self.option_index(name) {
                return Ok(Word::Option(Some(i), Some(value.to_owned())));
            }
        }
        let matches = self.prefix_matches(arg);
        match matches.as_slice() {
            [(i, explicit)] => return Ok(Word::Option(Some(*i), explicit.clone())),
            [] => {}
            _ => {
                let names: Vec<&str> = matches.iter().map(|(i, _)| self.specs[*i].name).collect();
                return Err(ParseError::Usage(format!(
                    "ambiguous option: {arg} could match {}",
                    names.join(", ")
                )));
            }
        }
        // None of our parsers has options that look like negative numbers, so argparse treats
        // `-5` and `-.5` as values; a word with a space is a value too.
        if looks_like_negative_number(arg) || arg.contains(' ') {
            return Ok(Word::Value);
        }
        Ok(Word::Option(None, None))
    }

    fn option_index(&self, name: &str) -> Option<usize> {
        self.specs
            .iter()
            .position(|s| s.is_option() && s.name == name)
    }

    /// argparse's `_get_option_tuples` with `allow_abbrev`: options that `arg` abbreviates.
    fn prefix_matches(&self, arg: &str) -> Vec<(usize, Option<String>)> {
        let (prefix, explicit) = if arg.starts_with("--") {
            match arg.split_once('=') {
                Some((prefix, value)) => (prefix, Some(value.to_owned())),
                None => (arg, None),
            }
        } else {
            // Single-dash words: our parsers define no short options, so only a plain prefix of
            // a long option can match (argparse checks `startswith` on those too).
            (arg, None)
        };
        self.specs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_option() && s.name.starts_with(prefix))
            .map(|(i, _)| (i, explicit.clone()))
            .collect()
    }
}

/// argparse's `^-\d+$|^-\d*\.\d+$`.
fn looks_like_negative_number(arg: &str) -> bool {
    let Some(rest) = arg.strip_prefix('-') else {
        return false;
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(rest) {
        return true;
    }
    match rest.split_once('.') {
        Some((int, frac)) => (int.is_empty() || all_digits(int)) && all_digits(frac),
        None => false,
    }
}

/// The parse in progress.
struct State<'p, 'a> {
    parser: &'p Parser<'a>,
    args: &'p [String],
    pattern: &'p [u8],
    outcome: Outcome,
    positionals: Vec<&'a ArgSpec>,
}

impl State<'_, '_> {
    /// argparse's `consume_optional`: takes the option at `index` and its values; returns the
    /// index after them.
    fn consume_option(
        &mut self,
        index: usize,
        spec: Option<usize>,
        explicit: Option<String>,
    ) -> Result<usize, ParseError> {
        let Some(spec) = spec.and_then(|i| self.parser.specs.get(i)) else {
            self.outcome.extras.push(self.args[index].clone());
            return Ok(index + 1);
        };
        if let Some(value) = explicit {
            if spec.nargs == Nargs::Zero {
                return Err(argument_error(
                    spec,
                    &format!("ignored explicit argument {}", repr_str(&value)),
                ));
            }
            let parsed = match spec.nargs {
                Nargs::ZeroOrMore => Parsed::List(vec![value]),
                _ => Parsed::One(value),
            };
            self.take(spec, parsed)?;
            return Ok(index + 1);
        }
        let start = index + 1;
        let values_available = self.pattern[start..]
            .iter()
            .take_while(|&&c| c == b'A')
            .count();
        let count = match spec.nargs {
            Nargs::Zero => 0,
            Nargs::One if values_available == 0 => {
                return Err(argument_error(spec, "expected one argument"))
            }
            Nargs::One => 1,
            Nargs::Optional => values_available.min(1),
            Nargs::ZeroOrMore => values_available,
        };
        let values = &self.args[start..start + count];
        let parsed = match (spec.nargs, values) {
            (Nargs::Zero, _) => Parsed::Flag,
            (Nargs::ZeroOrMore, _) => Parsed::List(values.to_vec()),
            (_, [value]) => Parsed::One(value.clone()),
            _ => Parsed::One(spec.constant.unwrap_or_default().to_owned()),
        };
        self.take(spec, parsed)?;
        Ok(start + count)
    }

    /// argparse's `consume_positionals` for our parsers, which have at most one positional
    /// (`One` or `Optional`) left at any time.
    fn consume_positionals(&mut self, index: usize) -> Result<usize, ParseError> {
        let Some(&spec) = self.positionals.first() else {
            return Ok(index);
        };
        let rest = &self.pattern[index..];
        let dashes = rest.iter().take_while(|&&c| c == b'-').count();
        let has_value = rest.get(dashes) == Some(&b'A');
        if spec.nargs == Nargs::One && !has_value {
            return Ok(index);
        }
        let mut end = index + dashes;
        let value = if has_value {
            end += 1;
            Some(self.args[end - 1].clone())
        } else {
            None
        };
        end += self.pattern[end..]
            .iter()
            .take_while(|&&c| c == b'-')
            .count();
        self.positionals.remove(0);
        if let Some(value) = value {
            self.take(spec, Parsed::One(value))?;
        }
        Ok(end)
    }

    fn take(&mut self, spec: &ArgSpec, parsed: Parsed) -> Result<(), ParseError> {
        if let (Some(choices), Parsed::One(value)) = (spec.choices, &parsed) {
            if !choices.contains(&value.as_str()) {
                return Err(argument_error(spec, &invalid_choice(value, choices)));
            }
        }
        if spec.name == "--version" {
            return Err(ParseError::Version);
        }
        self.outcome.values.insert(spec.name, parsed);
        Ok(())
    }
}

/// Checks `value` against `choices` with the AWS CLI's message, for a value parsed elsewhere.
pub(crate) fn check_choice(name: &str, value: &str, choices: &[&str]) -> Result<(), ParseError> {
    if choices.contains(&value) {
        return Ok(());
    }
    Err(ParseError::Usage(format!(
        "argument {name}: {}",
        invalid_choice(value, choices)
    )))
}

fn argument_error(spec: &ArgSpec, message: &str) -> ParseError {
    ParseError::Usage(format!("argument {}: {message}", spec.name))
}

/// The AWS CLI's `CLIArgParser._check_value` text: the choices two to a line, padded to 40
/// columns, then close matches (difflib, cutoff 0.8).
fn invalid_choice(value: &str, choices: &[&str]) -> String {
    let mut lines = vec!["Invalid choice, valid choices are:\n".to_owned()];
    for pair in choices.chunks(2) {
        let cells: Vec<String> = pair.iter().map(|c| format!("{c:<40}")).collect();
        lines.push(cells.join(" | "));
    }
    let close = crate::python::difflib::close_matches(value, choices, 0.8);
    if !close.is_empty() {
        lines.push(format!(
            "\n\nInvalid choice: {}, maybe you meant:\n",
            repr_str(value)
        ));
        lines.extend(close.iter().map(|word| format!("  * {word}")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests;
