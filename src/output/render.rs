//! Choosing the output format and rendering the answer: `--query` first, then json, text or
//! table, all into one string that is written in one go.

use std::io::IsTerminal;

use crate::config::env::Environment;
use crate::config::SharedConfig;
use crate::error::{Error, Result};
use crate::python::jmespath::Expression;
use crate::python::value::{Map, Value};
use crate::service::model::is_sensitive;

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

/// Compiles `--query`, with v1's message for an invalid expression.
pub fn compile_query(text: &str) -> Result<Expression> {
    crate::python::jmespath::compile(text)
        .map_err(|err| Error::msg(format!("Bad value for --query {text}: {err}")))
}

/// Whether table output is coloured: `--color on`; `off`; `auto` (the default) on a terminal,
/// unless `NO_COLOR` is set to anything but the empty string (no-color.org); `on` still wins.
pub fn color_enabled(flag: Option<&str>, env: &dyn Environment) -> bool {
    match flag {
        Some("on") => true,
        Some("off") => false,
        _ => {
            env.var("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stdout().is_terminal()
        }
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
    let answer = Value::Object(output.clone());
    let queried;
    let value = match query {
        None => &answer,
        Some(query) => {
            queried = query
                .search(&answer)
                // v1 quotes the value a function rejected, which may be the client secret.
                .map_err(|err| {
                    Error::msg(crate::secret::scrub(
                        &err.to_string(),
                        &answer,
                        is_sensitive,
                    ))
                })?;
            &queried
        }
    };
    let rendered = match format {
        Format::Json => return Ok(render_json(value)),
        Format::Text => crate::output::try_render_text(value),
        Format::Table => crate::output::try_render_table(value, title, color, terminal_width()),
    };
    // Where v1's formatters raise on an odd `--query` shape, it exits 255 with the message.
    rendered.map_err(|err| Error::msg(crate::secret::scrub(&err.message, &answer, is_sensitive)))
}

/// The width v1's table layout uses (`awscli.table.determine_terminal_width`): the terminal's
/// columns when stdout is a terminal, else 80. Help text is wrapped to it too.
pub fn terminal_width() -> usize {
    terminal_columns()
        .filter(|&columns| columns > 0)
        .unwrap_or(crate::output::DEFAULT_TERMINAL_WIDTH)
}

#[cfg(unix)]
fn terminal_columns() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills the `winsize` it is given and nothing else; on a descriptor that
    // is not a terminal it fails with ENOTTY and leaves it alone.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let status = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut size) };
    (status == 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_columns() -> Option<usize> {
    None
}

/// v1's JSON formatter: everything but an empty object is printed.
fn render_json(value: &Value) -> String {
    match value {
        Value::Object(map) if map.is_empty() => String::new(),
        _ => format!("{}\n", crate::python::json::to_pretty(value)),
    }
}
