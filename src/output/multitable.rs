//! `awscli/table.py`: the `Section`s of a `MultiTable` and how `MultiTable.render` draws them,
//! with the `Styler`/`ColorizedStyler` colours and colorama's per-`write()` resets.

use super::display_width;

/// Padding `MultiTable` adds to every column (`padding=4`).
const PADDING: i64 = 4;
/// colorama's `Style.RESET_ALL`.
const RESET: &str = "\x1b[0m";

/// `awscli.table.Section`: a title, optional column headers and rows of cells, already `str()`ed.
pub(super) struct Section {
    /// `None` is Python's `None`: not printed, but measured as the 4 characters of `"None"`.
    title: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: i64,
    num_cols: Option<usize>,
    max_widths: Vec<i64>,
}

impl Section {
    /// `Section()` with `title` and `indent_level` set, as `MultiTable.new_section` makes it.
    pub(super) fn new(title: Option<String>, indent: i64) -> Self {
        Section {
            title,
            headers: Vec::new(),
            rows: Vec::new(),
            indent,
            num_cols: None,
            max_widths: Vec::new(),
        }
    }

    /// `Section.add_header`.
    pub(super) fn add_header(&mut self, headers: Vec<String>) -> Result<(), String> {
        self.update_max_widths(&headers)?;
        self.num_cols.get_or_insert(headers.len());
        self.headers = headers;
        Ok(())
    }

    /// `Section.add_row`: every row must have as many cells as the first row or header.
    pub(super) fn add_row(&mut self, row: Vec<String>) -> Result<(), String> {
        let num_cols = *self.num_cols.get_or_insert(row.len());
        if row.len() != num_cols {
            return Err(format!(
                "Row should have {num_cols} elements, instead it has {}",
                row.len()
            ));
        }
        self.update_max_widths(&row)?;
        self.rows.push(row);
        Ok(())
    }

    /// `Section._update_max_widths` (an `IndexError` if a row is longer than the first one).
    fn update_max_widths(&mut self, row: &[String]) -> Result<(), String> {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|c| width(c)).collect();
            return Ok(());
        }
        for (i, cell) in row.iter().enumerate() {
            let max = self
                .max_widths
                .get_mut(i)
                .ok_or("list index out of range")?;
            *max = (*max).max(width(cell));
        }
        Ok(())
    }

    /// `Section.total_width(padding=4, with_border=True, outer_padding=indent_level)`.
    fn total_width(&self) -> i64 {
        let columns: i64 = self.max_widths.iter().map(|w| w + PADDING).sum::<i64>() + 2;
        let title = width(self.title.as_deref().unwrap_or("None")) + 2;
        title.max(columns) + 2 * self.indent
    }

    /// `Section.calculate_column_widths(padding=4, max_width)`: the columns scaled to fill
    /// `max_width` with Python's round-half-even, then fixed up one column at a time.
    fn column_widths(&self, max_width: i64) -> Vec<i64> {
        let unscaled: Vec<i64> = self.max_widths.iter().map(|w| w + PADDING).collect();
        let total: i64 = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width;
        while off_by != 0 {
            // Too wide: take one off each column from the left; too narrow: add from the right.
            let shrink = off_by > 0;
            let order: Vec<usize> = if shrink {
                (0..scaled.len()).collect()
            } else {
                (0..scaled.len()).rev().collect()
            };
            for i in order {
                if let Some(w) = scaled.get_mut(i) {
                    *w += if shrink { -1 } else { 1 };
                    off_by += if shrink { -1 } else { 1 };
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled
    }
}

/// The text width of a cell, header or title (see [`display_width`] for policy P5).
fn width(text: &str) -> i64 {
    i64::try_from(display_width(text)).unwrap_or(i64::MAX)
}

/// stdout as awscli writes it: with colour on, colorama's `autoreset` wrapper appends a reset
/// after every single `write()` call (`AnsiToWin32.write` → `reset_all`).
struct Sink {
    out: String,
    autoreset: bool,
}

impl Sink {
    fn write(&mut self, text: &str) {
        self.out.push_str(text);
        if self.autoreset {
            self.out.push_str(RESET);
        }
    }
}

/// `MultiTable.render`: a table wider than the terminal has its single-row sections turned
/// vertical (`convert_to_vertical_table`), then every section is drawn at the widest width.
/// With `color`, stdout is colorama's `autoreset` wrapper (see [`Sink`]).
pub(super) fn render(mut sections: Vec<Section>, terminal_width: i64, color: bool) -> String {
    let mut sink = Sink {
        out: String::new(),
        autoreset: color,
    };
    let mut max_width = calculate_max_width(&sections);
    if max_width > terminal_width {
        sections = sections.into_iter().map(to_vertical).collect();
        max_width = calculate_max_width(&sections);
    }
    sink.write(&format!("{}\n", repeat("-", max_width)));
    for section in &sections {
        render_section(section, max_width, color, &mut sink);
    }
    sink.out
}

/// `MultiTable._calculate_max_width`.
fn calculate_max_width(sections: &[Section]) -> i64 {
    sections.iter().map(Section::total_width).max().unwrap_or(0)
}

/// `convert_to_vertical_table` for one section: a header row plus one value row becomes one
/// `header | value` row per column.
fn to_vertical(section: Section) -> Section {
    let [row] = section.rows.as_slice() else {
        return section;
    };
    if section.headers.is_empty() {
        return section;
    }
    let mut vertical = Section::new(section.title.clone(), section.indent);
    vertical.rows = section
        .headers
        .iter()
        .zip(row)
        .map(|(h, e)| vec![h.clone(), e.clone()])
        .collect();
    let column_max = |col: usize| {
        vertical
            .rows
            .iter()
            .filter_map(|r| r.get(col))
            .map(|c| width(c))
            .max()
    };
    vertical.max_widths = [column_max(0), column_max(1)]
        .into_iter()
        .flatten()
        .collect();
    vertical.num_cols = Some(2);
    vertical
}

/// `MultiTable._render_section` with its `IndentedStream`: each line is written as the left
/// indentation, the line, the right indentation and `\n` (four writes, for colorama's resets).
fn render_section(section: &Section, max_width: i64, color: bool, sink: &mut Sink) {
    let indent_char = if color {
        "\x1b[2m\x1b[33m|\x1b[0m"
    } else {
        "|"
    };
    let indentation = indent_char.repeat(usize::try_from(section.indent).unwrap_or(0));
    let max_width = max_width - section.indent * 2;
    for line in section_lines(section, max_width, color) {
        sink.write(&indentation);
        sink.write(&line);
        sink.write(&indentation);
        sink.write("\n");
    }
}

/// The lines of one section: `_render_title`, `_render_column_titles`, `_render_rows`.
fn section_lines(section: &Section, max_width: i64, color: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(title) = section.title.as_deref().filter(|t| !t.is_empty()) {
        lines.push(center_text(title, max_width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            lines.push(format!("+{}+", repeat("-", max_width - 2)));
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(max_width);
        lines.push(line_break(&widths));
        let cells = widths.iter().zip(&section.headers).enumerate();
        let edge = |i: usize| if i == 0 { "|" } else { "" };
        lines.push(
            cells
                .map(|(i, (w, h))| center_text(h, *w, edge(i), "|"))
                .collect(),
        );
    }
    let widths = section.column_widths(max_width);
    if section.rows.is_empty() || widths.is_empty() {
        return lines;
    }
    lines.push(line_break(&widths));
    for row in &section.rows {
        let cells = widths.iter().zip(row).enumerate();
        lines.push(
            cells
                .map(|(i, (w, cell))| align_left(cell, *w, if i == 0 { "|" } else { "" }, color))
                .collect(),
        );
    }
    lines.push(line_break(&widths));
    lines
}

/// `MultiTable._write_line_break`: `+-----+------+`.
fn line_break(widths: &[i64]) -> String {
    let mut line = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            line.push_str(&format!("+{}+", repeat("-", w - 2)));
        } else {
            line.push_str(&format!("{}+", repeat("-", w - 1)));
        }
    }
    line
}

/// `awscli.table.center_text`, including its arithmetic when the text does not fit.
fn center_text(text: &str, length: i64, left_edge: &str, right_edge: &str) -> String {
    let text_length = width(text);
    let char_start = length.div_euclid(2) - text_length.div_euclid(2) - 1;
    let length_so_far = width(left_edge) + char_start + text_length;
    let right_spaces = length - width(right_edge) - length_so_far;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        repeat(" ", char_start),
        repeat(" ", right_spaces)
    )
}

/// `awscli.table.align_left` of a row cell (two spaces of left padding when it fits), styled by
/// `ColorizedStyler.style_row_element` (bright blue) when `color` is on.
fn align_left(text: &str, length: i64, left_edge: &str, color: bool) -> String {
    let text_length = width(text);
    let right_edge = "|";
    let fits = length - (text_length + 2 + width(left_edge) + width(right_edge)) >= 0;
    let padding = if fits { 2 } else { 0 };
    let so_far = width(left_edge) + padding + text_length;
    let styled = if color {
        format!("\x1b[1m\x1b[34m{text}{RESET}")
    } else {
        text.to_owned()
    };
    format!(
        "{left_edge}{}{styled}{}{right_edge}",
        repeat(" ", padding),
        repeat(" ", length - so_far - width(right_edge))
    )
}

/// Python's `text * n`: empty for `n <= 0`.
fn repeat(text: &str, n: i64) -> String {
    text.repeat(usize::try_from(n).unwrap_or(0))
}
