//! The syntax tree, one variant per node type of `jmespath/ast.py`, each node knowing its depth
//! so that the parser can refuse trees the recursive evaluator could not walk safely.

use crate::python::value::Value;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

/// The node types of `jmespath/ast.py`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// `identity`: the implicit right side of a projection, or the left of `[0]` at the start.
    Identity,
    /// `current`: `@`.
    Current,
    /// `field`: an identifier.
    Field(String),
    /// `literal`: a backtick or raw-string literal.
    Literal(Value),
    /// `index`: `[n]`.
    Index(i64),
    /// `slice`: `[start:stop:step]`.
    Slice([Option<i64>; 3]),
    /// `subexpression`: `a.b.c`, evaluated left to right without short-circuit.
    Subexpression(Vec<Node>),
    /// `index_expression`: `a[0][1]`, evaluated like a subexpression.
    IndexExpression(Vec<Node>),
    /// `pipe`: `a | b`.
    Pipe(Box<Node>, Box<Node>),
    /// `projection`: list projection of `right` over the list `left` yields.
    Projection(Box<Node>, Box<Node>),
    /// `value_projection`: projection over the values of the object `left` yields.
    ValueProjection(Box<Node>, Box<Node>),
    /// `filter_projection`: left, right, condition.
    FilterProjection(Box<Node>, Box<Node>, Box<Node>),
    /// `flatten`: `[]`.
    Flatten(Box<Node>),
    /// `comparator`.
    Comparator(Cmp, Box<Node>, Box<Node>),
    /// `or_expression`: `a || b`.
    Or(Box<Node>, Box<Node>),
    /// `and_expression`: `a && b`.
    And(Box<Node>, Box<Node>),
    /// `not_expression`: `!a`.
    Not(Box<Node>),
    /// `multi_select_list`: `[a, b]`.
    MultiSelectList(Vec<Node>),
    /// `multi_select_dict`: `{k: a, ...}` in query order.
    MultiSelectHash(Vec<(String, Node)>),
    /// `function_expression`: name and arguments.
    Function(String, Vec<Node>),
    /// `expref`: `&expr`.
    Expref(Box<Node>),
}

/// A node and the height of the tree below it (a leaf has depth 1).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) depth: usize,
}

impl Node {
    /// Wraps `kind`, computing its depth from its direct children.
    pub(crate) fn new(kind: Kind) -> Node {
        let below = kind.children().map(|child| child.depth).max().unwrap_or(0);
        Node {
            kind,
            depth: below + 1,
        }
    }

    /// Appends `child` to a `Subexpression` or `IndexExpression` (as Python's parser extends
    /// `left['children']`), keeping the depth right.
    pub(crate) fn push_child(&mut self, child: Node) {
        self.depth = self.depth.max(child.depth + 1);
        if let Kind::Subexpression(children) | Kind::IndexExpression(children) = &mut self.kind {
            children.push(child);
        }
    }
}

impl Kind {
    fn children(&self) -> Box<dyn Iterator<Item = &Node> + '_> {
        match self {
            Kind::Identity
            | Kind::Current
            | Kind::Field(_)
            | Kind::Literal(_)
            | Kind::Index(_)
            | Kind::Slice(_) => Box::new(std::iter::empty()),
            Kind::Subexpression(children)
            | Kind::IndexExpression(children)
            | Kind::MultiSelectList(children)
            | Kind::Function(_, children) => Box::new(children.iter()),
            Kind::MultiSelectHash(pairs) => Box::new(pairs.iter().map(|(_, node)| node)),
            Kind::Pipe(a, b)
            | Kind::Projection(a, b)
            | Kind::ValueProjection(a, b)
            | Kind::Comparator(_, a, b)
            | Kind::Or(a, b)
            | Kind::And(a, b) => Box::new([a.as_ref(), b.as_ref()].into_iter()),
            Kind::FilterProjection(a, b, c) => {
                Box::new([a.as_ref(), b.as_ref(), c.as_ref()].into_iter())
            }
            Kind::Flatten(a) | Kind::Not(a) | Kind::Expref(a) => {
                Box::new(std::iter::once(a.as_ref()))
            }
        }
    }
}
