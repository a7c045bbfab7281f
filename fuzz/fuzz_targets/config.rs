//! Any text given as a config is either compiled or rejected with errors; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shelfwise::core::config;
use shelfwise::core::error::Error;
use shelfwise::core::regex::NativeRegex;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match config::compile(text, &NativeRegex) {
            Ok(_) => assert!(config::check(text, &NativeRegex).is_empty()),
            Err(Error::Config(errors)) => assert!(!errors.is_empty()),
            Err(other) => panic!("a config was refused with {other:?}"),
        }
    }
});
