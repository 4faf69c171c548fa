//! The architecture, checked: no lower layer imports a higher one, and no modules import each
//! other, directly or in a loop. Reads the sources, so a new import that breaks the rule fails
//! `cargo test` with the modules it joins.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first. A module may import its own layer and the ones below it.
const LAYERS: &[&[&str]] = &[
    &["python"],
    &["error", "secret", "debug"],
    &["net"],
    &["service"],
    &["config"],
    &["sso"],
    &["auth"],
    &["output"],
    &["cli"],
    &["commands"],
    &[""],
];

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or_default();
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module {module} is in no layer of LAYERS"))
}

/// Every module's source without its tests, by module path (`service::call`; the crate root is
/// the empty path).
fn modules() -> BTreeMap<String, String> {
    let mut modules = BTreeMap::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // Data beside the sources (the completion scripts) is no module.
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.iter().any(|p| p == "tests") || parts == ["layers_tests"] || parts == ["main"]
            {
                continue;
            }
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            modules.insert(parts.join("::"), code.to_owned());
        }
    }
    modules
}

/// The paths after `prefix` (`crate::`, `super::`) in `code`: `service::call::Client` and the
/// like, as written.
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            !code[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            let rest = &code[at + prefix.len()..];
            let end = rest
                .find(|c: char| {
                    !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':')
                })
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches(':')
        })
        .collect()
}

/// Which modules each module imports (its own submodules and ancestors left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let resolve = |path: &str| -> Option<String> {
        let mut parts: Vec<&str> = path.split("::").collect();
        while !parts.is_empty() {
            let candidate = parts.join("::");
            if modules.contains_key(&candidate) {
                return Some(candidate);
            }
            parts.pop();
        }
        None
    };
    let mut edges = BTreeMap::new();
    for (module, code) in &modules {
        let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
        let relative = paths_after(code, "super::").into_iter().map(|path| {
            [parent, path]
                .join("::")
                .trim_start_matches("::")
                .to_owned()
        });
        let absolute = paths_after(code, "crate::").into_iter().map(str::to_owned);
        let targets = absolute
            .chain(relative)
            .filter_map(|path| resolve(&path))
            .filter(|target| {
                target != module
                    && !module.starts_with(&format!("{target}::"))
                    && !target.is_empty()
            })
            .collect();
        edges.insert(module.clone(), targets);
    }
    edges
}

#[test]
fn no_layer_imports_a_higher_one() {
    let mut problems = Vec::new();
    for (module, targets) in imports() {
        for target in targets {
            if layer(&target) > layer(&module) {
                problems.push(format!("{module} imports {target}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn no_modules_import_each_other() {
    let edges = imports();
    // Every module that can reach itself again lies on a loop.
    let mut on_loops = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = edges[start].iter().collect();
        while let Some(module) = stack.pop() {
            if module == start {
                on_loops.push(start.clone());
                break;
            }
            if seen.insert(module) {
                stack.extend(edges.get(module).into_iter().flatten());
            }
        }
    }
    assert!(
        on_loops.is_empty(),
        "modules on an import loop: {on_loops:?}"
    );
}

#[test]
fn the_check_sees_imports() {
    let edges = imports();
    assert!(edges["service::call"].contains("net::transport"));
    assert!(edges["python::json::write"].contains("python::json::float"));
    assert!(edges["cli"].contains("config::settings"));
}
