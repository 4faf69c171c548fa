//! One row of Python's `csv` module in its default `excel` dialect: `csv.writer(...).writerow`
//! (minimal quoting) and `csv.reader([line])`. The AWS CLI v2 keeps the profiles that
//! `export-credentials` has seen in one such row (`_AWS_CLI_PROFILE_CHAIN`).

/// `csv.writer(out).writerow(fields)`, then `out.getvalue().strip()` as the CLI strips it: fields
/// joined with `,`; a field with `,`, `"`, `\r` or `\n` quoted with `"` (a `"` doubled); a row of
/// one empty field is `""`.
pub fn write_row(fields: &[String]) -> String {
    if let [only] = fields {
        if only.is_empty() {
            return "\"\"".to_owned();
        }
    }
    let quoted: Vec<String> = fields
        .iter()
        .map(|field| {
            if field.contains([',', '"', '\r', '\n']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field.clone()
            }
        })
        .collect();
    quoted.join(",").trim().to_owned()
}

/// `list(csv.reader([line]))[0]`: the fields of one line (none for an empty line). Quotes open a
/// field only at its start; a doubled quote inside one is a quote; text after the closing quote
/// is kept, as the non-strict reader keeps it.
pub fn read_row(line: &str) -> Vec<String> {
    if line.is_empty() {
        return Vec::new();
    }
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut at_start = true;
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            '"' if at_start => in_quotes = true,
            _ => field.push(c),
        }
        at_start = false;
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    // Guards: Python 3's csv output for these rows (checked with python3).
    #[test]
    fn rows_as_python_writes_them() {
        assert_eq!(write_row(&strings(&["a"])), "a");
        assert_eq!(write_row(&strings(&["a", "b"])), "a,b");
        assert_eq!(write_row(&strings(&[""])), "\"\"");
        assert_eq!(write_row(&strings(&["a,b"])), "\"a,b\"");
        assert_eq!(write_row(&strings(&["q\"x"])), "\"q\"\"x\"");
        assert_eq!(write_row(&strings(&[" a ", "b"])), "a ,b");
        assert_eq!(write_row(&strings(&["", ""])), ",");
        assert_eq!(write_row(&[]), "");
    }

    // Guards: Python 3's csv reading of these lines (checked with python3).
    #[test]
    fn rows_as_python_reads_them() {
        assert_eq!(read_row(""), Vec::<String>::new());
        assert_eq!(read_row("a"), strings(&["a"]));
        assert_eq!(read_row("a,b"), strings(&["a", "b"]));
        assert_eq!(read_row("\"a,b\",c"), strings(&["a,b", "c"]));
        assert_eq!(read_row("\"q\"\"x\""), strings(&["q\"x"]));
        assert_eq!(read_row("a\"b"), strings(&["a\"b"]));
        assert_eq!(read_row("\"a\"b,c"), strings(&["ab", "c"]));
        assert_eq!(read_row(","), strings(&["", ""]));
        assert_eq!(read_row(" a , b"), strings(&[" a ", " b"]));
        for row in [strings(&["a", "b,c", "d\"e"]), strings(&["x"])] {
            assert_eq!(read_row(&write_row(&row)), row);
        }
    }
}
