//! Which step each of Okta's recorded IDX states gets: every JSON file under a folder (Okta's
//! Sign-In Widget's `playground/mocks/data/idp/idx`, 399 files) read as the org's answer and
//! shown as a table, with a count per step, and for the generic form whether the page can fill
//! it and which remediation and authenticator it is. `bench/okta-states.sh` runs it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use idx_protocol::IdxResponse;
use idx_widget::testing::{StepKind, derive};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: okta-states <folder of Okta's recorded IDX states>");
        std::process::exit(2);
    };
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    paths.sort();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows = Vec::new();
    for path in &paths {
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Ok(state) = IdxResponse::from_json(&text) else {
            *counts.entry("(not an IDX state)".into()).or_default() += 1;
            rows.push(format!("| {name} | not an IDX state | | |"));
            continue;
        };
        // Only what an IDX client sees: OAuth bodies and the like have no version.
        if state.version.is_empty() {
            *counts.entry("(not an IDX state)".into()).or_default() += 1;
            rows.push(format!("| {name} | not an IDX state | | |"));
            continue;
        }
        let step = derive(&state, None);
        let label = match step.kind {
            StepKind::Generic { doable: true, .. } => "generic".to_owned(),
            StepKind::Generic { doable: false, .. } => "generic (cannot be done here)".to_owned(),
            _ => step.name().to_owned(),
        };
        *counts.entry(label.clone()).or_default() += 1;
        let form = step.form.clone().unwrap_or_default();
        let key = state
            .primary()
            .and_then(|f| state.related(f))
            .or_else(|| state.current())
            .and_then(|a| a.key.clone())
            .unwrap_or_default();
        rows.push(format!("| {name} | {label} | {form} | {key} |"));
    }
    println!("{} files\n", paths.len());
    println!("| step | states |\n|---|---|");
    for (step, n) in &counts {
        println!("| {step} | {n} |");
    }
    println!("\n| file | step | remediation | authenticator |\n|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
}
