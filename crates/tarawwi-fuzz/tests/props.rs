//! The fuzzer's invariants as ordinary tests: a short seeded pass, proptest over arbitrary and
//! structured text, and 1 MB pathological inputs that must stay linear.

use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::Instant;
use tarawwi_engine::Engine;
use tarawwi_fuzz::{check_text, clip, Generator, Rng};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::builtin)
}

fn generator() -> &'static Generator {
    static G: OnceLock<Generator> = OnceLock::new();
    G.get_or_init(Generator::new)
}

fn assert_ok(text: &str) {
    if let Err(e) = check_text(engine(), text) {
        panic!("{e}\ninput: {:?}", clip(text));
    }
}

#[test]
fn seeded_pass() {
    for i in 0..3_000 {
        let text = generator().text(&mut Rng::for_iteration(1, i));
        assert_ok(&text);
    }
}

#[test]
fn generator_covers_the_interesting_scripts() {
    let mut all = String::new();
    for i in 0..2_000 {
        all.push_str(&generator().text(&mut Rng::for_iteration(2, i)));
    }
    for (what, found) in [
        ("harakat", all.contains('\u{064E}')),
        ("tatweel", all.contains('\u{0640}')),
        ("ZWJ", all.contains('\u{200D}')),
        ("RLO", all.contains('\u{202E}')),
        ("skin tone", all.contains('\u{1F3FD}')),
        ("ﷺ", all.contains('\u{FDFA}')),
        (
            "Cyrillic",
            all.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
        ),
        (
            "Arabic-Indic digit",
            all.chars().any(|c| ('٠'..='٩').contains(&c)),
        ),
        ("astral", all.chars().any(|c| c as u32 > 0xFFFF)),
    ] {
        assert!(found, "the generator never produced {what}");
    }
}

/// Shapes that used to be quadratic (a match deep inside one huge word) or that blow up the
/// normalized copy (ligatures expand ×20): each must be checked in seconds, not minutes.
#[test]
fn one_megabyte_inputs_stay_linear() {
    let mb = 1 << 20;
    let units = [
        "سري",
        "corrupt",
        "corruption",
        "الحكومةالفاسدة",
        "secret ",
        "ح ",
        "s.",
        "\u{FDFD}",
        "\u{FDFA}",
        "س\u{064E}\u{0651}\u{0640}",
        "😀\u{200D}",
        "\u{202E}",
        "aaaa",
        "#StopCorruption",
    ];
    for unit in units {
        let text = unit.repeat(mb / unit.len() + 1);
        let t0 = Instant::now();
        let findings = engine().check(&text);
        let secs = t0.elapsed().as_secs_f64();
        assert!(
            secs < 20.0,
            "{unit:?} × {} took {secs:.1} s ({} findings)",
            mb / unit.len(),
            findings.len()
        );
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("الحكومة".to_string()),
        Just("فاسدة".to_string()),
        Just("corrupt".to_string()),
        Just("Corruption".to_string()),
        Just("#".to_string()),
        Just(" ".to_string()),
        Just(".".to_string()),
        Just("ة".to_string()),
        Just("\u{0640}".to_string()),
        Just("\u{064E}".to_string()),
        Just("\u{200D}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{FDFA}".to_string()),
        Just("\u{FEFB}".to_string()),
        Just("👩🏽‍⚕️".to_string()),
        Just("٣".to_string()),
        Just("А".to_string()),
        "\\PC{0,8}",
        "[a-zA-Z]{1,8}",
        "[\u{0621}-\u{064A}\u{064B}-\u{0652}]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_mixed_text_keeps_the_invariants(parts in proptest::collection::vec(piece(), 0..40)) {
        assert_ok(&parts.concat());
    }

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in any::<String>()) {
        assert_ok(&text);
    }

    #[test]
    fn generated_texts_keep_the_invariants(seed in any::<u64>(), i in 0u64..1_000_000) {
        assert_ok(&generator().text(&mut Rng::for_iteration(seed, i)));
    }
}
