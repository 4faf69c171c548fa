//! Policy P5: East Asian *Ambiguous* characters (é, Cyrillic) count 1 column, not 2 as in awscli,
//! so the table frame stays aligned. These outputs differ from awscli on purpose and were checked
//! by hand; every line must have the same display width.

use ssooidc::output::{display_width, render_table, render_text};
use ssooidc::python::value::{Map, Value};

fn object(pairs: &[(&str, Value)]) -> Value {
    let map: Map = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    Value::Object(map)
}

/// Asserts every line of a table has the same display width, and returns that width.
fn assert_aligned(table: &str) -> usize {
    let widths: Vec<usize> = table.lines().map(display_width).collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "misaligned {widths:?}:\n{table}"
    );
    widths.first().copied().unwrap_or(0)
}

/// Removes `ESC [ ... m` colour sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('\x1b') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('m')
            .map_or(rest.len(), |m| start + m + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn latin_and_cyrillic_cells_keep_the_frame_aligned() {
    let items = Value::Array(vec![
        object(&[("name", "café".into()), ("v", 1.into())]),
        object(&[("name", "Москва".into()), ("v", 22.into())]),
    ]);
    let value = object(&[("items", items)]);
    let expected = "\
--------------------
|  RegisterClient  |
+------------------+
||      items     ||
|+---------+------+|
||  name   |  v   ||
|+---------+------+|
||  café   |  1   ||
||  Москва |  22  ||
|+---------+------+|
";
    let table = render_table(&value, "RegisterClient", false);
    assert_eq!(table, expected);
    assert_eq!(assert_aligned(&table), 20);
    // Text output has no widths: the same as awscli.
    assert_eq!(render_text(&value), "ITEMS\tcafé\t1\nITEMS\tМосква\t22\n");
}

#[test]
fn ambiguous_title_and_vertical_layout() {
    let value = object(&[
        ("clientName", "Приложение-é".into()),
        (
            "endpoint",
            format!("https://{}.example", "x".repeat(44)).into(),
        ),
    ]);
    let expected = "\
--------------------------------------------------------------------------------
|                                  Регистрация                                 |
+------------+-----------------------------------------------------------------+
|  clientName|  Приложение-é                                                   |
|  endpoint  |  https://xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example   |
+------------+-----------------------------------------------------------------+
";
    let table = render_table(&value, "Регистрация", false);
    assert_eq!(table, expected);
    assert_eq!(assert_aligned(&table), 80);
}

#[test]
fn mixed_wide_and_ambiguous_cells_stay_aligned() {
    let cells = [
        "日本語",
        "ｆｕｌｌ",
        "naïve",
        "Ελληνικά",
        "№ 5 — “quoted”",
        "plain",
    ];
    let rows = cells
        .iter()
        .map(|c| object(&[("cell", (*c).into()), ("n", 1.into())]))
        .collect();
    let value = object(&[("rows", Value::Array(rows))]);
    assert_aligned(&render_table(&value, "RegisterClient", false));
    assert_aligned(&strip_ansi(&render_table(&value, "RegisterClient", true)));
}
