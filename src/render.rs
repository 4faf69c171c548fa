//! Choosing the output format and rendering the answer: `--query` first, then json, text or
//! table, all into one string that is written in one go.

use std::io::IsTerminal;

use crate::config::SharedConfig;
use crate::error::{Error, Result};
use crate::jmespath::Expression;
use crate::settings::Environment;
use crate::value::{Map, Value};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 4-space indented JSON.
    Json,
    /// Tab-separated text.
    Text,
    /// An ASCII table.
    Table,
}

impl Format {
    /// `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else json. v1 notices a
    /// bad configured value only when it renders, after the request, and so does this.
    pub fn resolve(
        flag: Option<&str>,
        config: &SharedConfig,
        env: &dyn Environment,
    ) -> Result<Self> {
        let name = flag
            .map(str::to_owned)
            .or_else(|| env.var("AWS_DEFAULT_OUTPUT"))
            .or_else(|| config.get("output"))
            .unwrap_or_else(|| "json".to_owned());
        match name.as_str() {
            "json" => Ok(Format::Json),
            "text" => Ok(Format::Text),
            "table" => Ok(Format::Table),
            other => Err(Error::msg(format!("Unknown output type: {other}"))),
        }
    }
}

/// Whether table output is coloured: `--color on`, or `auto` (the default) on a terminal.
pub fn color_enabled(flag: Option<&str>) -> bool {
    match flag {
        Some("on") => true,
        Some("off") => false,
        _ => std::io::stdout().is_terminal(),
    }
}

/// Renders an operation's output; `title` is the operation name (the table's title).
pub fn render(
    format: Format,
    title: &str,
    output: &Map,
    query: Option<&Expression>,
    color: bool,
) -> Result<String> {
    let mut value = Value::Object(output.clone());
    if let Some(query) = query {
        value = query
            .search(&value)
            .map_err(|err| Error::msg(err.to_string()))?;
    }
    let rendered = match format {
        Format::Json => return Ok(render_json(&value)),
        Format::Text => crate::output::try_render_text(&value),
        Format::Table => crate::output::try_render_table(&value, title, color, terminal_width()),
    };
    // Where v1's formatters raise on an odd `--query` shape, it exits 255 with the message.
    rendered.map_err(|err| Error::msg(err.message))
}

/// The width v1's table layout uses: the terminal's, or 80 when stdout is not a terminal. The
/// standard library cannot ask the terminal, so `COLUMNS` stands in for it.
fn terminal_width() -> usize {
    let fallback = crate::output::DEFAULT_TERMINAL_WIDTH;
    if !std::io::stdout().is_terminal() {
        return fallback;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
        .unwrap_or(fallback)
}

/// v1's JSON formatter: everything but an empty object is printed.
fn render_json(value: &Value) -> String {
    match value {
        Value::Object(map) if map.is_empty() => String::new(),
        _ => format!("{}\n", crate::json::to_pretty(value)),
    }
}
