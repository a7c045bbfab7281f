//! Any stored text decodes to a usable profile or a clear error; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shelfwise::core::profile::snapshot::{decode, encode};
use shelfwise::core::profile::Rules;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = Rules::default();
    if let Ok(p) = decode(text, 1_700_000_000_000, &rules) {
        // What was repaired stays valid when written and read again.
        let again = decode(&encode(&p), 1_700_000_000_000, &rules);
        assert!(again.is_ok());
    }
});
