//! Any text given as a config is either compiled or rejected with errors; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shelfwise::core::config::Config;
use shelfwise::core::regex::NativeRegex;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(errors) = Config::parse(text, &NativeRegex) {
            assert!(!errors.is_empty());
        }
    }
});
