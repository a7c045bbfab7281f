//! Writes the config's JSON Schema (generated from the Rust types) to the given file or stdout.

fn main() {
    let schema = shelfwise::core::config::schema::json_schema();
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    match std::env::args().nth(1) {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, text) {
                eprintln!("config-schema: cannot write {path}: {e}");
                std::process::exit(1);
            }
        }
        None => print!("{text}"),
    }
}
