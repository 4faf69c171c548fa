//! argparse behaviours the AWS CLI's command line relies on, one test each.

use super::*;

const SPECS: &[ArgSpec] = &[
    ArgSpec::one("--client-name").required(true),
    ArgSpec::one("--client-type").required(true),
    ArgSpec::new("--scopes", Nargs::ZeroOrMore),
    ArgSpec::new("--debug", Nargs::Zero),
    ArgSpec::new("--generate-cli-skeleton", Nargs::Optional)
        .choices(&["input", "output"])
        .constant("input"),
    ArgSpec::new("help", Nargs::Optional),
];

fn err_text(err: ParseError) -> String {
    match err {
        ParseError::Usage(text) => text,
        ParseError::Version => "version".into(),
    }
}

fn parse(args: &[&str]) -> Result<Outcome, ParseError> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    Parser::new(SPECS).parse_known(&args)
}

#[test]
fn prefixes_and_last_one_wins() {
    let out = parse(&["--client-n", "a", "--client-t", "b", "--client-name", "c"]).unwrap();
    assert_eq!(out.one("--client-name"), Some("c"));
    assert_eq!(out.one("--client-type"), Some("b"));
    assert!(out.extras.is_empty());
}

#[test]
fn ambiguous_prefix() {
    let err = parse(&["--client", "x"]).unwrap_err();
    assert_eq!(
        err_text(err),
        "ambiguous option: --client could match --client-name, --client-type"
    );
}

#[test]
fn option_like_value_is_not_a_value() {
    let err = parse(&["--client-name", "-x", "--client-type", "p"]).unwrap_err();
    assert_eq!(
        err_text(err),
        "argument --client-name: expected one argument"
    );
    let out = parse(&["--client-name=-x", "--client-type", "p"]).unwrap();
    assert_eq!(out.one("--client-name"), Some("-x"));
}

#[test]
fn lists_take_values_until_the_next_option() {
    let out = parse(&[
        "--scopes",
        "a",
        "b",
        "--client-name",
        "n",
        "--client-type",
        "t",
    ]);
    let out = out.unwrap();
    assert_eq!(
        out.values.get("--scopes"),
        Some(&Parsed::List(vec!["a".into(), "b".into()]))
    );
    let out = parse(&["--scopes", "--client-name", "n", "--client-type", "t"]).unwrap();
    assert_eq!(out.values.get("--scopes"), Some(&Parsed::List(vec![])));
}

#[test]
fn unknown_options_and_their_values_are_extras() {
    let out = parse(&["--client-name", "n", "--bogus", "1", "--client-type", "t"]).unwrap();
    // The `1` is taken by the optional `help` positional, as in argparse; the caller lists it.
    assert_eq!(out.extras, vec!["--bogus"]);
    assert_eq!(out.one("help"), Some("1"));
}

#[test]
fn missing_required_in_definition_order() {
    let err = parse(&[]).unwrap_err();
    assert_eq!(
        err_text(err),
        "the following arguments are required: --client-name, --client-type"
    );
}

#[test]
fn optional_value_with_choices() {
    let out = parse(&["--generate-cli-skeleton"]);
    assert!(out.is_err()); // required arguments still apply in this parser
    let specs = &SPECS[4..5];
    let args = vec!["--generate-cli-skeleton".to_owned()];
    let out = Parser::new(specs).parse_known(&args).unwrap();
    assert_eq!(out.one("--generate-cli-skeleton"), Some("input"));
    let args = vec!["--generate-cli-skeleton".to_owned(), "bogus".to_owned()];
    let err = Parser::new(specs).parse_known(&args).unwrap_err();
    assert!(err_text(err).starts_with(
        "argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\ninput"
    ));
}

#[test]
fn negative_numbers_and_spaces_are_values() {
    let out = parse(&["--client-name", "-5", "--client-type", "-a b"]).unwrap();
    assert_eq!(out.one("--client-name"), Some("-5"));
    assert_eq!(out.one("--client-type"), Some("-a b"));
}

#[test]
fn words_after_double_dash_are_not_classified() {
    // `--client` would be ambiguous before `--`; after it, it is a plain value.
    let out = parse(&["--client-name", "n", "--client-type", "t", "--", "--client"]).unwrap();
    assert_eq!(out.one("help"), Some("--client"));
}

#[test]
fn double_dash_ends_options() {
    let out = parse(&["--client-name", "n", "--client-type", "t", "--", "--x"]).unwrap();
    assert_eq!(out.one("help"), Some("--x"));
}
