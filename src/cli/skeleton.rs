//! `--generate-cli-skeleton`: sample input and output documents built from the model.
//!
//! The samples themselves come from the model's types (botocore's `ArgumentGenerator`); the
//! output sample goes through the normal output path.

use crate::python::json;
use crate::python::value::Value;
use crate::service::model::{skeleton, Operation, Sample};

/// `--generate-cli-skeleton input`: the input skeleton as v1 prints it.
pub fn input_skeleton(operation: &Operation) -> String {
    format!(
        "{}\n",
        json::to_pretty(&Value::Object(skeleton(operation.input, Sample::Input)))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::model::REGISTER_CLIENT;
    use crate::service::model::{skeleton, Sample};

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
