//! What each member type means, in one place: its name in help, the Python types botocore's
//! validator names for it, how a value of it is checked, sampled for a skeleton and read from
//! an answer.

use super::Member;
use crate::python::json;
use crate::python::value::{Map, Number, Value};

/// The type of one member, as far as the CLI needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberType {
    /// A string.
    String,
    /// A list of strings, whose item shape has this name (botocore's output skeleton shows it).
    StringList(&'static str),
    /// A 32-bit integer (botocore's `integer`).
    Integer,
    /// A 64-bit integer (botocore's `long`).
    Long,
    /// A structure with these members.
    Structure(&'static [Member]),
}

/// Which sample a skeleton holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// The input skeleton: empty strings.
    Input,
    /// The output sample: strings hold the member's name (botocore's `use_member_names`).
    Output,
}

impl MemberType {
    /// The type's name in help text.
    pub fn name(self) -> &'static str {
        match self {
            MemberType::String => "string",
            MemberType::StringList(_) => "list",
            MemberType::Integer => "integer",
            MemberType::Long => "long",
            MemberType::Structure(_) => "structure",
        }
    }

    /// Whether the command line takes several values for it.
    pub fn is_list(self) -> bool {
        matches!(self, MemberType::StringList(_))
    }

    /// Whether a value for it is an integer, read with Python's `int()` on the command line.
    pub fn is_integer(self) -> bool {
        matches!(self, MemberType::Integer | MemberType::Long)
    }

    /// The Python types botocore's `ParamValidator` accepts, as its messages list them.
    pub fn python_types(self) -> &'static str {
        match self {
            MemberType::String => "<class 'str'>",
            MemberType::StringList(_) => "<class 'list'>, <class 'tuple'>",
            MemberType::Integer | MemberType::Long => "<class 'int'>",
            MemberType::Structure(_) => "<class 'dict'>",
        }
    }

    /// botocore's `ParamValidator` on `value` for a member called `name` (a dotted path):
    /// one line per problem, appended to `problems`.
    pub fn check(self, name: &str, value: &Value, problems: &mut Vec<String>) {
        let valid = match (self, value) {
            (MemberType::String, Value::String(_)) => true,
            // Python's `bool` is an `int`, which is what botocore's isinstance check asks.
            (MemberType::Integer | MemberType::Long, Value::Number(n)) => {
                !matches!(n, Number::Float(_))
            }
            (MemberType::Integer | MemberType::Long, Value::Bool(_)) => true,
            (MemberType::StringList(_), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    MemberType::String.check(&format!("{name}[{i}]"), item, problems);
                }
                true
            }
            (MemberType::Structure(members), Value::Object(map)) => {
                check_structure(members, name, map, problems);
                true
            }
            _ => false,
        };
        if !valid {
            problems.push(format!(
                "Invalid type for parameter {name}, value: {}, type: {}, valid types: {}",
                json::python_str(value),
                json::python_type_name(value),
                self.python_types()
            ));
        }
    }

    /// The skeleton value (botocore's `ArgumentGenerator`): strings are `""` (or, for the output
    /// sample, the member's name), numbers `0`, lists hold one sample item.
    pub fn sample(self, member_name: &str, sample: Sample) -> Value {
        let text = match sample {
            Sample::Input => "",
            Sample::Output => member_name,
        };
        match self {
            MemberType::String => Value::from(text),
            // botocore's `_generate_type_list` names an item after its shape, not the member.
            MemberType::StringList(item) => Value::Array(vec![Value::from(match sample {
                Sample::Input => "",
                Sample::Output => item,
            })]),
            MemberType::Integer | MemberType::Long => Value::from(0),
            MemberType::Structure(members) => Value::Object(skeleton(members, sample)),
        }
    }

    /// The value of an answer's member as botocore's parser returns it: integers through
    /// Python's `int()`, structures with their modelled members only. `Err` says why the value
    /// cannot be read (v1 would stop with a traceback).
    pub fn read(self, name: &str, value: &Value) -> Result<Value, String> {
        match self {
            MemberType::Integer | MemberType::Long => crate::python::int::int_of(value)
                .map(Value::Number)
                .ok_or_else(|| format!("{name} is not an integer: {}", json::repr(value))),
            MemberType::Structure(members) => match value {
                Value::Object(map) => read_structure(members, map).map(Value::Object),
                _ => Err(format!("{name} is not an object: {}", json::repr(value))),
            },
            MemberType::String | MemberType::StringList(_) => Ok(value.clone()),
        }
    }
}

/// botocore's `_validate_structure`: missing required members, then unknown members, then each
/// known member's own checks. `name` is the path so far (empty at the top, shown as `input`).
pub fn check_structure(members: &[Member], name: &str, map: &Map, problems: &mut Vec<String>) {
    let shown = if name.is_empty() { "input" } else { name };
    for member in members.iter().filter(|m| m.required) {
        if !map.contains_key(member.name) {
            problems.push(format!(
                "Missing required parameter in {shown}: \"{}\"",
                member.name
            ));
        }
    }
    let names: Vec<&str> = members.iter().map(|m| m.name).collect();
    for key in map.keys() {
        if !names.contains(&key.as_str()) {
            problems.push(format!(
                "Unknown parameter in {shown}: \"{key}\", must be one of: {}",
                names.join(", ")
            ));
        }
    }
    for (key, value) in map {
        if let Some(member) = members.iter().find(|m| m.name == key) {
            let path = if name.is_empty() {
                key.clone()
            } else {
                format!("{name}.{key}")
            };
            member.kind.check(&path, value, problems);
        }
    }
}

/// The skeleton of a structure with `members`.
pub fn skeleton(members: &[Member], sample: Sample) -> Map {
    members
        .iter()
        .map(|m| (m.name.to_owned(), m.kind.sample(m.name, sample)))
        .collect()
}

/// The modelled members of an answer object, in model order; a `null` counts as absent, as
/// in botocore's parser.
pub fn read_structure(members: &[Member], map: &Map) -> Result<Map, String> {
    let mut output = Map::new();
    for member in members {
        match map.get(member.name) {
            None | Some(Value::Null) => {}
            Some(value) => {
                output.insert(
                    member.name.to_owned(),
                    member.kind.read(member.name, value)?,
                );
            }
        }
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::json;
    use crate::service::model::REGISTER_CLIENT;

    fn input(text: &str) -> Map {
        match json::parse(text).unwrap() {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    fn problems(text: &str) -> String {
        let lines = REGISTER_CLIENT.validate(&input(text)).unwrap_err();
        format!("Parameter validation failed:\n{}", lines.join("\n"))
    }

    #[test]
    fn missing_then_unknown_then_types() {
        assert_eq!(
            problems(r#"{"scopes": "a", "bogus": 1}"#),
            "Parameter validation failed:\n\
             Missing required parameter in input: \"clientName\"\n\
             Missing required parameter in input: \"clientType\"\n\
             Unknown parameter in input: \"bogus\", must be one of: clientName, clientType, \
             scopes, redirectUris, grantTypes, issuerUrl, entitledApplicationArn\n\
             Invalid type for parameter scopes, value: a, type: <class 'str'>, valid types: \
             <class 'list'>, <class 'tuple'>"
        );
    }

    #[test]
    fn item_and_nested_types() {
        assert_eq!(
            problems(
                r#"{"clientName": {"nested": {"deep": [1]}}, "clientType": "p", "scopes": ["a", null]}"#
            ),
            "Parameter validation failed:\n\
             Invalid type for parameter clientName, value: {'nested': {'deep': [1]}}, type: \
             <class 'dict'>, valid types: <class 'str'>\n\
             Invalid type for parameter scopes[1], value: None, type: <class 'NoneType'>, \
             valid types: <class 'str'>"
        );
    }

    // Guards: what botocore's validator accepts for the types no SSO-OIDC input has yet:
    // integers (and bool, which Python's isinstance counts as an int), and structures checked
    // member by member with dotted paths.
    #[test]
    fn integers_and_structures() {
        const INNER: &[Member] = &[Member::input("id", "", MemberType::String, "").required()];
        let mut problems = Vec::new();
        for kind in [MemberType::Integer, MemberType::Long] {
            kind.check("n", &Value::from(3), &mut problems);
            kind.check("n", &Value::from(true), &mut problems);
            kind.check("n", &json::parse("1.5").unwrap(), &mut problems);
        }
        let structure = MemberType::Structure(INNER);
        structure.check("s", &json::parse(r#"{"id": "x"}"#).unwrap(), &mut problems);
        structure.check(
            "s",
            &json::parse(r#"{"id": 1, "x": 2}"#).unwrap(),
            &mut problems,
        );
        structure.check("s", &json::parse(r#"{}"#).unwrap(), &mut problems);
        structure.check("s", &Value::from("no"), &mut problems);
        assert_eq!(
            problems,
            [
                "Invalid type for parameter n, value: 1.5, type: <class 'float'>, valid types: \
                 <class 'int'>",
                "Invalid type for parameter n, value: 1.5, type: <class 'float'>, valid types: \
                 <class 'int'>",
                "Unknown parameter in s: \"x\", must be one of: id",
                "Invalid type for parameter s.id, value: 1, type: <class 'int'>, valid types: \
                 <class 'str'>",
                "Missing required parameter in s: \"id\"",
                "Invalid type for parameter s, value: no, type: <class 'str'>, valid types: \
                 <class 'dict'>",
            ]
        );
    }

    #[test]
    fn valid_input_passes() {
        let map = input(r#"{"clientName": "n", "clientType": "public", "scopes": []}"#);
        assert!(REGISTER_CLIENT.validate(&map).is_ok());
    }
}
