//! A help page as data (paragraphs, preformatted lines, lists of terms), and its plain-text
//! rendering wrapped to a width. The same pages become the man page (`man.rs`), so the two
//! never say different things.

/// One help page: a title, paragraphs under it, then headed sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    /// The page's name (`ssooidc`, `register-client`).
    pub title: String,
    /// The paragraphs between the title and the first section.
    pub intro: Vec<Block>,
    /// The headed sections, in order.
    pub sections: Vec<Section>,
}

/// A headed part of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// The heading (`OPTIONS`).
    pub heading: &'static str,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A piece of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// Running text, wrapped to the width.
    Text(String),
    /// Lines kept as they are (a synopsis).
    Lines(Vec<String>),
    /// Terms with their descriptions. `Compact` lists put short terms and their text on one
    /// line (commands, global options); `Hanging` lists put the text under its term (parameters
    /// with types, output members).
    List(Layout, Vec<Item>),
}

/// How a list is laid out in plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `  term        text`, aligned in a column.
    Compact,
    /// `  term` then the text indented under it.
    Hanging,
}

/// A term, its description, and the items nested under it (a structure's members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// What is described (`--client-name (string, required)`).
    pub term: String,
    /// The description.
    pub text: String,
    /// Nested items.
    pub nested: Vec<Item>,
}

impl Item {
    /// An item without nested items.
    pub(crate) fn new(term: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            term: term.into(),
            text: text.into(),
            nested: Vec::new(),
        }
    }
}

/// Where the text of a compact list starts (the longest command name fits before it).
const COLUMN: usize = 29;
/// How far hanging text and nested items are indented beyond their term.
const STEP: usize = 4;
/// The narrowest width wrapped to: below it, lines would hold a word or two.
const MIN_WIDTH: usize = 40;

impl Page {
    /// The page as plain text, lines at most `width` columns where words allow.
    pub(crate) fn to_text(&self, width: usize) -> String {
        let width = width.max(MIN_WIDTH);
        let mut out = format!("{}\n", self.title);
        for block in &self.intro {
            out.push('\n');
            block.write_text(0, width, &mut out);
        }
        for section in &self.sections {
            out.push_str(&format!("\n{}\n", section.heading));
            for (i, block) in section.blocks.iter().enumerate() {
                if i > 0 && matches!(block, Block::Text(_)) {
                    out.push('\n');
                }
                block.write_text(2, width, &mut out);
            }
        }
        out
    }
}

impl Block {
    fn write_text(&self, indent: usize, width: usize, out: &mut String) {
        match self {
            Block::Text(text) => push_wrapped(text, indent, indent, width, out),
            Block::Lines(lines) => {
                for line in lines {
                    out.push_str(&format!("{:indent$}{line}\n", ""));
                }
            }
            Block::List(layout, items) => {
                for item in items {
                    item.write_text(*layout, indent, width, out);
                }
            }
        }
    }
}

impl Item {
    fn write_text(&self, layout: Layout, indent: usize, width: usize, out: &mut String) {
        let term_width = self.term.chars().count();
        // A compact list falls back to the hanging layout where its column would leave too
        // little room for the text.
        let compact = layout == Layout::Compact && width >= COLUMN + MIN_WIDTH / 2;
        if compact && indent + term_width < COLUMN {
            let pad = COLUMN - indent - term_width;
            out.push_str(&format!("{:indent$}{}{:pad$}", "", self.term, ""));
            push_wrapped(&self.text, 0, COLUMN, width, out);
        } else {
            out.push_str(&format!("{:indent$}{}\n", "", self.term));
            let text_indent = if compact { COLUMN } else { indent + STEP };
            if !self.text.is_empty() {
                push_wrapped(&self.text, text_indent, text_indent, width, out);
            }
        }
        for nested in &self.nested {
            nested.write_text(layout, indent + STEP, width, out);
        }
    }
}

/// Appends `text` wrapped to `width`: the first line after `first` spaces (0 when the line is
/// already started), the others after `rest` spaces.
fn push_wrapped(text: &str, first: usize, rest: usize, width: usize, out: &mut String) {
    let lines = wrap(text, width.saturating_sub(rest).max(1));
    for (i, line) in lines.iter().enumerate() {
        let indent = if i == 0 { first } else { rest };
        out.push_str(&format!("{:indent$}{line}\n", ""));
    }
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word stands alone).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if line.is_empty() {
            line.push_str(word);
        } else if line.chars().count() + 1 + word.chars().count() <= width {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(layout: Layout) -> Page {
        Page {
            title: "name".into(),
            intro: vec![Block::Text("one two three four five".into())],
            sections: vec![Section {
                heading: "LIST",
                blocks: vec![
                    Block::List(
                        layout,
                        vec![Item {
                            term: "--term".into(),
                            text: "alpha beta gamma delta epsilon zeta eta theta iota kappa".into(),
                            nested: vec![Item::new("inner", "x")],
                        }],
                    ),
                    Block::Text("after".into()),
                ],
            }],
        }
    }

    #[test]
    fn compact_lists_align_their_text_in_a_column() {
        let text = page(Layout::Compact).to_text(50);
        assert_eq!(
            text,
            "name\n\none two three four five\n\nLIST\n  --term                     alpha beta gamma\n\
             \x20                            delta epsilon zeta\n\
             \x20                            eta theta iota kappa\n\
             \x20     inner                  x\n\nafter\n"
                .replace("\nafter", "\n  after")
        );
    }

    #[test]
    fn hanging_lists_put_the_text_under_the_term() {
        let text = page(Layout::Hanging).to_text(40);
        assert!(
            text.contains("  --term\n      alpha beta gamma delta epsilon\n"),
            "{text}"
        );
        assert!(text.contains("      inner\n          x\n"), "{text}");
    }

    #[test]
    fn no_line_is_wider_than_the_width_unless_one_word_is() {
        for width in [40, 50, 80, 120] {
            for layout in [Layout::Compact, Layout::Hanging] {
                let text = page(layout).to_text(width);
                assert!(text.lines().all(|l| l.chars().count() <= width), "{text}");
            }
        }
    }

    #[test]
    fn compact_lists_hang_where_the_column_leaves_too_little_room() {
        // 49 columns leave 20 for the text after the column; 48 would leave fewer.
        let narrowest = COLUMN + MIN_WIDTH / 2;
        assert_eq!(
            page(Layout::Compact).to_text(narrowest - 1),
            page(Layout::Hanging).to_text(narrowest - 1)
        );
        assert_ne!(
            page(Layout::Compact).to_text(narrowest),
            page(Layout::Hanging).to_text(narrowest)
        );
    }

    #[test]
    fn a_term_that_reaches_the_column_puts_its_text_on_the_next_line() {
        let list = |term: &str| {
            let item = Item::new(term, "text");
            let mut out = String::new();
            item.write_text(Layout::Compact, 2, 80, &mut out);
            out
        };
        let fits = "f".repeat(COLUMN - 3);
        assert_eq!(list(&fits), format!("  {fits} text\n"));
        let reaches = "r".repeat(COLUMN - 2);
        assert_eq!(list(&reaches), format!("  {reaches}\n{:COLUMN$}text\n", ""));
    }

    #[test]
    fn narrow_widths_are_raised_to_the_minimum() {
        assert_eq!(
            page(Layout::Compact).to_text(5),
            page(Layout::Compact).to_text(MIN_WIDTH)
        );
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("averylongword x", 4), vec!["averylongword", "x"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
