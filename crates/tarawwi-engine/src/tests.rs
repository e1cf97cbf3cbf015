//! Engine tests: table tests (`t!`) over a small test pack that pin matching semantics, spans and
//! combination rules; the generated per-rule example tests of the built-in packs; property tests.

use crate::{Category, Engine, Finding, PackError};
use std::sync::OnceLock;

/// A pack written for these tests, so the semantics are pinned independently of the real packs.
const TEST_PACK: &str = r#"
id = "test"
version = "0"
name = { en = "Test", ar = "اختبار" }
[[clauses]]
id = "t-1"
title = { en = "T", ar = "ت" }
text = { en = "T", ar = "ت" }
guidance = { en = "T", ar = "ت" }

[[rules]]
id = "t.gov"
category = "political"
severity = "warn"
clause = "t-1"
terms = ["الحكومة"]
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }

[[rules]]
id = "t.secret"
category = "confidential"
severity = "high"
clause = "t-1"
terms = ["secret", "classified", "سري", "confidential"]
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }

[[rules]]
id = "t.secrets"
category = "confidential"
severity = "warn"
clause = "t-1"
terms = ["leak"]
suffixes = true
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }

[[rules]]
id = "t.hate"
category = "civility"
severity = "warn"
clause = "t-1"
terms = ["كره", "زير", "corrupt*"]
unless = ["كرة القدم"]
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }

[[rules]]
id = "t.journalist"
category = "media"
severity = "warn"
clause = "t-1"
terms = ["journalist", "صحفي"]
near = [["quote", "off the record", "تصريح"]]
window = 4
unless = ["press office", "المكتب الاعلامي"]
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }

[[rules]]
id = "t.say"
category = "reputation"
severity = "info"
clause = "t-1"
terms = ["قلت"]
iraqi_variants = true
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }

[[rules]]
id = "t.hospital"
category = "reputation"
severity = "info"
clause = "t-1"
terms = ["مستشفى"]
title = { en = "T", ar = "ت" }
why = { en = "T", ar = "ت" }
safer = { en = "T", ar = "ت" }
"#;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::from_packs(&[("test.toml", TEST_PACK)]).expect("test pack compiles"))
}

/// `t!(name, text, &[(rule, start, end)])`: the findings of `text` are exactly these (UTF-16 spans).
macro_rules! t {
    ($name:ident, $text:expr, $expected:expr) => {
        #[test]
        fn $name() {
            let text: &str = $text;
            let got: Vec<(String, u32, u32)> = engine()
                .check(text)
                .into_iter()
                .map(|f| (f.rule.to_string(), f.start, f.end))
                .collect();
            let want: Vec<(String, u32, u32)> = $expected
                .iter()
                .map(|&(r, s, e): &(&str, u32, u32)| (r.to_string(), s, e))
                .collect();
            assert_eq!(got, want, "text: {text:?}");
        }
    };
}

// §6 of shared/docs/arabic-matching.md, through the whole engine.
t!(harakat_definite, "الحُكُومَة", &[("t.gov", 0, 10)]);
t!(tatweel, "الحكـــــومة", &[("t.gov", 0, 12)]);
t!(
    zero_width_inside,
    "ح\u{200C}ك\u{200D}و\u{200E}مة",
    &[("t.gov", 0, 8)]
);
t!(
    presentation_forms,
    "\u{FE8D}\u{FEDF}\u{FEA4}\u{FEDC}\u{FEEE}\u{FEE3}\u{FE94}",
    &[("t.gov", 0, 7)]
);
t!(emoji_before, "😀 سري للغاية", &[("t.secret", 3, 6)]);
t!(football_unless, "كرة القدم اليوم", &[]);
t!(hate_alone, "هذا كره واضح", &[("t.hate", 4, 7)]);
t!(one_letter_prefix_guard, "فكرة جيدة", &[]);
t!(short_stem_guard, "وزير الخارجية", &[]);
t!(lil_prefix, "للحكومة", &[("t.gov", 0, 7)]);
t!(hal_prefix, "هالحكومة", &[("t.gov", 0, 8)]);
t!(aal_prefix, "عالحكومة", &[("t.gov", 0, 8)]);
t!(ta_marbuta_before_pronoun, "حكومتنا", &[("t.gov", 0, 7)]);
t!(plural_needs_opt_in, "حكومات", &[]);
t!(
    repeats_and_spaced,
    "حكوووومة، ح ك و م ة",
    &[("t.gov", 0, 8), ("t.gov", 10, 19)]
);
t!(spaced_latin, "c.l.a.s.s.i.f.i.e.d", &[("t.secret", 0, 19)]);
t!(cyrillic_lookalikes, "сlаssified", &[("t.secret", 0, 10)]);
t!(real_russian_kept, "секрет", &[]);
t!(
    fullwidth,
    "ＣＯＮＦＩＤＥＮＴＩＡＬ",
    &[("t.secret", 0, 12)]
);
t!(math_bold, "𝐜𝐨𝐧𝐟𝐢𝐝𝐞𝐧𝐭𝐢𝐚𝐥", &[("t.secret", 0, 24)]);
t!(
    secretary_is_not_secret,
    "the secretary declassified it",
    &[]
);
t!(english_suffix_needs_opt_in, "secrets", &[]);
t!(
    english_suffix_opt_in,
    "they leaked it",
    &[("t.secrets", 5, 11)]
);
t!(wildcard_stem, "pure corruption", &[("t.hate", 5, 15)]);
t!(iraqi_gaf_variant, "گلت لك", &[("t.say", 0, 3)]);
t!(alef_maqsura_stem, "مستشفانا", &[("t.hospital", 0, 8)]);
t!(
    glued_scripts,
    "الحكومةsecret",
    &[("t.gov", 0, 7), ("t.secret", 7, 13)]
);

// Combination rules.
t!(
    near_within_window,
    "the journalist wants a quote",
    &[("t.journalist", 4, 28)]
);
t!(near_missing, "my friend is a journalist", &[]);
t!(
    near_too_far,
    "journalist one two three four five quote",
    &[]
);
t!(
    unless_cancels,
    "journalist asked for a quote: contact our press office",
    &[]
);
t!(multiword_near, "صحفي طلب تصريح", &[("t.journalist", 0, 14)]);
t!(
    mixed_script_near,
    "journalist يريد تصريح",
    &[("t.journalist", 0, 21)]
);

#[test]
fn finding_text_is_the_source_substring() {
    let f = &engine().check("😀 الحكـــومة!")[0];
    assert_eq!(f.text, "الحكـــومة");
    let units: Vec<u16> = "😀 الحكـــومة!".encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&units[f.start as usize..f.end as usize]).unwrap(),
        f.text
    );
}

#[test]
fn utf16_units_of_eight_bytes_counts_as_each_char_does() {
    let text = "a ب€😀 z\u{10FFFF}ـ𝐜x ";
    let bytes = text.as_bytes();
    let per_byte = |w: &[u8]| -> u32 {
        w.iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .map(|&b| 1 + u32::from(b >= 0xF0))
            .sum()
    };
    for i in 0..=bytes.len() - 8 {
        let w = &bytes[i..i + 8];
        let x = u64::from_le_bytes(w.try_into().unwrap());
        assert_eq!(
            crate::engine::utf16_units(x),
            per_byte(w),
            "bytes {i}..{}",
            i + 8
        );
    }
}

#[test]
fn finding_texts_far_into_a_long_text() {
    // Findings far apart (the source is counted 8 bytes at a time between them), after every
    // UTF-8 length and at every alignment.
    for pad in 0..8 {
        let mut text = "x".repeat(pad);
        for _ in 0..40 {
            text.push_str("a ب € 😀 ");
        }
        text.push_str("سري للغاية ");
        for _ in 0..33 {
            text.push_str("😀😀 ق ");
        }
        text.push_str("top secret");
        let units: Vec<u16> = text.encode_utf16().collect();
        let found = engine().check(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        for f in &found {
            let slice = String::from_utf16(&units[f.start as usize..f.end as usize]).unwrap();
            assert_eq!(f.text, slice);
        }
    }
}

#[test]
fn finding_ids_read_and_serialize_as_strings() {
    let f = &engine().check("top secret")[0];
    let owned = String::from("t.secret");
    assert_eq!(f.rule, "t.secret");
    assert_eq!("t.secret", f.rule);
    assert_eq!(f.rule, owned);
    assert_eq!(owned, f.rule);
    assert_eq!(
        (f.rule.as_str(), format!("{}", f.rule)),
        ("t.secret", "t.secret".into())
    );
    assert_eq!(format!("{:?}", f.rule), "\"t.secret\"");
    let json = serde_json::to_value(f).unwrap();
    assert_eq!(json["rule"], "t.secret");
    assert_eq!(json["clause"], f.clause.as_str());
}

#[test]
fn findings_carry_category_severity_clause() {
    let f = &engine().check("top secret")[0];
    assert_eq!(
        (f.category, f.severity.as_str(), f.clause.as_str()),
        (Category::Confidential, "high", "t-1")
    );
}

#[test]
fn malformed_pack_names_file_and_rule() {
    let bad = TEST_PACK.replace("category = \"media\"", "category = \"medja\"");
    let err: PackError = Engine::from_packs(&[("bad.toml", &bad)])
        .err()
        .expect("must fail");
    assert_eq!(err.file, "bad.toml");
    assert_eq!(err.rule.as_deref(), Some("t.journalist"));
    assert!(err.to_string().contains("medja"), "{err}");
    let missing_clause = TEST_PACK.replace(
        "clause = \"t-1\"\nterms = [\"قلت\"]",
        "clause = \"t-9\"\nterms = [\"قلت\"]",
    );
    let err = Engine::from_packs(&[("c.toml", &missing_clause)])
        .err()
        .expect("must fail");
    assert_eq!(err.rule.as_deref(), Some("t.say"));
    assert!(err.message.contains("t-9"));
    let empty_term = TEST_PACK.replace("terms = [\"مستشفى\"]", "terms = [\"!!!\"]");
    let err = Engine::from_packs(&[("e.toml", &empty_term)])
        .err()
        .expect("must fail");
    assert_eq!(err.rule.as_deref(), Some("t.hospital"));
    let syntax = "id = \"x\"\nversion = ";
    let err = Engine::from_packs(&[("s.toml", syntax)])
        .err()
        .expect("must fail");
    assert_eq!(err.file, "s.toml");
    assert!(err.line.is_some());
}

#[test]
fn add_pack_at_run_time_and_keep_old_on_error() {
    let mut e = Engine::builtin();
    let before = e.rules().count();
    e.add_pack("test.toml", TEST_PACK).unwrap();
    assert_eq!(e.rules().count(), before + 7);
    assert!(e.check("top secret").iter().any(|f| f.rule == "t.secret"));
    assert!(e.add_pack("bad.toml", "id = 3").is_err());
    assert_eq!(e.rules().count(), before + 7);
    // Re-adding the same pack id replaces it.
    e.add_pack("test2.toml", TEST_PACK).unwrap();
    assert_eq!(e.rules().count(), before + 7);
}

#[test]
fn builtin_packs_cover_all_categories_with_messages() {
    let e = Engine::builtin();
    for c in Category::ALL {
        assert!(
            e.rules().any(|r| r.category == c),
            "no built-in rule for {c}"
        );
    }
    for r in e.rules() {
        assert!(
            r.should_flag.len() >= 2 && r.should_not_flag.len() >= 2,
            "{} needs ≥2 examples each way",
            r.id
        );
        assert!(!r.clause.text.ar.is_empty() && !r.clause.text.en.is_empty());
    }
}

#[test]
fn precompiled_builtin_packs_equal_packs_compiled_at_run_time() {
    let pre = Engine::builtin();
    let run_time = Engine::from_packs(Engine::builtin_sources()).unwrap();
    assert!(
        pre.same_terms(&run_time),
        "build.rs compiles the terms as the engine does"
    );
    assert_eq!(pre.rules().count(), run_time.rules().count());
    // Replacing a built-in pack by itself (it moves to the end) finds the same.
    let mut replaced = Engine::builtin();
    let (file, src) = Engine::builtin_sources()[0];
    replaced.add_pack(file, src).unwrap();
    let sorted = |mut v: Vec<Finding>| {
        v.sort_by(|a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
        v
    };
    for r in run_time.rules() {
        for t in r.should_flag.iter().chain(&r.should_not_flag) {
            assert_eq!(pre.check(t), run_time.check(t), "{t}");
            assert_eq!(sorted(replaced.check(t)), sorted(run_time.check(t)), "{t}");
        }
    }
}

/// Runs one built-in rule's examples (called by the tests generated in build.rs).
pub(crate) fn run_rule_examples(id: &str) {
    static E: OnceLock<Engine> = OnceLock::new();
    let e = E.get_or_init(Engine::builtin);
    let r = e.rule(id).expect("rule exists");
    let mut failures = Vec::new();
    for t in &r.should_flag {
        if !e.check(t).iter().any(|f| f.rule == id) {
            failures.push(format!("should flag: {t:?}"));
        }
    }
    for t in &r.should_not_flag {
        let got: Vec<_> = e.check(t).into_iter().filter(|f| f.rule == id).collect();
        if !got.is_empty() {
            failures.push(format!(
                "should not flag: {t:?} (matched {:?})",
                got[0].text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "rule {id}:\n  {}",
        failures.join("\n  ")
    );
}

mod generated {
    include!(concat!(env!("OUT_DIR"), "/pack_tests.rs"));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("الحكومة".to_string()),
            Just("سري".to_string()),
            Just("secret".to_string()),
            Just("journalist quote".to_string()),
            Just(" ".to_string()),
            Just(".".to_string()),
            Just("\u{0640}".to_string()),
            Just("\u{064E}".to_string()),
            Just("\u{200D}".to_string()),
            Just("\u{202E}".to_string()),
            Just("😀".to_string()),
            Just("👩‍👩‍👧".to_string()),
            Just("\u{FDFA}".to_string()),
            Just("\u{FEFB}".to_string()),
            Just("𝐜".to_string()),
            "\\PC{0,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ];
        proptest::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
    }

    fn check_spans(e: &Engine, text: &str) {
        let units: Vec<u16> = text.encode_utf16().collect();
        for f in e.check(text) {
            let (s, en) = (f.start as usize, f.end as usize);
            assert!(
                s < en && en <= units.len(),
                "span {s}..{en} outside text of {} units",
                units.len()
            );
            assert!(
                String::from_utf16(&units[s..en]).is_ok(),
                "span {s}..{en} splits a surrogate pair"
            );
            assert_eq!(String::from_utf16(&units[s..en]).unwrap(), f.text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn spans_are_valid_utf16_and_check_never_panics(text in text_strategy()) {
            check_spans(engine(), &text);
            static BUILTIN: OnceLock<Engine> = OnceLock::new();
            check_spans(BUILTIN.get_or_init(Engine::builtin), &text);
        }
    }
}

// Glued hashtags (issue 6): split by the packs' own words, spans inside the hashtag.
t!(
    glued_hashtag_near,
    "#صحفيطلبتصريح",
    &[("t.journalist", 1, 13)]
);
t!(glued_hashtag_short_word_hidden, "#وزير #الوزيرالجديد", &[]);
t!(glued_hashtag_only_in_hashtags, "صحفيطلبتصريح", &[]);

// Arabizi (issue 6): Arabic terms matched by consonant skeleton, spans over the Latin words.
t!(arabizi_anchor, "el 7ukooma", &[("t.gov", 3, 10)]);
t!(arabizi_glued_article, "il7kooma w bas", &[("t.gov", 0, 8)]);
t!(
    arabizi_near,
    "el sa7afi talab ta9ree7",
    &[("t.journalist", 3, 23)]
);
t!(
    arabizi_unless,
    "el sa7afi talab ta9ree7 min el maktab el i3lami",
    &[]
);
// سري has two consonants: too short to stand for a term on its own ("sorry", "sir").
t!(
    arabizi_short_anchor,
    "sorry sir, el 7ukooma",
    &[("t.gov", 14, 21)]
);
t!(
    english_is_not_arabizi,
    "Madam, call me at ten about the secret hukooma plan",
    &[("t.secret", 32, 38)]
);

/// Ordinary English (and numbers such as 7am, 3rd, covid19) never goes through Arabizi matching.
#[test]
fn english_sentences_have_no_arabizi_hits() {
    let e = Engine::builtin();
    for s in [
        "the madam will call you at ten",
        "Madam Speaker, I call on the minister to resign",
        "The 7am train to Leeds was late for the 3rd time, covid19 rules",
        "Ten green bottles hanging on the wall",
        "El Paso and La Paz are lovely in the spring",
        "Sorry sir, the kalb club meets at 9pm in room 5b",
        "Ana and Inta went to the cinema with Mina",
    ] {
        assert_eq!(e.arabizi_hits(s), 0, "{s:?}");
    }
    // The same words in an Arabizi sentence do match.
    assert!(e.arabizi_hits("el 7ukooma fasda w 3amila") > 0);
}

#[test]
fn every_kind_of_rule_error_names_its_rule() {
    let src = TEST_PACK;
    // Every rule, one mutation of each kind: the error must name that rule (also for the errors
    // that basic-toml cannot place, such as a missing field or an unknown category).
    let starts: Vec<usize> = src.match_indices("[[rules]]").map(|(i, _)| i).collect();
    let mut wrong = Vec::new();
    for (k, &st) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(src.len());
        let body = &src[st..end];
        let id = body
            .lines()
            .find_map(|l| l.strip_prefix("id = "))
            .unwrap()
            .trim_matches('"');
        let muts: Vec<(&str, String)> = vec![
            (
                "bad category",
                body.replacen("category = \"", "category = \"x", 1),
            ),
            (
                "bad severity",
                body.replacen("severity = \"", "severity = \"x", 1),
            ),
            (
                "terms int",
                body.replacen("terms = [", "terms = 3\nxx = [", 1),
            ),
            (
                "no terms",
                body.lines()
                    .filter(|l| !l.starts_with("terms"))
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n",
            ),
            ("unknown", body.replacen("\nclause", "\nfoo = 1\nclause", 1)),
            (
                "suffixes str",
                body.replacen("\nclause", "\nsuffixes = \"yes\"\nclause", 1),
            ),
            (
                "title no ar",
                body.replacen("title = { en = ", "title = { xx = ", 1),
            ),
        ];
        for (what, m) in muts {
            let text = format!("{}{}{}", &src[..st], m, &src[end..]);
            let err = Engine::from_packs(&[("t.toml", &text)]).err().expect(what);
            if err.rule.as_deref() != Some(id) || err.line.is_none() {
                wrong.push(format!("{id}, {what}: {err}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
