//! Normalization tests: one table row per case of `shared/docs/arabic-matching.md` §6 and per
//! step of the pipeline (§1), span rows for the offset map (§3), checks of the tables against
//! unicode-normalization, an exhaustive fixed-point check over every char, and property tests.
//!
//! Every `n!` row also checks the output contract, the offset-map invariants and idempotence.

use super::*;
use crate::nfkd::Table;
use proptest::prelude::*;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Normalization with unicode-normalization itself (what the build script uses).
struct Reference;

impl Nfkd for Reference {
    fn decompose(c: char, emit: impl FnMut(char)) {
        decompose_compatible(c, emit)
    }
    fn is_combining_mark(c: char) -> bool {
        is_combining_mark(c)
    }
}

/// The generated table (`crate::nfkd`) against unicode-normalization, for every char: the same
/// marks; the same decomposition once the marks after the first char are left out; and the same
/// `normalize` output (text and spans) for the char alone, between letters, between spaces,
/// repeated, and after an Arabic letter.
#[test]
fn nfkd_table_agrees_with_unicode_normalization_for_every_char() {
    use std::fmt::Write as _;
    let (mut a, mut b, mut buf) = (Normalized::new(), Normalized::new(), String::new());
    let (mut t, mut r) = (Vec::new(), Vec::new());
    for cp in 0..=0x10FFFF_u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        assert_eq!(
            Table::is_combining_mark(c),
            is_combining_mark(c),
            "U+{cp:04X}"
        );
        t.clear();
        r.clear();
        Table::decompose(c, |d| t.push(d));
        decompose_compatible(c, |d| r.push(d));
        let kept: Vec<char> = r
            .iter()
            .enumerate()
            .filter(|&(i, &d)| i == 0 || !is_combining_mark(d))
            .map(|(_, &d)| d)
            .collect();
        assert_eq!(t, kept, "U+{cp:04X}");
        for ctx in 0..5 {
            buf.clear();
            match ctx {
                0 => write!(buf, "{c}"),
                1 => write!(buf, "ab{c}cd"),
                2 => write!(buf, "ab {c} cd"),
                3 => write!(buf, "x{c}{c}{c}y"),
                _ => write!(buf, "ب{c}."),
            }
            .unwrap();
            normalize_with::<Table>(&buf, &mut a);
            normalize_with::<Reference>(&buf, &mut b);
            assert_eq!(a.text, b.text, "U+{cp:04X} in {buf:?}");
            assert_eq!(a.src_start, b.src_start, "U+{cp:04X} in {buf:?}");
            assert_eq!(a.src_end, b.src_end, "U+{cp:04X} in {buf:?}");
        }
    }
}

/// `n!(name, input, normalized)`: `normalize(input).text == normalized`.
macro_rules! n {
    ($name:ident, $input:expr, $expected:expr) => {
        #[test]
        fn $name() {
            let got = normalize($input);
            assert_eq!(got.text, $expected, "input {:?}", $input);
            check_invariants($input);
        }
    };
}

/// `span!(name, input, needle, (start, end))`: the UTF-16 span in `input` of the first
/// occurrence of `needle` in the normalized text.
macro_rules! span {
    ($name:ident, $input:expr, $needle:expr, $span:expr) => {
        #[test]
        fn $name() {
            assert_eq!(span_of($input, $needle), $span, "input {:?}", $input);
        }
    };
}

fn span_of(src: &str, needle: &str) -> (u32, u32) {
    let n = normalize(src);
    let s = n
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", n.text));
    n.source_span(s, s + needle.len())
}

// §6 test cases (the normalization parts).
n!(spec01_harakat, "الحُكُومَة", "الحكومه");
span!(spec01_span, "الحُكُومَة", "الحكومه", (0, 10));
n!(spec02_tatweel, "الحكـــــومة", "الحكومه");
span!(spec02_span, "الحكـــــومة", "الحكومه", (0, 12));
n!(
    spec03_zero_width_and_bidi,
    "ح\u{200C}ك\u{200D}و\u{200E}مة",
    "حكومه"
);
span!(
    spec03_span,
    "ح\u{200C}ك\u{200D}و\u{200E}مة",
    "حكومه",
    (0, 8)
);
n!(
    spec04_presentation_forms,
    "\u{FE8D}\u{FEDF}\u{FEA4}\u{FEDC}\u{FEEE}\u{FEE3}\u{FE94}",
    "الحكومه"
);
n!(spec05_isolated_shadda_adds_no_space, "\u{FE7C}كتاب", "كتاب");
n!(spec06_allah_ligature, "\u{FDF2}", "الله");
n!(spec06_salla_ligature, "\u{FDFA}", "صلي الله عليه وسلم");
span!(spec06_allah_span, "x \u{FDF2} y", "الله", (2, 3));
n!(spec07_emoji, "😀 سري للغاية", "سري للغايه");
span!(spec07_span, "😀 سري للغاية", "سري", (3, 6));
n!(spec08_arabic_indic_digits, "٢٠٢٤", "2024");
n!(spec08_extended_digits, "۲۰۲۴", "2024");
n!(spec09_hamza_on_waw, "مسؤول", "مسوول");
n!(spec09_hamza_on_ya, "مسئول", "مسيول");
n!(spec10_alef_maqsura, "على", "علي");
n!(spec10_ya, "علي", "علي");
n!(spec11_ta_marbuta_merge, "كرة القدم", "كره القدم");
n!(spec12_fikra, "فكرة", "فكره");
n!(
    spec14_clitics_are_kept,
    "للحكومة هالحكومة عالحكومة",
    "للحكومه هالحكومه عالحكومه"
);
n!(spec15_suffixes_are_kept, "حكومتنا حكومات", "حكومتنا حكومات");
n!(spec16_repeats, "حكوووومة", "حكومه");
n!(spec16_spaced_letters, "ح ك و م ة", "حكومه");
n!(spec16_wa_allah_not_joined, "و الله", "و الله");
n!(spec17_dotted_letters, "c.l.a.s.s.i.f.i.e.d", "classified");
n!(
    spec17_cyrillic_mixed,
    "\u{0441}l\u{0430}ssified",
    "classified"
);
n!(spec17_real_russian_kept, "секрет", "секрет");
n!(spec18_fullwidth, "ＣＯＮＦＩＤＥＮＴＩＡＬ", "confidential");
n!(spec18_math_bold, "𝐜𝐨𝐧𝐟𝐢𝐝𝐞𝐧𝐭𝐢𝐚𝐥", "confidential");
span!(spec18_math_span, "𝐜𝐨𝐧𝐟𝐢𝐝𝐞𝐧𝐭𝐢𝐚𝐥", "confidential", (0, 24));
n!(spec18_dotted_capital_i, "İSTANBUL", "istanbul");
n!(
    spec19_english_words_untouched,
    "secretary declassified secrets",
    "secretary declassified secrets"
);
n!(spec20_hamza_kept, "ماء", "ماء");
n!(spec20_gaf_kept, "گلت", "گلت");
n!(spec20_arabizi_digits_stay, "el 7ukooma", "el 7ukooma");
n!(spec20_covid19, "covid19", "covid19");

#[test]
fn spec06_every_word_of_an_expansion_maps_to_the_ligature() {
    let n = normalize("ab \u{FDFA} cd");
    assert_eq!(n.text, "ab صلي الله عليه وسلم cd");
    for word in ["صلي", "الله", "عليه", "وسلم"] {
        assert_eq!(span_of("ab \u{FDFA} cd", word), (3, 4), "{word}");
    }
}

#[test]
fn spec09_and_20_distinct_pairs_stay_distinct() {
    assert_ne!(normalize("مسؤول").text, normalize("مسئول").text);
    assert_ne!(normalize("ماء").text, normalize("ما").text);
    assert_ne!(normalize("گلت").text, normalize("قلت").text);
}

// Drop set.
n!(
    drop_harakat,
    "ب\u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}ت",
    "بت"
);
n!(
    drop_marks_0653_to_065f,
    "ا\u{0653}\u{0654}\u{0655}\u{0656}\u{0657}\u{0658}\u{0659}\u{065A}\u{065B}\u{065C}\u{065D}\u{065E}\u{065F}ب",
    "اب"
);
n!(drop_dagger_alef, "هٰذا", "هذا");
n!(
    drop_honorific_signs,
    "محمد\u{0610}\u{0611}\u{0612}\u{0613}\u{0614}\u{0615}\u{0616}\u{0617}\u{0618}\u{0619}\u{061A}",
    "محمد"
);
// U+06DD is Cf, U+06DE and U+06E9 are So, U+06E5/U+06E6 are Lm: listed, not "drop Mn".
n!(
    drop_quranic_marks,
    "ب\u{06D6}س\u{06DD}\u{06DE}م\u{06E5}\u{06E6}\u{06E9}\u{06ED}",
    "بسم"
);
n!(
    drop_extended_a_marks,
    "ب\u{08D3}\u{08E2}\u{08F0}\u{08FF}ت",
    "بت"
);
n!(drop_tatweel_everywhere, "ـبـتـ", "بت");
n!(
    drop_invisibles,
    "a\u{200B}b\u{200C}c\u{200D}d\u{200E}e\u{200F}f\u{202A}g\u{202B}h\u{202C}i\u{202D}j\u{202E}k\u{2060}l\u{2061}m\u{2062}n\u{2063}o\u{2064}p\u{2066}q\u{2067}r\u{2068}s\u{2069}t\u{FEFF}u\u{00AD}v\u{061C}w\u{034F}x\u{180E}y\u{115F}z\u{1160}a\u{3164}b\u{FFA0}c",
    "abcdefghijklmnopqrstuvwxyzabc"
);
n!(
    drop_variation_selectors,
    "ok\u{FE0F}\u{FE00}a\u{E0100}y",
    "okay"
);
n!(
    drop_tag_characters,
    "ok\u{E0001}\u{E0061}\u{E007F}ay",
    "okay"
);
n!(
    drop_isolated_harakat_forms,
    "ب\u{FE70}\u{FE72}\u{FE76}\u{FE7C}\u{FE7F}ت",
    "بت"
);
n!(drop_shadda_ligatures, "ب\u{FC5E}\u{FC60}\u{FC63}ت", "بت");
n!(drop_at_text_start, "\u{064E}\u{200F}سر", "سر");
n!(
    drop_latin_accents_as_marks,
    "co\u{0301}nfidential",
    "confidential"
);

// Expansions, presentation forms, NFKC.
n!(bismillah_ligature, "\u{FDFD}", "بسم الله الرحمن الرحيم");
n!(rial_sign, "\u{FDFC}", "ريال");
n!(jalla_ligature, "\u{FDFB}", "جل جلاله");
n!(
    lam_alef_ligatures,
    "\u{FEF5}ب \u{FEF7}ب \u{FEF9}ب \u{FEFB}ب \u{FEFC}ب",
    "لاب لاب لاب لاب لاب"
);
n!(presentation_forms_then_fold, "\u{FB8E}\u{FBFC}", "كي");
n!(arabic_math_letters, "\u{1EE01}\u{1EE02}", "بج");
n!(accents, "café naïve Ångström", "cafe naive angstrom");
n!(circled_letters, "ⓢⓔⓒⓡⓔⓣ ⒶⒷⒸ", "secret abc");
n!(latin_ligature, "ﬁle", "file");
n!(modifier_letters, "ᵇᵃᵈ", "bad");
n!(superscripts_and_roman_numerals, "x² Ⅻ", "x2 xii");
n!(vulgar_fraction, "½", "1 2");

// Folds.
n!(
    alef_variants,
    "أمن إن آمن ٱلله \u{0672}ب \u{0673}ب",
    "امن ان امن الله اب اب"
);
n!(high_hamza_letters, "\u{0675}\u{0676}\u{0678}", "اوي");
n!(hamza_seats, "سئل رؤوس", "سيل رووس");
n!(alef_maqsura_fold, "مستشفى", "مستشفي");
n!(ta_marbuta_forms, "مدرسة مدرس\u{06C3}", "مدرسه مدرسه");
n!(persian_kaf, "ب\u{06A9}ب\u{06AA}", "بكبك");
n!(
    persian_ya,
    "ب\u{06CC}ب\u{06D0}ب\u{06D2}ب\u{06D3}",
    "بيبيبيبي"
);
n!(
    persian_heh,
    "ب\u{06BE}ب\u{06C1}ب\u{06C0}ب\u{06C2}",
    "بهبهبهبه"
);
n!(kurdish_ae_kept, "ب\u{06D5}", "ب\u{06D5}");
n!(
    iraqi_letters_kept,
    "گلت چان پاپا ڤيديو",
    "گلت چان پاپا ڤيديو"
);
n!(hamza_kept, "ماء شيء", "ماء شيء");
n!(dotless_forms, "\u{066E}\u{066F}\u{06A1}\u{06BA}", "بقفن");

// Digits.
n!(arabic_indic_digits, "٠١٢٣٤٥٦٧٨٩", "0123456789");
n!(extended_arabic_indic_digits, "۰۱۲۳۴۵۶۷۸۹", "0123456789");
n!(fullwidth_and_math_digits, "１２３ 𝟏𝟐", "123 12");
n!(digits_inside_arabic_words, "عام ٢٠٢٤م", "عام 2024م");

// Case.
n!(case_latin, "CONFIDENTIAL Leak", "confidential leak");
n!(case_other_scripts, "ДОКУМЕНТ Σοφία", "документ σοφια");

// Whitespace, punctuation, symbols, emoji.
n!(
    whitespace_kinds,
    "  one\u{00A0}two\u{3000}three\tfour\nfive\r\nsix\u{2028}seven\u{2029}eight\u{202F}nine\u{205F}ten\u{1680}end  ",
    "one two three four five six seven eight nine ten end"
);
n!(
    punctuation_and_emoji,
    "hello!!! 😀👩\u{200D}👩\u{200D}👧 world? ✓ #tag @user",
    "hello world tag user"
);
n!(emoji_between_arabic_words, "يا😀جماعة", "يا جماعه");
n!(
    arabic_punctuation,
    "نعم، لا؛ لماذا؟ ٪ ٫ ٬ ۔ ؍ نعم",
    "نعم لا لماذا نعم"
);
n!(only_separators, " ... 😀 \u{200B} ", "");
n!(empty, "", "");

// Homoglyphs.
n!(
    homoglyph_uppercase,
    "\u{0421}L\u{0410}SSIFIED",
    "classified"
);
n!(homoglyph_greek, "c\u{03BF}nfidential", "confidential");
n!(homoglyph_greek_uppercase, "\u{039A}\u{0395}\u{03A5}", "key");
n!(
    homoglyph_dotless_i,
    "class\u{0131}f\u{0131}ed",
    "classified"
);
n!(homoglyph_script_g, "\u{0261}ov", "gov");
n!(
    homoglyph_is_case_sensitive,
    "\u{041A}ey \u{043A}ey",
    "key \u{043A}ey"
);
n!(homoglyph_token_by_token, "\u{0441}ек \u{0441}at", "сек cat");
n!(homoglyph_not_next_to_arabic, "\u{0441}ب", "\u{0441}ب");
n!(greek_with_a_non_lookalike, "sεcrεt", "sεcrεt");

// Spaced letters.
n!(spaced_with_spaces, "c o r r u p t", "corrupt");
n!(spaced_with_dashes, "b-a-d", "bad");
n!(spaced_with_underscores, "b_a_d", "bad");
n!(spaced_with_stars, "b*a*d", "bad");
n!(spaced_with_middle_dots, "b·a·d", "bad");
n!(spaced_with_bullets, "b•a•d", "bad");
n!(spaced_with_pipes, "b|a|d", "bad");
n!(spaced_with_slashes, "b/a/d", "bad");
n!(spaced_with_plus, "b+a+d", "bad");
n!(spaced_with_tildes, "b~a~d", "bad");
n!(spaced_with_three_char_gaps, "b . a - d", "bad");
n!(spaced_arabic_dots, "ح.ك.و.م.ة", "حكومه");
n!(
    spaced_inside_a_sentence,
    "the c.i.a report",
    "the cia report"
);
n!(
    abbreviations_kept,
    "قال د. محمد: ص.ب ١٢٣",
    "قال د محمد ص ب 123"
);
n!(
    double_space_is_a_word_gap,
    "c o r r u p t  g o v",
    "corrupt gov"
);
n!(
    long_separator_is_a_word_gap,
    "c.l.a.s.s....d.o.c.s",
    "class docs"
);
n!(comma_is_a_word_gap, "c.l.a.s.s, d.o.c.s", "class docs");
// "a b c" normalizes to "abc", so "a, b, c" must too, or normalization would not be idempotent.
n!(leftover_single_letters_joined, "a, b, c", "abc");
n!(digits_not_joined, "1 2 3", "1 2 3");
// Found by the fuzzer (seed 0x7a2a3377, #929126): a two-letter run at the very start of the text
// was taken for the neighbour of a joined run, so "d - f" was joined there and nowhere else, and
// the span "d - f،e …" of a finding on "dfe" did not fire on its own. ، (U+060C) is no joiner, so
// step 1 joins nothing here; step 3 then joins the three leftover letters, whatever comes before.
n!(
    fuzz_pair_at_text_start,
    "d - f،e appalling",
    "dfe appalling"
);
n!(
    fuzz_pair_after_word,
    "wanker d - f،e appalling",
    "wanker dfe appalling"
);
// Here "x d - f" is one run with both kinds of links, so only "d - f" is joined (spec: "T.h.e
// m.i.n.i.s.t.e.r"), and "e" is left alone.
n!(
    fuzz_pair_in_mixed_run,
    "x d - f،e appalling",
    "x df e appalling"
);
n!(
    fuzz_pair_before_glued_ta_marbuta,
    "ccwanker d - f،e ةةةةappalling",
    "ccwanker dfeه هappalling"
);
n!(
    fuzz_span_alone,
    "d - f،e ةةةةةةةةةةةةappalling",
    "dfeه هappalling"
);
// A two-letter abbreviation is not joined at the start of the text either.
n!(
    abbreviation_at_text_start_kept,
    "ص.ب ١٢٣، د ق ق",
    "ص ب 123 دقق"
);

#[test]
fn spaced_letters_do_not_depend_on_the_word_before() {
    for run in [
        "d - f،e appalling",
        "d - f،e ةةةةةةةةةةةةappalling",
        "ص.ب ١٢٣، د ق ق",
        "a.b, c",
        "a-b c d",
    ] {
        let alone = normalize(run).text;
        for before in ["wanker ", "ccwanker ", "xy, ", "word. ", "ab\n"] {
            let got = normalize(&format!("{before}{run}")).text;
            assert!(
                got.ends_with(&format!(" {alone}")),
                "{before:?} + {run:?}: {got:?}, alone {alone:?}"
            );
        }
    }
}

// Repeats.
n!(repeats, "حكوووومة baaad BAaAd", "حكومه bad bad");
n!(two_repeats_kept, "good", "good");
n!(digit_repeats_kept, "1000", "1000");
n!(arabic_repeats, "ممممنوع", "منوع");
n!(repeats_after_join, "a a a", "a");
n!(repeats_after_join_found_by_proptest, "a-a*a·", "a");
n!(repeat_made_by_homoglyph_fold, "c\u{0441}c\u{0441}", "c");
n!(repeat_then_leftover_letters, "aaa b c", "abc");
// Found by proptest: the capital is lowercased when the (blocked) word ends, making a repeat.
n!(
    repeat_made_by_late_lowercasing,
    "aaو\u{0435}\u{0435}\u{0415}",
    "aaو\u{0435}"
);

// Offset map (§3).
span!(map_marks_after_letter_included, "سرٌّ", "سر", (0, 4));
span!(
    map_marks_at_word_start_excluded,
    "x \u{064E}سر",
    "سر",
    (3, 5)
);
span!(map_lam_alef_expansion, "x \u{FEFB}", "لا", (2, 3));
span!(map_lam_alef_part, "x \u{FEFB}", "ل", (2, 3));
span!(map_repeat_covers_run, "baaad", "bad", (0, 5));
span!(map_repeat_middle, "baaad", "a", (1, 4));
span!(map_join_covers_dots, "x ح.ك.و.م.ة y", "حكومه", (2, 11));
span!(map_math_letters_two_units, "x 𝐜𝐨", "co", (2, 6));
span!(map_tatweel_inside_word, "حكـــومة", "حكومه", (0, 8));

#[test]
fn map_space_covers_the_separator_run() {
    let n = normalize("ab😀cd, !ef");
    assert_eq!(n.text, "ab cd ef");
    assert_eq!(n.source_span(2, 3), (2, 4));
    assert_eq!(n.source_span(5, 6), (6, 9));
}

#[test]
fn source_span_out_of_range_does_not_panic() {
    let n = normalize("ab");
    assert_eq!(n.source_span(0, 2), (0, 2));
    assert_eq!(n.source_span(1, 1), (0, 0));
    assert_eq!(n.source_span(0, 9), (0, 0));
}

#[test]
fn buffers_are_cleared_and_reused() {
    let mut n = Normalized::new();
    normalize_into("a long first text with many words in it", &mut n);
    let caps = (
        n.text.capacity(),
        n.src_start.capacity(),
        n.src_end.capacity(),
    );
    normalize_into("short", &mut n);
    assert_eq!(n.text, "short");
    assert_eq!((n.src_start.len(), n.src_end.len()), (5, 5));
    assert_eq!(
        (
            n.text.capacity(),
            n.src_start.capacity(),
            n.src_end.capacity()
        ),
        caps
    );
    n.clear();
    assert!(n.text.is_empty() && n.src_start.is_empty() && n.src_end.is_empty());
}

#[test]
fn is_arabic_letters() {
    for c in ['ا', 'ب', 'ه', 'ي', 'گ', 'چ', 'ء', '\u{0750}', '\u{08A0}'] {
        assert!(is_arabic(c), "{c:?}");
    }
    for c in ['a', 'z', '1', ' ', 'с', '😀', '\u{060C}'] {
        assert!(!is_arabic(c), "{c:?}");
    }
}

/// The Arabic table does what NFKD + dropping marks + the fold would do, except where the spec
/// says otherwise (ۀ → ه, not ە).
#[test]
fn arabic_table_agrees_with_nfkd() {
    for cp in 0x0600..=0x06FF_u32 {
        let c = char::from_u32(cp).unwrap();
        let mut parts = Vec::new();
        decompose_compatible(c, |d| parts.push(d));
        if parts == [c] || cp == 0x06C0 {
            continue;
        }
        let base = parts
            .iter()
            .copied()
            .find(|&d| !is_combining_mark(d) && arabic::fold(d) != arabic::DROP)
            .unwrap_or_else(|| panic!("U+{cp:04X} decomposes to marks only"));
        assert_eq!(arabic::fold(c), arabic::fold(base), "U+{cp:04X}");
    }
}

#[test]
fn arabic_table_entries_are_fixed_points() {
    for cp in 0x0600..=0x06FF_u32 {
        let c = char::from_u32(cp).unwrap();
        match arabic::fold(c) {
            arabic::DROP | arabic::SEP => {}
            d if d.is_ascii() => assert!(d.is_ascii_digit(), "U+{cp:04X}"),
            d => {
                assert!(d.is_alphanumeric(), "U+{cp:04X}");
                assert_eq!(arabic::fold(d), d, "U+{cp:04X}");
            }
        }
    }
}

/// The fast paths' assumptions: U+1F300–U+1FAFF (emoji) has no letters, digits or marks.
#[test]
fn emoji_fast_path_range_has_no_word_chars() {
    for cp in 0x1F300..=0x1FAFF_u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        assert!(!c.is_alphanumeric() && !is_combining_mark(c), "U+{cp:04X}");
    }
}

#[test]
fn homoglyph_map_is_closed_under_case() {
    for cp in 0..=0x10FFFF_u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if let Some(l) = latin::homoglyph(c) {
            assert!(l.is_ascii_lowercase(), "U+{cp:04X}");
            let lower: Vec<char> = c.to_lowercase().collect();
            assert_eq!(lower.len(), 1, "U+{cp:04X}");
            // Lowercasing in place must not grow the word (Ɡ U+A7AC → ɡ shrinks).
            assert!(lower[0].len_utf8() <= c.len_utf8(), "U+{cp:04X}");
        }
        // A capital whose lowercase is a look-alike must be one too (idempotence).
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            if l != c && latin::homoglyph(l).is_some() {
                assert!(latin::homoglyph(c).is_some(), "U+{cp:04X}");
            }
        }
    }
}

/// Every single char, alone and inside Latin and Arabic words, normalizes to a fixed point.
#[test]
fn every_char_is_idempotent() {
    let (mut once, mut twice) = (Normalized::new(), Normalized::new());
    let mut src = String::new();
    for cp in 0..=0x10FFFF_u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        for (pre, post) in [("", ""), ("ab", "cd"), ("بت", "ثج")] {
            src.clear();
            src.push_str(pre);
            src.push(c);
            src.push_str(post);
            normalize_into(&src, &mut once);
            normalize_into(&once.text, &mut twice);
            assert_eq!(twice.text, once.text, "U+{cp:04X} in {src:?}");
        }
    }
}

/// Output contract, offset-map invariants and idempotence for one input.
fn check_invariants(src: &str) {
    let n = normalize(src);
    let utf16: Vec<u16> = src.encode_utf16().collect();
    let units = utf16.len() as u32;
    assert_eq!(n.src_start.len(), n.text.len());
    assert_eq!(n.src_end.len(), n.text.len());
    assert!(
        !n.text.starts_with(' ') && !n.text.ends_with(' ') && !n.text.contains("  "),
        "spaces in {:?}",
        n.text
    );
    let on_boundary =
        |b: u32| b == 0 || b >= units || !(0xDC00..0xE000).contains(&utf16[b as usize]);
    for (i, c) in n.text.char_indices() {
        assert!(c == ' ' || c.is_alphanumeric(), "{c:?} in {:?}", n.text);
        assert!(
            c.to_lowercase().eq([c]),
            "{c:?} not lowercase in {:?}",
            n.text
        );
        let (s, e) = (n.src_start[i], n.src_end[i]);
        assert!(s < e && e <= units, "{s}..{e} of {units} for {c:?}");
        assert!(on_boundary(s) && on_boundary(e), "{s}..{e} splits a pair");
        for k in i..i + c.len_utf8() {
            assert_eq!((n.src_start[k], n.src_end[k]), (s, e), "bytes of {c:?}");
        }
    }
    assert!(
        n.src_start.windows(2).all(|w| w[0] <= w[1]),
        "starts decrease"
    );
    assert!(n.src_end.windows(2).all(|w| w[0] <= w[1]), "ends decrease");
    assert_eq!(
        normalize(&n.text).text,
        n.text,
        "not idempotent for {src:?}"
    );
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        // Arabic letters, marks, tatweel, digits, punctuation.
        "[\u{0621}-\u{064A}]{1,6}",
        "[\u{0600}-\u{06FF}]{1,4}",
        "[\u{064B}-\u{065F}\u{0670}\u{0640}]{1,3}",
        // Presentation forms and Arabic math letters.
        "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{1EE00}-\u{1EEFF}]{1,3}",
        // Invisibles and bidi controls.
        "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{00AD}\u{FE0F}]{1,2}",
        // Emoji (astral, ZWJ sequences).
        "[\u{1F300}-\u{1F6FF}]{1,2}",
        Just("👩\u{200D}👩\u{200D}👧".to_string()),
        // Combining marks after Latin letters.
        "[a-zA-Z][\u{0300}-\u{036F}]{0,2}",
        // Latin, Cyrillic/Greek look-alikes, other Cyrillic and Greek.
        "[a-zA-Z0-9]{1,6}",
        "[аеіјорсѕухһԁԛԝАВЕКМНОРСТХЅЈІУαινορυΑΒΕΖΗΚΜΝΟΡΤΥΧıɡ]{1,4}",
        "[\u{0400}-\u{04FF}\u{0370}-\u{03FF}]{1,3}",
        // Math, full-width, circled letters.
        "[\u{1D400}-\u{1D7FF}\u{FF01}-\u{FF5E}\u{24B6}-\u{24E9}]{1,3}",
        // Spaced letters and separators.
        "([a-cس-ص][ .\\-_*·•|/+~,]{1,4}){1,5}",
        "[ .\\-_*·•|/+~\n\t,!?]{1,3}",
        // Repeats.
        "(a|و|с){3,5}",
        Just("\u{FDFA}\u{FDFD}\u{FEFB}\u{FE7C}İ".to_string()),
        any::<char>().prop_map(String::from),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// No panic; per-byte ranges valid and on UTF-16 boundaries; ranges non-decreasing; the
    /// output contract holds; `normalize` is idempotent.
    #[test]
    fn invariants_hold(src in arbitrary_text()) {
        check_invariants(&src);
    }

    /// Arbitrary (not just curated) strings too.
    #[test]
    fn invariants_hold_for_any_string(src in "\\PC*") {
        check_invariants(&src);
    }
}
