//! The Pratt parser, a transcription of `jmespath/parser.py` (same binding powers, same
//! quirks such as `f(a b)` taking two arguments), plus a nesting limit of our own.

use super::ast::{Cmp, Kind, Node};
use super::error::QueryError;
use super::lexer::{tokenize, Tok, Token};
use super::MAX_NESTING;

mod brackets;

type PResult<T> = Result<T, QueryError>;

/// Binding powers below this stop a projection (`_PROJECTION_STOP`).
const PROJECTION_STOP: u8 = 10;
const BP_PIPE: u8 = 1;
const BP_OR: u8 = 2;
const BP_AND: u8 = 3;
const BP_COMPARATOR: u8 = 5;
const BP_FLATTEN: u8 = 9;
const BP_STAR: u8 = 20;
const BP_FILTER: u8 = 21;
const BP_DOT: u8 = 40;
const BP_NOT: u8 = 45;

/// The expected-types list `_parse_dot_rhs` prints.
const DOT_RHS: &str = "['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace']";

/// Python's `BINDING_POWER` table.
fn binding_power(tok: &Tok) -> u8 {
    match tok {
        Tok::Pipe => BP_PIPE,
        Tok::Or => BP_OR,
        Tok::And => BP_AND,
        Tok::Eq | Tok::Gt | Tok::Lt | Tok::Gte | Tok::Lte | Tok::Ne => BP_COMPARATOR,
        Tok::Flatten => BP_FLATTEN,
        Tok::Star => BP_STAR,
        Tok::Filter => BP_FILTER,
        Tok::Dot => BP_DOT,
        Tok::Not => BP_NOT,
        Tok::LBrace => 50,
        Tok::LBracket => 55,
        Tok::LParen => 60,
        _ => 0,
    }
}

/// Parses `expression` into a tree.
pub(crate) fn parse(expression: &str) -> PResult<Node> {
    let tokens = tokenize(expression)?;
    let mut parser = Parser {
        expression,
        tokens,
        index: 0,
        recursion: 0,
    };
    let node = parser.expression(0)?;
    if parser.current() != "eof" {
        let token = parser.token(0).clone();
        let message = format!("Unexpected token: {}", token.value_text());
        return Err(parser.error(&token, message));
    }
    Ok(node)
}

struct Parser<'e> {
    expression: &'e str,
    tokens: Vec<Token>,
    index: usize,
    /// How deep `expression()` calls are nested right now.
    recursion: usize,
}

impl Parser<'_> {
    /// The token `offset` places from the current one; past either end, the final `eof`.
    fn token(&self, offset: isize) -> &Token {
        let at = self.index.checked_add_signed(offset);
        let found = at.and_then(|i| self.tokens.get(i));
        // `tokenize` always ends with an eof token, so `last()` exists; the static one is only
        // there to avoid a panic path.
        found.or(self.tokens.last()).unwrap_or(&EOF)
    }

    fn current(&self) -> &'static str {
        self.token(0).type_name()
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    fn node(&self, kind: Kind) -> PResult<Node> {
        checked(Node::new(kind))
    }

    fn error(&self, token: &Token, message: String) -> QueryError {
        QueryError::Parse {
            expression: self.expression.to_owned(),
            position: token.start,
            token_value: token.value_text(),
            token_type: token.type_name().to_uppercase(),
            message,
        }
    }

    fn incomplete(&self) -> QueryError {
        QueryError::Incomplete {
            expression: self.expression.to_owned(),
        }
    }

    /// `_raise_parse_error_maybe_eof`.
    fn expected(&self, expected: &str) -> QueryError {
        let token = self.token(0);
        if token.tok == Tok::Eof {
            return self.incomplete();
        }
        let message = format!("Expecting: {expected}, got: {}", token.type_name());
        self.error(token, message)
    }

    /// `_match`.
    fn expect(&mut self, token_type: &str) -> PResult<()> {
        if self.current() != token_type {
            return Err(self.expected(token_type));
        }
        self.advance();
        Ok(())
    }

    fn syntax_error(&self) -> QueryError {
        self.error(self.token(0), "syntax error".to_owned())
    }

    fn expression(&mut self, bp: u8) -> PResult<Node> {
        self.recursion += 1;
        let result = if self.recursion > MAX_NESTING {
            Err(QueryError::TooDeep { limit: MAX_NESTING })
        } else {
            self.expression_inner(bp)
        };
        self.recursion -= 1;
        result
    }

    fn expression_inner(&mut self, bp: u8) -> PResult<Node> {
        let left_token = self.token(0).clone();
        self.advance();
        let mut left = self.nud(left_token)?;
        while bp < binding_power(&self.token(0).tok) {
            left = self.led(left)?;
        }
        Ok(left)
    }

    /// Python's `_token_nud_*` dispatch. Every arm is a plain call, to keep this frame (on the
    /// stack once per nesting level) small in unoptimized builds.
    fn nud(&mut self, token: Token) -> PResult<Node> {
        match token.tok {
            Tok::Literal(value) => self.node(Kind::Literal(value)),
            Tok::UnquotedIdentifier(name) => self.node(Kind::Field(name)),
            Tok::QuotedIdentifier(name) => self.nud_quoted_identifier(name),
            Tok::Star => self.nud_star(),
            Tok::Filter => self.led_filter(Node::new(Kind::Identity)),
            Tok::LBrace => self.multi_select_hash(),
            Tok::LParen => self.nud_lparen(),
            Tok::Flatten => self.led_flatten(Node::new(Kind::Identity)),
            Tok::Not => self.nud_not(),
            Tok::LBracket => self.nud_lbracket(),
            Tok::Current => self.node(Kind::Current),
            Tok::Expref => self.nud_expref(),
            Tok::Eof => Err(self.incomplete()),
            _ => Err(self.error(&token, "invalid token".to_owned())),
        }
    }

    fn nud_quoted_identifier(&mut self, name: String) -> PResult<Node> {
        if self.current() == "lparen" {
            // Python reports the `(` token, but at column 0.
            let message = "Quoted identifier not allowed for function names.".to_owned();
            let lparen = Token {
                start: 0,
                ..self.token(0).clone()
            };
            return Err(self.error(&lparen, message));
        }
        self.node(Kind::Field(name))
    }

    fn nud_lparen(&mut self) -> PResult<Node> {
        let inner = self.expression(0)?;
        self.expect("rparen")?;
        Ok(inner)
    }

    fn nud_not(&mut self) -> PResult<Node> {
        let inner = self.expression(BP_NOT)?;
        self.node(Kind::Not(Box::new(inner)))
    }

    fn nud_expref(&mut self) -> PResult<Node> {
        let inner = self.expression(0)?;
        self.node(Kind::Expref(Box::new(inner)))
    }

    /// `_token_led_flatten` (also `_token_nud_flatten`, with the identity on the left).
    fn led_flatten(&mut self, left: Node) -> PResult<Node> {
        let flat = self.node(Kind::Flatten(Box::new(left)))?;
        let right = self.projection_rhs(BP_FLATTEN)?;
        self.node(Kind::Projection(Box::new(flat), Box::new(right)))
    }

    /// Python's `_token_led_*` dispatch for the current token (plain calls, as in `nud`).
    fn led(&mut self, left: Node) -> PResult<Node> {
        let comparator = match self.token(0).tok {
            Tok::Eq => Cmp::Eq,
            Tok::Ne => Cmp::Ne,
            Tok::Lt => Cmp::Lt,
            Tok::Lte => Cmp::Lte,
            Tok::Gt => Cmp::Gt,
            Tok::Gte => Cmp::Gte,
            Tok::Dot => return self.advanced(left, Self::led_dot),
            Tok::Pipe => return self.advanced(left, Self::led_pipe),
            Tok::Or => return self.advanced(left, Self::led_or),
            Tok::And => return self.advanced(left, Self::led_and),
            Tok::LParen => return self.advanced(left, Self::led_lparen),
            Tok::Filter => return self.advanced(left, Self::led_filter),
            Tok::Flatten => return self.advanced(left, Self::led_flatten),
            Tok::LBracket => return self.advanced(left, Self::led_lbracket),
            _ => return Err(self.error(self.token(0), "invalid token".to_owned())),
        };
        self.advance();
        self.led_comparator(left, comparator)
    }

    /// Consumes the operator token, then runs its led function.
    fn advanced(&mut self, left: Node, led: fn(&mut Self, Node) -> PResult<Node>) -> PResult<Node> {
        self.advance();
        led(self, left)
    }

    fn led_comparator(&mut self, left: Node, op: Cmp) -> PResult<Node> {
        let right = self.expression(BP_COMPARATOR)?;
        self.node(Kind::Comparator(op, Box::new(left), Box::new(right)))
    }

    fn led_pipe(&mut self, left: Node) -> PResult<Node> {
        self.binary(left, BP_PIPE, Kind::Pipe)
    }

    fn led_or(&mut self, left: Node) -> PResult<Node> {
        self.binary(left, BP_OR, Kind::Or)
    }

    fn led_and(&mut self, left: Node) -> PResult<Node> {
        self.binary(left, BP_AND, Kind::And)
    }

    fn binary(
        &mut self,
        left: Node,
        bp: u8,
        make: fn(Box<Node>, Box<Node>) -> Kind,
    ) -> PResult<Node> {
        let right = self.expression(bp)?;
        self.node(make(Box::new(left), Box::new(right)))
    }
}

/// Refuses a node deeper than the evaluator's recursion may go.
fn checked(node: Node) -> PResult<Node> {
    if node.depth > MAX_NESTING {
        return Err(QueryError::TooDeep { limit: MAX_NESTING });
    }
    Ok(node)
}

static EOF: Token = Token {
    tok: Tok::Eof,
    start: 0,
};
