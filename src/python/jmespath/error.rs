//! `QueryError`: every failure of compiling or evaluating an expression, worded as Python says it.
//!
//! The AWS CLI prints `Bad value for --query EXPR: ` followed by `str(exception)` for compile
//! errors (`awscli/customizations/globalargs.py`, `_resolve_query`), and `str(exception)` alone
//! for errors raised while searching. Each variant's `Display` is the matching `__str__` of
//! `jmespath/exceptions.py` (or of the Python built-in exception jmespath lets escape).

use std::fmt;

/// Why an expression could not be compiled or evaluated; `Display` reproduces Python's text.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryError {
    /// `EmptyExpressionError`: the expression was the empty string.
    Empty,
    /// `LexerError`: a character sequence that is no token.
    Lexer {
        /// The whole expression.
        expression: String,
        /// Position of the offending token, in characters.
        position: usize,
        /// Python's message, e.g. `Unknown token '='`.
        message: String,
    },
    /// `ParseError`: a token where the grammar does not allow it.
    Parse {
        /// The whole expression.
        expression: String,
        /// Position of the offending token, in characters.
        position: usize,
        /// Python's `str()` of the token's value.
        token_value: String,
        /// The token's type name, upper-cased (e.g. `UNQUOTED_IDENTIFIER`).
        token_type: String,
        /// Python's message, e.g. `invalid token`.
        message: String,
    },
    /// `IncompleteExpressionError`: the expression ended too early.
    Incomplete {
        /// The whole expression.
        expression: String,
    },
    /// Ours: the expression (or a JSON literal in it) nests deeper than [`super::MAX_NESTING`];
    /// Python would instead hit its recursion limit somewhere around 300 to 1000 levels.
    TooDeep {
        /// The nesting limit that was exceeded.
        limit: usize,
    },
    /// `JMESPathTypeError`: a function argument of the wrong type.
    Type {
        /// The function's name.
        function: String,
        /// Python's `str()` of the offending value.
        value: String,
        /// The type that was received, as Python names it there.
        actual: String,
        /// The signature's type names, in declaration order.
        expected: Vec<String>,
    },
    /// `ArityError` (or `VariadictArityError` when `variadic`): a wrong number of arguments.
    Arity {
        /// The function's name.
        function: String,
        /// How many arguments the signature has (the minimum when `variadic`).
        expected: usize,
        /// How many arguments were passed.
        actual: usize,
        /// Whether the function takes a variable number of arguments.
        variadic: bool,
    },
    /// `UnknownFunctionError`.
    UnknownFunction {
        /// The name that was called.
        name: String,
    },
    /// A Python built-in exception (`TypeError`, `ValueError`, `OverflowError`, `RecursionError`)
    /// that jmespath lets escape, e.g. ``'<' not supported between instances of 'int' and 'str'``.
    Python {
        /// The Python exception class name (informational; not printed).
        exception: &'static str,
        /// `str()` of the exception.
        message: String,
    },
    /// An expression reference (`&expr`) ended up where only JSON data can go (the result, or
    /// inside an array or object). Python keeps the object, and the CLI's JSON encoder then fails
    /// with this text.
    ExprefValue,
}

impl QueryError {
    /// A `JMESPathTypeError`.
    pub(crate) fn type_error(
        function: &str,
        value: String,
        actual: &str,
        types: &[&str],
    ) -> QueryError {
        QueryError::Type {
            function: function.to_owned(),
            value,
            actual: actual.to_owned(),
            expected: types.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    /// A Python built-in exception with its `str()` text.
    pub(crate) fn python(exception: &'static str, message: impl Into<String>) -> Self {
        QueryError::Python {
            exception,
            message: message.into(),
        }
    }

    /// Whether the error comes from compiling (as opposed to evaluating) the expression.
    pub fn is_compile_error(&self) -> bool {
        matches!(
            self,
            QueryError::Empty
                | QueryError::Lexer { .. }
                | QueryError::Parse { .. }
                | QueryError::Incomplete { .. }
                | QueryError::TooDeep { .. }
        )
    }
}

/// `'word'` or `'words'`, as `ArityError._pluralize` does.
fn plural(word: &str, count: usize) -> String {
    if count == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

impl QueryError {
    /// The texts of the compile errors (`ParseError` and its relatives).
    fn fmt_syntax(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str("Invalid JMESPath expression: cannot be empty."),
            QueryError::Lexer {
                expression,
                position,
                message,
            } => {
                // LexerError underlines without the +1 for a quote: it prints the bare expression.
                let pad = " ".repeat(*position);
                write!(
                    f,
                    "Bad jmespath expression: {message}:\n{expression}\n{pad}^"
                )
            }
            QueryError::Parse {
                expression,
                position,
                token_value,
                token_type,
                message,
            } => {
                let pad = " ".repeat(position + 1);
                write!(
                    f,
                    "{message}: Parse error at column {position}, token \"{token_value}\" \
                     ({token_type}), for expression:\n\"{expression}\"\n{pad}^"
                )
            }
            QueryError::Incomplete { expression } => {
                let pad = " ".repeat(expression.chars().count() + 1);
                let head = "Invalid jmespath expression: Incomplete expression";
                write!(f, "{head}:\n\"{expression}\"\n{pad}^")
            }
            QueryError::TooDeep { limit } => write!(
                f,
                "Invalid jmespath expression: nested more than {limit} levels deep"
            ),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Type {
                function,
                value,
                actual,
                expected,
            } => {
                let list: Vec<String> = expected.iter().map(|t| format!("'{t}'")).collect();
                write!(
                    f,
                    "In function {function}(), invalid type for value: {value}, expected one of: \
                     [{}], received: \"{actual}\"",
                    list.join(", ")
                )
            }
            QueryError::Arity {
                function,
                expected,
                actual,
                variadic,
            } => write!(
                f,
                "Expected {}{expected} {} for function {function}(), received {actual}",
                if *variadic { "at least " } else { "" },
                plural("argument", *expected)
            ),
            QueryError::UnknownFunction { name } => write!(f, "Unknown function: {name}()"),
            QueryError::Python { message, .. } => f.write_str(message),
            QueryError::ExprefValue => {
                f.write_str("Encountered unrecognized type in JSON encoder.")
            }
            syntax => syntax.fmt_syntax(f),
        }
    }
}

impl std::error::Error for QueryError {}
