//! Environment variables read as on/off switches, one rule for all of them (the Python package's
//! `decorators._env_flag` reads the same way): unset, empty, `0`, `false`, `no` and `off` (in any
//! case, spaces around ignored) are off; anything else is on. So `OXJIT_TIMINGS=0` is off.

/// Whether the switch `name` is on.
pub fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| is_on(&v))
}

fn is_on(value: &str) -> bool {
    !matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "" | "0" | "false" | "no" | "off"
    )
}

#[cfg(test)]
mod tests {
    use super::is_on;

    #[test]
    fn off_values() {
        for v in ["", "0", " 0 ", "false", "False", "NO", "off"] {
            assert!(!is_on(v), "{v:?} should be off");
        }
    }

    #[test]
    fn on_values() {
        for v in ["1", "yes", "true", "2", "on"] {
            assert!(is_on(v), "{v:?} should be on");
        }
    }
}
