//! `--generate-cli-skeleton`: sample input and output documents built from the model.
//!
//! Mirrors botocore's `ArgumentGenerator.generate_skeleton`: strings are `""` (or, for the output
//! sample, the member's name), numbers `0`, lists hold one sample item.

use crate::python::value::{Map, Value};
use crate::service::model::{Member, MemberType};

/// Which sample to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// The input skeleton: empty strings.
    Input,
    /// The output sample: strings hold the member's name (botocore's `use_member_names`).
    Output,
}

/// The skeleton of a structure with `members`.
pub fn skeleton(members: &[Member], sample: Sample) -> Map {
    members
        .iter()
        .map(|member| (member.name.to_owned(), sample_value(member, sample)))
        .collect()
}

fn sample_value(member: &Member, sample: Sample) -> Value {
    let text = match sample {
        Sample::Input => "",
        Sample::Output => member.name,
    };
    match member.kind {
        MemberType::String => Value::from(text),
        MemberType::StringList => Value::Array(vec![Value::from(text)]),
        MemberType::Long => Value::from(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::model::REGISTER_CLIENT;

    #[test]
    fn input_skeleton_is_byte_identical() {
        let text = crate::python::json::to_pretty(&Value::Object(skeleton(
            REGISTER_CLIENT.input,
            Sample::Input,
        )));
        assert_eq!(
            text,
            "{\n    \"clientName\": \"\",\n    \"clientType\": \"\",\n    \"scopes\": [\n        \
             \"\"\n    ],\n    \"redirectUris\": [\n        \"\"\n    ],\n    \"grantTypes\": [\n        \
             \"\"\n    ],\n    \"issuerUrl\": \"\",\n    \"entitledApplicationArn\": \"\"\n}"
        );
    }

    #[test]
    fn output_sample_uses_member_names() {
        let map = skeleton(REGISTER_CLIENT.output, Sample::Output);
        assert_eq!(map["clientId"], Value::from("clientId"));
        assert_eq!(map["clientIdIssuedAt"], Value::from(0));
    }
}
