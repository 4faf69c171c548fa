//! The bracket, projection and multi-select rules of the parser (the second half of
//! `jmespath/parser.py`'s nud/led methods), split out to keep each file readable.

use super::binding_power;
use super::{checked, PResult, Parser, BP_DOT, BP_FILTER, BP_STAR, DOT_RHS, PROJECTION_STOP};
use crate::python::jmespath::ast::{Kind, Node};
use crate::python::jmespath::lexer::Tok;

impl Parser<'_> {
    /// `_token_nud_star`: `*` projects over an object's values.
    pub(super) fn nud_star(&mut self) -> PResult<Node> {
        let right = if self.current() == "rbracket" {
            Node::new(Kind::Identity)
        } else {
            self.projection_rhs(BP_STAR)?
        };
        let left = Box::new(Node::new(Kind::Identity));
        self.node(Kind::ValueProjection(left, Box::new(right)))
    }

    /// `_token_nud_lbracket`: an index or slice, `[*]`, or a multi-select list.
    pub(super) fn nud_lbracket(&mut self) -> PResult<Node> {
        if matches!(self.current(), "number" | "colon") {
            let right = self.index_expression()?;
            return self.project_if_slice(Node::new(Kind::Identity), right);
        }
        if self.current() == "star" && self.token(1).tok == Tok::RBracket {
            self.advance();
            self.advance();
            let right = self.projection_rhs(BP_STAR)?;
            let left = Box::new(Node::new(Kind::Identity));
            return self.node(Kind::Projection(left, Box::new(right)));
        }
        self.multi_select_list()
    }

    /// `_parse_index_expression`: `[n]` or, when a colon follows, a slice.
    pub(super) fn index_expression(&mut self) -> PResult<Node> {
        if self.current() == "colon" || self.token(1).tok == Tok::Colon {
            return self.slice_expression();
        }
        let value = match &self.token(0).tok {
            Tok::Number { value, .. } => *value,
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        self.expect("rbracket")?;
        self.node(Kind::Index(value))
    }

    /// `_parse_slice_expression`: up to three numbers separated by colons.
    pub(super) fn slice_expression(&mut self) -> PResult<Node> {
        let mut parts = [None; 3];
        let mut index = 0;
        while self.current() != "rbracket" && index < 3 {
            match &self.token(0).tok {
                Tok::Colon => {
                    index += 1;
                    if index == 3 {
                        return Err(self.syntax_error());
                    }
                    self.advance();
                }
                Tok::Number { value, .. } => {
                    if let Some(part) = parts.get_mut(index) {
                        *part = Some(*value);
                    }
                    self.advance();
                }
                _ => return Err(self.syntax_error()),
            }
        }
        self.expect("rbracket")?;
        self.node(Kind::Slice(parts))
    }

    /// `_project_if_slice`: a slice starts a projection, an index does not.
    pub(super) fn project_if_slice(&mut self, left: Node, right: Node) -> PResult<Node> {
        let is_slice = matches!(right.kind, Kind::Slice(_));
        let index_expr = self.node(Kind::IndexExpression(vec![left, right]))?;
        if !is_slice {
            return Ok(index_expr);
        }
        let rhs = self.projection_rhs(BP_STAR)?;
        self.node(Kind::Projection(Box::new(index_expr), Box::new(rhs)))
    }

    /// `_token_led_dot`: extends a subexpression, or `.*` starts a value projection.
    pub(super) fn led_dot(&mut self, mut left: Node) -> PResult<Node> {
        if self.current() == "star" {
            self.advance();
            let right = self.projection_rhs(BP_DOT)?;
            return self.node(Kind::ValueProjection(Box::new(left), Box::new(right)));
        }
        let right = self.dot_rhs(BP_DOT)?;
        if matches!(left.kind, Kind::Subexpression(_)) {
            left.push_child(right);
            return checked(left);
        }
        self.node(Kind::Subexpression(vec![left, right]))
    }

    /// `_token_led_lparen`: a function call; Python reads arguments until `)`, a comma
    /// being optional (so `f(a b)` has two arguments and `f(a,)` one).
    pub(super) fn led_lparen(&mut self, left: Node) -> PResult<Node> {
        let Kind::Field(name) = left.kind else {
            // The token before `(`: only a field can name a function.
            let name_token = self.token(-2).clone();
            let message = format!("Invalid function name '{}'", name_token.value_text());
            return Err(self.error(&name_token, message));
        };
        let mut args = Vec::new();
        while self.current() != "rparen" {
            let arg = self.expression(0)?;
            if self.current() == "comma" {
                self.expect("comma")?;
            }
            args.push(arg);
        }
        self.expect("rparen")?;
        self.node(Kind::Function(name, args))
    }

    /// `_token_led_filter` (also the nud of `[?`, with the identity on the left).
    pub(super) fn led_filter(&mut self, left: Node) -> PResult<Node> {
        let condition = self.expression(0)?;
        self.expect("rbracket")?;
        let right = if self.current() == "flatten" {
            Node::new(Kind::Identity)
        } else {
            self.projection_rhs(BP_FILTER)?
        };
        let kind = Kind::FilterProjection(Box::new(left), Box::new(right), Box::new(condition));
        self.node(kind)
    }

    /// `_token_led_lbracket`: `a[0]`, `a[1:2]` or `a[*]`.
    pub(super) fn led_lbracket(&mut self, mut left: Node) -> PResult<Node> {
        if matches!(self.current(), "number" | "colon") {
            let right = self.index_expression()?;
            if matches!(left.kind, Kind::IndexExpression(_)) {
                // Python appends even a slice here, without a projection.
                left.push_child(right);
                return checked(left);
            }
            return self.project_if_slice(left, right);
        }
        self.expect("star")?;
        self.expect("rbracket")?;
        let right = self.projection_rhs(BP_STAR)?;
        self.node(Kind::Projection(Box::new(left), Box::new(right)))
    }

    /// `_parse_projection_rhs`.
    pub(super) fn projection_rhs(&mut self, bp: u8) -> PResult<Node> {
        if binding_power(&self.token(0).tok) < PROJECTION_STOP {
            return Ok(Node::new(Kind::Identity));
        }
        match self.current() {
            "lbracket" | "filter" => self.expression(bp),
            "dot" => {
                self.expect("dot")?;
                self.dot_rhs(bp)
            }
            _ => Err(self.syntax_error()),
        }
    }

    /// `_parse_dot_rhs`.
    pub(super) fn dot_rhs(&mut self, bp: u8) -> PResult<Node> {
        match self.current() {
            "quoted_identifier" | "unquoted_identifier" | "star" => self.expression(bp),
            "lbracket" => {
                self.expect("lbracket")?;
                self.multi_select_list()
            }
            "lbrace" => {
                self.expect("lbrace")?;
                self.multi_select_hash()
            }
            other => {
                let message = format!("Expecting: {DOT_RHS}, got: {other}");
                Err(self.error(self.token(0), message))
            }
        }
    }

    /// `_parse_multi_select_list`: `[a, b]` after its `[`.
    pub(super) fn multi_select_list(&mut self) -> PResult<Node> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            if self.current() == "rbracket" {
                break;
            }
            self.expect("comma")?;
        }
        self.expect("rbracket")?;
        self.node(Kind::MultiSelectList(items))
    }

    /// `_parse_multi_select_hash`: `{k: a, ...}` after its `{`.
    pub(super) fn multi_select_hash(&mut self) -> PResult<Node> {
        let mut pairs = Vec::new();
        loop {
            let key = match &self.token(0).tok {
                Tok::QuotedIdentifier(key) | Tok::UnquotedIdentifier(key) => key.clone(),
                _ => return Err(self.expected("['quoted_identifier', 'unquoted_identifier']")),
            };
            self.advance();
            self.expect("colon")?;
            let value = self.expression(0)?;
            pairs.push((key, value));
            // Neither a comma nor a brace: Python simply reads the next key.
            match self.current() {
                "comma" => self.expect("comma")?,
                "rbrace" => {
                    self.expect("rbrace")?;
                    break;
                }
                _ => {}
            }
        }
        self.node(Kind::MultiSelectHash(pairs))
    }
}
