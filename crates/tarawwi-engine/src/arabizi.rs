//! Arabizi: Arabic written in Latin letters and digits ("el 7ukooma fasda w 3amila"), matched
//! against the packs' Arabic terms by consonant skeleton.
//!
//! Both sides are reduced to a string of consonant classes:
//!
//! | class | Arabic | Latin |
//! |---|---|---|
//! | `B` | ب پ | b |
//! | `T` | ت ط | t 6 |
//! | `D` | د ذ ض ظ ث | d th dh 6 |
//! | `S` | س ص | s 9 |
//! | `C` | ش | sh |
//! | `Z` | ز | z |
//! | `K` | ق ك گ چ | q k ch 8 g |
//! | `J` | ج | j g |
//! | `H` | ح | 7 h |
//! | `O` | ه (not word-final) | h (not word-final) |
//! | `X` | خ | kh x 5 |
//! | `E` | ع | 3 |
//! | `G` | غ | gh |
//! | `F` | ف ڤ | f |
//! | `L` `M` `N` `R` | ل م ن ر | l m n r |
//! | (dropped) | ا و ي ء, word-final ه (ة) | vowels, w, y, 2, word-final h |
//! | `I` `U` (marks) | word-final ي; word-final و / وا | final i y ee; final o u |
//!
//! and runs of one class collapse ("dukkan" = دكان = `DKN`). A Latin letter with two readings
//! (6, g, h) is read each way, the same way throughout the word. A term's words match a run of
//! Latin words with the same skeletons; a Latin word may carry a glued article or preposition
//! (el/il/al/l, b/bil/bel/bal, lil/lel/lal, wal, fal) when the term's word may take one, a plural
//! or pronoun ending when the term allows it (suffixes per the matcher's rules), and standalone
//! clitic words ("bil", "w") may sit between the term's words; in rule windows they count with
//! the next word, as they do glued in Arabic. The hits go into the ordinary rule evaluation, so
//! findings come out as for Arabic text, with spans over the Latin words.
//!
//! **Gate**: only Latin words in an Arabizi neighbourhood are looked at. Within 8 words either
//! side there must be Arabizi signals — a word mixing letters with 3/5/6/7/8/9 or a medial 2
//! ("7ukooma", "ra8am", "da2ira") counts 2; an Arabizi function word (el, il, bil, ana, inta,
//! shinu, aku…) or a word ending in 3/7/8 ("ra7") counts 1 — totalling ≥ 2 and more than the
//! English function words there (the, is, and…), or ≥ 1 with no English function word among ≥ 3
//! Latin words. English function words themselves never match, nor do words spelled as only
//! English is (p, v, a c outside "ch", -ing, -tion…: "boycott", "election", "call"), nor words of
//! the packs' English terms. An anchor needs a skeleton of ≥ 3 consonant classes unless its rule
//! also needs `near` context (other roles ≥ 2), so "sorry" or "ten" cannot stand for a term. A
//! text with no sign costs one scan for digits and one over its short words.

use crate::matcher::{Hit, Meta, Role};
use crate::normalize::is_arabic;
use std::collections::{HashMap, HashSet};

/// Words either side that make a word's Arabizi neighbourhood.
const WINDOW: usize = 8;
/// Classes a term needs in total, by role: anchors fire on their own, so they need more.
const MIN_ANCHOR_CLASSES: usize = 3;
const MIN_OTHER_CLASSES: usize = 2;

/// One indexed term: the automaton pattern it came from and its words' skeletons.
#[derive(Clone)]
struct Entry {
    pattern: u32,
    /// Skeleton of every word after the first.
    rest: Box<[Box<str>]>,
    /// Consonant classes over all words.
    classes: u16,
    /// Per meta of the pattern: its rule has `near` groups.
    has_near: Box<[bool]>,
}

/// Arabic terms by the skeleton of their first word.
#[derive(Clone, Default)]
pub(crate) struct Index {
    by_first: HashMap<Box<str>, Vec<Entry>>,
    /// Words of the packs' English terms (those with an English function word: "the election",
    /// "off the record"): they match as written, and are never re-read as Arabizi.
    latin_words: HashSet<Box<str>>,
}

/// Consonant classes in a skeleton (digits count one each; the vowel marks I and U none).
fn consonants(s: &str) -> usize {
    s.bytes().filter(|b| !matches!(b, b'I' | b'U')).count()
}

/// Consonant class of one normalized Arabic letter; `Some(None)` for a dropped letter, `None`
/// for a letter with no Latin spelling in the table.
fn arabic_class(c: char) -> Option<Option<u8>> {
    Some(Some(match c {
        'ا' | 'و' | 'ي' | 'ى' | 'ء' => return Some(None),
        'ب' | 'پ' => b'B',
        'ت' | 'ط' => b'T',
        'د' | 'ذ' | 'ض' | 'ظ' | 'ث' => b'D',
        'س' | 'ص' => b'S',
        'ش' => b'C',
        'ز' => b'Z',
        'ق' | 'ك' | 'گ' | 'چ' => b'K',
        'ج' => b'J',
        'ح' => b'H',
        'ه' => b'O',
        'خ' => b'X',
        'ع' => b'E',
        'غ' => b'G',
        'ف' | 'ڤ' => b'F',
        'ل' => b'L',
        'م' => b'M',
        'ن' => b'N',
        'ر' => b'R',
        _ => return None,
    }))
}

fn push(out: &mut String, c: u8) {
    if out.as_bytes().last() != Some(&c) {
        out.push(c as char);
    }
}

/// Skeleton of one normalized Arabic word of a term (articles ال بال وال فال كال لل dropped when
/// ≥ 2 letters remain). `None` if a letter has no class.
pub(crate) fn arabic_skeleton(word: &str) -> Option<String> {
    let mut w = word;
    for p in ["وال", "بال", "فال", "كال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(p) {
            if rest.chars().count() >= 2 {
                w = rest;
                break;
            }
        }
    }
    if w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty() {
        return Some(w.to_string());
    }
    let mut out = String::new();
    let n = w.chars().count();
    for (i, c) in w.chars().enumerate() {
        if c == 'ه' && i + 1 == n {
            continue;
        }
        if let Some(k) = arabic_class(c)? {
            push(&mut out, k);
        }
    }
    // A word-final ي or و (وا: the plural verb ending) is kept as a vowel mark, so كلبي "my dog"
    // is not كلب "dog".
    let tail = w
        .strip_suffix('ا')
        .filter(|t| t.ends_with('و'))
        .unwrap_or(w);
    match tail.chars().last() {
        Some('ي') if n >= 2 => out.push('I'),
        Some('و') if n >= 2 => out.push('U'),
        _ => {}
    }
    Some(out)
}

/// Skeleton of one normalized Latin word (lowercase letters and digits). A word of digits only
/// keeps them ("217"). `None` for a word with digits that are not Arabizi letters (0, 1, 4).
/// `r` says how the letters with two readings are read.
pub(crate) fn latin_skeleton(word: &str, r: Reading) -> Option<String> {
    let b = word.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return Some(word.to_string());
    }
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        let (class, step) = match (b[i], next) {
            (b'k', Some(b'h')) => (Some(b'X'), 2),
            (b's', Some(b'h')) => (Some(b'C'), 2),
            (b't' | b'd', Some(b'h')) => (Some(b'D'), 2),
            (b'g', Some(b'h')) => (Some(b'G'), 2),
            (b'c', Some(b'h')) => (Some(b'K'), 2),
            (b'a' | b'e' | b'i' | b'o' | b'u' | b'w' | b'y' | b'2', _) => (None, 1),
            (b'h', None) => (None, 1),
            (b'b' | b'p', _) => (Some(b'B'), 1),
            (b't', _) => (Some(b'T'), 1),
            (b'd', _) => (Some(b'D'), 1),
            (b'6', _) => (Some(r.six), 1),
            (b'g', _) => (Some(r.g), 1),
            (b'h', _) => (Some(r.h), 1),
            (b's' | b'9', _) => (Some(b'S'), 1),
            (b'z', _) => (Some(b'Z'), 1),
            (b'q' | b'k' | b'c' | b'8', _) => (Some(b'K'), 1),
            (b'j', _) => (Some(b'J'), 1),
            (b'7', _) => (Some(b'H'), 1),
            (b'x' | b'5', _) => (Some(b'X'), 1),
            (b'3', _) => (Some(b'E'), 1),
            (b'f' | b'v', _) => (Some(b'F'), 1),
            (b'l', _) => (Some(b'L'), 1),
            (b'm', _) => (Some(b'M'), 1),
            (b'n', _) => (Some(b'N'), 1),
            (b'r', _) => (Some(b'R'), 1),
            _ => return None,
        };
        if let Some(c) = class {
            push(&mut out, c);
        }
        i += step;
    }
    // Word-final i/y/ee and o/u/oo: the vowel marks of a final ي and و (see [`arabic_skeleton`]).
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    match b.last() {
        Some(b'i' | b'y') if letters >= 2 && !out.is_empty() => out.push('I'),
        Some(b'e') if letters >= 2 && b.ends_with(b"ee") && !out.is_empty() => out.push('I'),
        Some(b'o' | b'u') if letters >= 2 && !out.is_empty() => out.push('U'),
        _ => {}
    }
    Some(out)
}

/// How the Latin letters with two readings are read: 6 is ط as often as ظ, g is ق (Iraqi) or
/// ج, h is ه or (for those who do not use 7) ح.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reading {
    six: u8,
    g: u8,
    h: u8,
}

impl Reading {
    /// Every reading of `word` (one unless it has 6, g or a standalone h).
    fn all(word: &str) -> impl Iterator<Item = Reading> {
        let b = word.as_bytes();
        let six: &[u8] = if b.contains(&b'6') { b"TD" } else { b"T" };
        let has = |c: u8| {
            (0..b.len()).any(|i| {
                b[i] == c
                    && b.get(i + 1) != Some(&b'h')
                    && (c != b'h'
                        || (i > 0 && !matches!(b[i - 1], b'k' | b's' | b't' | b'd' | b'g' | b'c')))
            })
        };
        let g: &[u8] = if has(b'g') { b"KJ" } else { b"K" };
        let h: &[u8] = if has(b'h') { b"OH" } else { b"O" };
        six.iter().flat_map(move |&six| {
            g.iter()
                .flat_map(move |&g| h.iter().map(move |&h| Reading { six, g, h }))
        })
    }
}

/// Arabizi function words (not English words): one point of Arabizi signal each.
const FUNCTION_WORDS: &[&str] = &[
    "el", "il", "bil", "bel", "bl", "wel", "wil", "wl", "lel", "lil", "mn", "shinu", "shnu",
    "shno", "shu", "aku", "akoo", "maku", "ana", "inta", "enta", "inti", "enti", "intu", "entu",
    "ihna", "e7na", "i7na", "hatha", "hathi", "hadha", "hadhi", "hay", "hiya", "huwa", "howa",
    "3an", "3al", "3ala", "wiya", "weya", "ya", "wa", "kul", "kil", "laish", "leish", "lesh",
    "msh", "mish", "mu", "wallah", "walla", "yalla", "ra7",
];

/// The longest function word, in bytes.
const FUNCTION_WORD_MAX: usize = 6;

/// A 1 024-bit filter of the function words' (length, first, second, last byte): most words of
/// a text are rejected by one bit test before they are looked up (≤ 55 of 1 024 bits are set).
const FUNCTION_WORD_FILTER: [u64; 16] = {
    let mut bits = [0u64; 16];
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let w = FUNCTION_WORDS[i].as_bytes();
        assert!(w.len() >= 2 && w.len() <= FUNCTION_WORD_MAX);
        let h = filter_slot(w);
        bits[h / 64] |= 1 << (h % 64);
        i += 1;
    }
    bits
};

/// The bit of a word of 2 ..= [`FUNCTION_WORD_MAX`] bytes in [`FUNCTION_WORD_FILTER`].
const fn filter_slot(w: &[u8]) -> usize {
    let h = (w.len() as u32)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add((w[0] as u32).wrapping_mul(0x85EB_CA6B))
        .wrapping_add((w[1] as u32).wrapping_mul(0xC2B2_AE35))
        .wrapping_add((w[w.len() - 1] as u32).wrapping_mul(0x27D4_EB2F));
    (h >> 22) as usize
}

/// The function words as integers ([`word_key`]), sorted for a binary search.
const FUNCTION_WORD_KEYS: [u64; FUNCTION_WORDS.len()] = sorted_keys(FUNCTION_WORDS);

/// Words of ≤ 7 bytes as sorted integers ([`word_key`]), for a binary search.
const fn sorted_keys<const N: usize>(words: &[&str]) -> [u64; N] {
    assert!(words.len() == N);
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N {
        // Insertion sort: the lists are short and this runs at compile time.
        assert!(words[i].len() <= 7);
        let k = word_key(words[i].as_bytes());
        let mut j = i;
        while j > 0 && keys[j - 1] > k {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = k;
        i += 1;
    }
    keys
}

/// A word of ≤ 7 bytes as an integer: its bytes, then zeros, then its length in the top byte.
const fn word_key(w: &[u8]) -> u64 {
    let mut key = (w.len() as u64) << 56;
    let mut i = 0;
    while i < w.len() {
        key |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Is `w` one of [`FUNCTION_WORDS`]?
fn is_function_word(w: &str) -> bool {
    is_function_word_bytes(w.as_bytes())
}

/// [`is_function_word`] of a word's bytes.
#[inline]
fn is_function_word_bytes(b: &[u8]) -> bool {
    (2..=FUNCTION_WORD_MAX).contains(&b.len()) && {
        let h = filter_slot(b);
        FUNCTION_WORD_FILTER[h / 64] & (1 << (h % 64)) != 0
            && FUNCTION_WORD_KEYS.binary_search(&word_key(b)).is_ok()
    }
}

/// Common English function words: they count against the Arabizi signal and never match.
const ENGLISH_WORDS: &[&str] = &[
    "the", "a", "an", "is", "are", "was", "were", "be", "been", "to", "of", "and", "in", "on",
    "at", "for", "with", "it", "its", "this", "that", "i", "you", "he", "she", "we", "they", "my",
    "your", "our", "his", "her", "their", "not", "but", "or", "have", "has", "had", "do", "does",
    "did", "will", "would", "from", "by", "as", "so", "if", "me", "what", "who", "all", "just",
    "about", "can", "there",
];

/// [`ENGLISH_WORDS`] as sorted integers.
const ENGLISH_WORD_KEYS: [u64; ENGLISH_WORDS.len()] = sorted_keys(ENGLISH_WORDS);

/// Is `w` one of [`ENGLISH_WORDS`]? (Asked of every Latin word a search for Arabizi meets.)
fn is_english_word(w: &str) -> bool {
    w.len() <= 7
        && ENGLISH_WORD_KEYS
            .binary_search(&word_key(w.as_bytes()))
            .is_ok()
}

/// Common English words (sorted): never read as Arabizi, however Arabizi the neighbourhood. Many
/// have the skeleton of an Arabic word ("sorry" = سوريا, "seen" = سن, "dead" = ضد), and in mixed
/// Iraqi-English posts they are English.
const COMMON_ENGLISH: &[&str] = &[
    "again",
    "ago",
    "air",
    "also",
    "always",
    "among",
    "another",
    "any",
    "anyone",
    "anything",
    "area",
    "arm",
    "army",
    "around",
    "art",
    "ask",
    "away",
    "baby",
    "back",
    "bad",
    "bag",
    "ball",
    "bank",
    "bar",
    "base",
    "bed",
    "best",
    "better",
    "big",
    "bill",
    "bird",
    "bit",
    "black",
    "blood",
    "blue",
    "board",
    "boat",
    "body",
    "book",
    "born",
    "both",
    "box",
    "boy",
    "break",
    "bring",
    "brother",
    "brown",
    "build",
    "business",
    "busy",
    "buy",
    "call",
    "came",
    "car",
    "card",
    "care",
    "case",
    "cat",
    "catch",
    "cause",
    "center",
    "certain",
    "chair",
    "chance",
    "change",
    "charge",
    "check",
    "child",
    "children",
    "city",
    "class",
    "clear",
    "close",
    "cold",
    "come",
    "common",
    "cost",
    "could",
    "country",
    "course",
    "cover",
    "cross",
    "cut",
    "dad",
    "dark",
    "date",
    "daughter",
    "day",
    "dead",
    "deal",
    "dear",
    "death",
    "decide",
    "deep",
    "degree",
    "desk",
    "did",
    "different",
    "dinner",
    "doctor",
    "dog",
    "done",
    "door",
    "down",
    "draw",
    "dream",
    "dress",
    "drink",
    "drive",
    "drop",
    "dry",
    "due",
    "during",
    "duty",
    "each",
    "early",
    "earth",
    "east",
    "easy",
    "eat",
    "eight",
    "either",
    "else",
    "end",
    "enough",
    "even",
    "evening",
    "ever",
    "every",
    "eye",
    "face",
    "fact",
    "fair",
    "fall",
    "family",
    "far",
    "fast",
    "fat",
    "father",
    "fear",
    "feel",
    "feet",
    "felt",
    "few",
    "field",
    "fight",
    "fill",
    "film",
    "final",
    "find",
    "fine",
    "fire",
    "first",
    "fish",
    "five",
    "floor",
    "fly",
    "follow",
    "food",
    "foot",
    "force",
    "form",
    "four",
    "free",
    "friday",
    "friend",
    "front",
    "full",
    "fund",
    "game",
    "garden",
    "gave",
    "get",
    "girl",
    "give",
    "given",
    "glad",
    "go",
    "god",
    "gold",
    "gone",
    "good",
    "got",
    "great",
    "green",
    "ground",
    "group",
    "grow",
    "guess",
    "gun",
    "guy",
    "hair",
    "half",
    "hall",
    "hand",
    "happen",
    "happy",
    "hard",
    "hat",
    "hate",
    "head",
    "hear",
    "heard",
    "heart",
    "heat",
    "help",
    "here",
    "high",
    "hill",
    "him",
    "hit",
    "hold",
    "hole",
    "home",
    "hope",
    "horse",
    "hot",
    "hour",
    "house",
    "how",
    "huge",
    "hundred",
    "husband",
    "idea",
    "inside",
    "into",
    "job",
    "join",
    "joke",
    "just",
    "keen",
    "keep",
    "key",
    "kid",
    "kill",
    "kind",
    "king",
    "knew",
    "know",
    "known",
    "lady",
    "land",
    "large",
    "last",
    "late",
    "later",
    "laugh",
    "law",
    "lay",
    "lead",
    "learn",
    "least",
    "leave",
    "left",
    "leg",
    "less",
    "let",
    "lie",
    "life",
    "light",
    "like",
    "line",
    "list",
    "little",
    "live",
    "long",
    "look",
    "lord",
    "lost",
    "lot",
    "loud",
    "love",
    "low",
    "lunch",
    "made",
    "main",
    "major",
    "make",
    "man",
    "many",
    "mark",
    "market",
    "matter",
    "may",
    "maybe",
    "meal",
    "mean",
    "meat",
    "media",
    "meet",
    "member",
    "men",
    "middle",
    "might",
    "milk",
    "million",
    "mind",
    "minute",
    "miss",
    "mister",
    "model",
    "moment",
    "monday",
    "money",
    "month",
    "moon",
    "more",
    "morning",
    "most",
    "mother",
    "mouth",
    "move",
    "movie",
    "much",
    "music",
    "must",
    "myself",
    "name",
    "nation",
    "nature",
    "near",
    "need",
    "never",
    "new",
    "news",
    "next",
    "nice",
    "night",
    "nine",
    "none",
    "nor",
    "north",
    "nose",
    "note",
    "nothing",
    "now",
    "number",
    "off",
    "office",
    "often",
    "oil",
    "old",
    "once",
    "one",
    "only",
    "open",
    "order",
    "other",
    "out",
    "over",
    "own",
    "page",
    "paid",
    "pain",
    "paper",
    "park",
    "part",
    "party",
    "pass",
    "past",
    "pay",
    "peace",
    "people",
    "per",
    "pick",
    "piece",
    "place",
    "plan",
    "play",
    "please",
    "point",
    "police",
    "poor",
    "post",
    "power",
    "press",
    "pretty",
    "price",
    "problem",
    "put",
    "question",
    "quick",
    "quiet",
    "quite",
    "race",
    "radio",
    "rain",
    "raise",
    "rather",
    "reach",
    "read",
    "ready",
    "real",
    "really",
    "reason",
    "red",
    "remember",
    "report",
    "rest",
    "rich",
    "ride",
    "right",
    "ring",
    "rise",
    "river",
    "road",
    "rock",
    "roll",
    "room",
    "rose",
    "round",
    "rule",
    "run",
    "sad",
    "safe",
    "said",
    "sale",
    "sales",
    "salt",
    "same",
    "sand",
    "sat",
    "save",
    "say",
    "school",
    "sea",
    "seat",
    "second",
    "see",
    "seem",
    "seen",
    "sell",
    "send",
    "sense",
    "set",
    "seven",
    "shall",
    "share",
    "sheet",
    "ship",
    "shoe",
    "shop",
    "short",
    "shot",
    "should",
    "shoulder",
    "show",
    "shut",
    "sick",
    "side",
    "sign",
    "silly",
    "simple",
    "since",
    "single",
    "sir",
    "sister",
    "sit",
    "six",
    "size",
    "skin",
    "sky",
    "sleep",
    "slim",
    "slow",
    "small",
    "smart",
    "smile",
    "snow",
    "soft",
    "soldier",
    "some",
    "someone",
    "something",
    "sometimes",
    "son",
    "song",
    "soon",
    "sorry",
    "sort",
    "sorted",
    "soul",
    "sound",
    "south",
    "speak",
    "special",
    "spend",
    "spring",
    "staff",
    "stand",
    "star",
    "start",
    "state",
    "stay",
    "still",
    "stone",
    "stood",
    "stop",
    "store",
    "storm",
    "story",
    "street",
    "strong",
    "study",
    "stuff",
    "such",
    "sugar",
    "suit",
    "summer",
    "sun",
    "sunday",
    "sure",
    "sweet",
    "system",
    "table",
    "take",
    "talk",
    "tall",
    "tax",
    "tea",
    "teacher",
    "team",
    "teeth",
    "tell",
    "ten",
    "term",
    "test",
    "than",
    "thank",
    "thanks",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thin",
    "thing",
    "think",
    "third",
    "this",
    "those",
    "three",
    "through",
    "thus",
    "time",
    "tired",
    "title",
    "today",
    "together",
    "told",
    "tomorrow",
    "tonight",
    "too",
    "took",
    "top",
    "total",
    "touch",
    "tough",
    "tour",
    "toward",
    "town",
    "trade",
    "train",
    "travel",
    "tree",
    "tried",
    "trip",
    "true",
    "trust",
    "truth",
    "try",
    "turn",
    "twelve",
    "twenty",
    "twice",
    "type",
    "ugly",
    "uncle",
    "under",
    "unit",
    "until",
    "upon",
    "upper",
    "used",
    "user",
    "usual",
    "very",
    "visit",
    "voice",
    "vote",
    "wait",
    "walk",
    "wall",
    "want",
    "war",
    "warm",
    "wash",
    "watch",
    "water",
    "way",
    "wear",
    "weather",
    "week",
    "weekend",
    "weight",
    "well",
    "went",
    "west",
    "when",
    "where",
    "while",
    "white",
    "whole",
    "whom",
    "whose",
    "why",
    "wide",
    "wife",
    "wild",
    "win",
    "wind",
    "window",
    "wine",
    "winter",
    "wise",
    "wish",
    "woman",
    "women",
    "wonder",
    "wood",
    "word",
    "work",
    "world",
    "worry",
    "worse",
    "worst",
    "worth",
    "write",
    "wrong",
    "yard",
    "yeah",
    "year",
    "yellow",
    "yes",
    "yet",
    "young",
];

fn is_common_english(w: &str) -> bool {
    COMMON_ENGLISH.binary_search(&w).is_ok()
}

/// Spelling that Arabizi does not use: p, v, c other than in "ch", and English endings
/// (-ing, -tion, -ment, -ness). Such a word ("boycott", "election", "government") is English.
fn looks_english(w: &str) -> bool {
    let b = w.as_bytes();
    let lone_c = (0..b.len()).any(|i| b[i] == b'c' && b.get(i + 1) != Some(&b'h'));
    lone_c
        || b.contains(&b'p')
        || b.contains(&b'v')
        || ["ing", "tion", "ment", "ness"]
            .iter()
            .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
}

/// Standalone clitics that may stand between a term's words ("bil 8adiya" for بالقضية). In Arabic
/// they are glued to the next word, so rule windows count them as part of it.
const CLITIC_WORDS: &[&str] = &[
    "el", "il", "al", "l", "bil", "bel", "bl", "b", "lil", "lel", "ll", "wel", "wil", "wl", "w",
    "wa", "o", "fa", "f",
];

/// [`CLITIC_WORDS`] as sorted integers.
const CLITIC_KEYS: [u64; CLITIC_WORDS.len()] = sorted_keys(CLITIC_WORDS);

/// Is `w` one of [`CLITIC_WORDS`]? (Asked of every word of a text with Arabizi hits: an
/// integer compare, not a string compare per candidate.)
pub(crate) fn is_clitic_word(w: &str) -> bool {
    w.len() <= 3 && CLITIC_KEYS.binary_search(&word_key(w.as_bytes())).is_ok()
}

/// Is an ASCII word a strong Arabizi sign: a letter-digit mix with an Arabizi digit between
/// letters ("ra8am", "da2ira"), or 3/5/6/7/8/9 before ≥ 2 letters ("7ukooma", "3amila"), but not
/// an English number word ("7am", "5th", "9pm", "3rd", "6ft")?
fn is_strong(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 3 || !b.iter().any(u8::is_ascii_digit) || !b.iter().any(u8::is_ascii_alphabetic) {
        return false;
    }
    let arabizi_digit = |c: u8| matches!(c, b'2' | b'3' | b'5' | b'6' | b'7' | b'8' | b'9');
    for i in 0..b.len() {
        if !arabizi_digit(b[i]) {
            continue;
        }
        let before = i > 0 && b[i - 1].is_ascii_alphabetic();
        let after = b.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        if before && after {
            return true;
        }
        let letters_after = b[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if i == 0 && b[i] != b'2' && letters_after >= 2 {
            let tail = &w[1..];
            let unit = matches!(
                tail,
                "am" | "pm"
                    | "th"
                    | "st"
                    | "nd"
                    | "rd"
                    | "ft"
                    | "km"
                    | "kg"
                    | "cm"
                    | "mm"
                    | "mb"
                    | "gb"
                    | "tb"
                    | "yo"
                    | "yr"
                    | "yrs"
                    | "hr"
                    | "hrs"
                    | "min"
                    | "mins"
            );
            if !unit {
                return true;
            }
        }
    }
    false
}

/// A weak Arabizi sign: ≥ 3 letters (one a vowel) and a final ح ع ق digit ("ra7", "tala3",
/// "osura8"). Product names ("win7", "iphone8") look the same, so it counts 1, like a function
/// word.
fn is_weak(w: &str) -> bool {
    let b = w.as_bytes();
    let Some((&last, head)) = b.split_last() else {
        return false;
    };
    matches!(last, b'3' | b'7' | b'8')
        && head.len() >= 2
        && head.iter().all(u8::is_ascii_alphabetic)
        && head
            .iter()
            .any(|c| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'))
}

/// Whether `text` (normalized) can have Arabizi occurrences at all: it has Latin letters and
/// some Arabizi sign. Cheap, and needs no index (the matcher builds its index on first need).
pub(crate) fn worth_searching(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphabetic()) && any_signal(text)
}

/// Is there any Arabizi sign in `text`? The same test as [`points`], cheaper: function words
/// are looked up through [`FUNCTION_WORD_FILTER`] (only words of 2 ..= [`FUNCTION_WORD_MAX`]
/// bytes can be one), and strong and weak signs, which need a digit in the word, are looked for
/// only if the text has a digit (one vectorized scan).
fn any_signal(text: &str) -> bool {
    let digits = has_digit(text.as_bytes());
    any_word(text.as_bytes(), |r| {
        is_function_word_bytes(&text.as_bytes()[r.clone()]) || {
            let w = &text[r];
            digits && (is_strong(w) || is_weak(w))
        }
    })
}

/// Does `f` hold for the byte range of any word of `b` (words are separated by single spaces)?
/// The spaces are found eight bytes at a time.
fn any_word(b: &[u8], mut f: impl FnMut(std::ops::Range<usize>) -> bool) -> bool {
    let mut start = 0;
    let mut chunks = b.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let v = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let mut spaces = zero_bytes(v ^ 0x2020_2020_2020_2020);
        while spaces != 0 {
            let at = k * 8 + (spaces.trailing_zeros() / 8) as usize;
            if f(start..at) {
                return true;
            }
            start = at + 1;
            spaces &= spaces - 1;
        }
    }
    let tail = b.len() - chunks.remainder().len();
    for (at, &c) in b.iter().enumerate().skip(tail) {
        if c == b' ' {
            if f(start..at) {
                return true;
            }
            start = at + 1;
        }
    }
    f(start..b.len())
}

/// `0x80` in each byte of `v` that is zero, `0` in the others (exact: no borrow between bytes).
#[inline]
fn zero_bytes(v: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((v & LOW7).wrapping_add(LOW7)) | v | LOW7)
}

/// Does `b` have an ASCII digit? In blocks without an early exit inside, which compilers
/// vectorize (natively and with WASM `simd128`).
fn has_digit(b: &[u8]) -> bool {
    b.chunks(256)
        .any(|block| block.iter().fold(false, |any, c| any | c.is_ascii_digit()))
}

/// Signal points of one normalized word: (Arabizi, English, is a Latin word).
fn points(w: &str) -> (u32, u32, bool) {
    let b = w.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_alphanumeric) {
        return (0, 0, false);
    }
    if is_strong(w) {
        (2, 0, true)
    } else if is_function_word(w) || is_weak(w) {
        (1, 0, true)
    } else if is_english_word(w) {
        (0, 1, true)
    } else {
        (0, 0, b.iter().any(u8::is_ascii_alphabetic))
    }
}

impl Index {
    /// Indexes one automaton pattern (normalized, article stripped) if all its words are Arabic
    /// (or numbers) and it has enough consonants for the strictest role it is used in.
    pub fn add_pattern(&mut self, pattern: u32, text: &str, metas: &[Meta], has_near: &[bool]) {
        if metas.iter().all(|m| m.requires_suffix) {
            return;
        }
        if text.split(' ').any(is_english_word) {
            for w in text.split(' ') {
                if w.bytes().any(|b| b.is_ascii_alphabetic()) && w.is_ascii() {
                    self.latin_words.insert(w.into());
                }
            }
        }
        let mut skels: Vec<Box<str>> = Vec::new();
        for w in text.split(' ') {
            let arabic = w.chars().all(is_arabic);
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            if !(arabic || digits) {
                return;
            }
            match arabic_skeleton(w) {
                Some(s) if !s.is_empty() => skels.push(s.into()),
                _ => return,
            }
        }
        if skels.iter().all(|s| s.bytes().all(|b| b.is_ascii_digit())) {
            return;
        }
        let classes: usize = skels.iter().map(|s| consonants(s)).sum();
        if classes < MIN_OTHER_CLASSES {
            return;
        }
        let first = skels.remove(0);
        self.by_first.entry(first).or_default().push(Entry {
            pattern,
            rest: skels.into_boxed_slice(),
            classes: classes.min(u16::MAX as usize) as u16,
            has_near: metas
                .iter()
                .map(|m| has_near.get(m.rule as usize).copied().unwrap_or(false))
                .collect(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Appends the Arabizi hits in `text` (normalized) to `out`. `metas` by pattern id. Returns
    /// whether it added any.
    #[allow(dead_code)] // the matcher checks `worth_searching` before building its index
    pub fn find(&self, text: &str, metas: &[Vec<Meta>], out: &mut Vec<Hit>) -> bool {
        if self.is_empty() || !worth_searching(text) {
            return false;
        }
        self.search(text, metas, out)
    }

    /// [`Index::find`] for a text that is [`worth_searching`].
    pub fn search(&self, text: &str, metas: &[Vec<Meta>], out: &mut Vec<Hit>) -> bool {
        let before = out.len();
        let words: Vec<(usize, &str)> = {
            let mut v = Vec::new();
            let mut at = 0;
            for w in text.split(' ') {
                v.push((at, w));
                at += w.len() + 1;
            }
            v
        };
        let pts: Vec<(u32, u32, bool)> = words.iter().map(|(_, w)| points(w)).collect();
        // Prefix sums of (Arabizi, English, Latin words).
        let mut sums = vec![(0u32, 0u32, 0u32); pts.len() + 1];
        for (i, p) in pts.iter().enumerate() {
            let s = sums[i];
            sums[i + 1] = (s.0 + p.0, s.1 + p.1, s.2 + u32::from(p.2));
        }
        let eligible = |i: usize| -> bool {
            let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(pts.len()));
            let (a, e, l) = (
                sums[hi].0 - sums[lo].0,
                sums[hi].1 - sums[lo].1,
                sums[hi].2 - sums[lo].2,
            );
            (a >= 2 && a > e) || (a >= 1 && e == 0 && l >= 3)
        };
        // Candidate skeletons per word: (skeleton, clitic stripped, suffix stripped: 0 none,
        // 1 pronoun, 2 plural).
        let cands: Vec<Vec<Cand>> = words
            .iter()
            .enumerate()
            .map(|(i, (_, w))| {
                if pts[i].2
                    && pts[i].1 == 0
                    && !looks_english(w)
                    && !is_common_english(w)
                    && eligible(i)
                    && !self.latin_words.contains(*w)
                {
                    candidates(w)
                } else {
                    Vec::new()
                }
            })
            .collect();
        for i in 0..words.len() {
            for c in &cands[i] {
                let Some(entries) = self.by_first.get(c.skel.as_str()) else {
                    continue;
                };
                for e in entries {
                    let Some(last) = self.match_rest(e, &words, &cands, i) else {
                        continue;
                    };
                    let last_cand = if e.rest.is_empty() { Some(c) } else { last.1 };
                    let start = words[i].0;
                    let end = words[last.0].0 + words[last.0].1.len();
                    for (m, &near) in metas[e.pattern as usize].iter().zip(e.has_near.iter()) {
                        if m.requires_suffix {
                            continue;
                        }
                        let need = if m.role == Role::Anchor && !near {
                            MIN_ANCHOR_CLASSES
                        } else {
                            MIN_OTHER_CLASSES
                        };
                        if (e.classes as usize) < need {
                            continue;
                        }

                        if c.clitic && !(m.arabic_first && m.first_len >= 3) {
                            continue;
                        }
                        let suffix = last_cand.map_or(Suffix::None, |c| c.suffix);
                        let suffix_ok = match suffix {
                            Suffix::None => true,
                            Suffix::Pronoun => m.wildcard || (m.arabic_last && m.last_len >= 3),
                            Suffix::Plural => m.wildcard || m.suffixes,
                        };
                        if !suffix_ok {
                            continue;
                        }
                        out.push(Hit {
                            rule: m.rule,
                            role: m.role,
                            start,
                            end,
                        });
                    }
                }
            }
        }
        out.len() > before
    }

    /// Matches the words of `e` after the first against the words after `i` (skipping standalone
    /// clitics between them). The last word's index, and the candidate it matched with (`None`
    /// for a one-word term).
    fn match_rest<'a>(
        &self,
        e: &Entry,
        words: &[(usize, &str)],
        cands: &'a [Vec<Cand>],
        i: usize,
    ) -> Option<(usize, Option<&'a Cand>)> {
        let mut at = i;
        let mut last = None;
        for (k, want) in e.rest.iter().enumerate() {
            let mut j = at + 1;
            while j < words.len() && is_clitic_word(words[j].1) {
                j += 1;
            }
            let final_word = k + 1 == e.rest.len();
            let found = cands
                .get(j)?
                .iter()
                .find(|c| c.skel.as_str() == &**want && (final_word || c.suffix == Suffix::None))?;
            at = j;
            last = Some(found);
        }
        Some((at, last))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Suffix {
    None,
    Pronoun,
    Plural,
}

/// One reading of a Latin word.
#[derive(Debug)]
struct Cand {
    skel: String,
    /// A glued article or preposition was taken off the front.
    clitic: bool,
    suffix: Suffix,
}

/// Glued clitics taken off the front of a Latin word (each that leaves ≥ 3 chars).
const LATIN_PREFIXES: &[&str] = &[
    "wal", "wel", "wil", "wl", "bal", "bil", "bel", "bl", "lal", "lil", "lel", "ll", "fal", "fil",
    "el", "il", "al", "b", "l",
];
/// Endings taken off the end: plural (-een, -oon, -at, -in, -un) and pronoun (-ha, -hum, -na,
/// -kum, -ak, -ek, -ich).
const LATIN_PLURALS: &[&str] = &["een", "ein", "oon", "aat", "in", "un", "on", "at", "en"];
const LATIN_PRONOUNS: &[&str] = &[
    "hum", "hom", "kum", "kom", "ich", "ha", "na", "ak", "ek", "ik",
];

/// The readings of a Latin word: as written, without a glued clitic, without an ending, with
/// each reading of its ambiguous letters.
fn candidates(w: &str) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    let mut add = |body: &str, clitic: bool, suffix: Suffix| {
        for r in Reading::all(body) {
            let Some(skel) = latin_skeleton(body, r) else {
                continue;
            };
            let dup = out
                .iter()
                .any(|c| c.skel == skel && c.clitic == clitic && c.suffix == suffix);
            if !skel.is_empty() && !dup {
                out.push(Cand {
                    skel,
                    clitic,
                    suffix,
                });
            }
        }
    };
    let bodies = std::iter::once((w, false)).chain(
        LATIN_PREFIXES
            .iter()
            .filter_map(|p| w.strip_prefix(p))
            .filter(|r| r.len() >= 3)
            .map(|r| (r, true)),
    );
    for (body, clitic) in bodies {
        add(body, clitic, Suffix::None);
        for (list, kind) in [
            (LATIN_PLURALS, Suffix::Plural),
            (LATIN_PRONOUNS, Suffix::Pronoun),
        ] {
            for s in list {
                if let Some(stem) = body.strip_suffix(s) {
                    if stem.len() >= 3 {
                        add(stem, clitic, kind);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(w: &str) -> String {
        arabic_skeleton(&crate::normalize::normalize(w).text).expect("classes")
    }
    fn la(w: &str) -> Vec<String> {
        candidates(w)
            .into_iter()
            .filter(|c| !c.clitic && c.suffix == Suffix::None)
            .map(|c| c.skel)
            .collect()
    }

    #[test]
    fn skeletons_of_both_scripts_agree() {
        for (a, l) in [
            ("الحكومة", "7ukooma"),
            ("حكومة", "7kooma"),
            ("فاسدة", "fasda"),
            ("عميلة", "3ameela"),
            ("كلب", "chalb"),
            ("كلب", "kalb"),
            ("حمار", "7mar"),
            ("مصدر", "ma9dar"),
            ("داخل", "da5il"),
            ("داخل", "dakhel"),
            ("المحكمة", "m7kme"),
            ("القاضي", "8adi"),
            ("القاضي", "qadhi"),
            ("دكان", "dukkan"),
            ("صارت", "9arat"),
            ("مهزلة", "mahzalah"),
            ("الموظفين", "mwa6feen"),
            ("رقم", "ra8am"),
            ("شنو", "shinu"),
            ("الدائرة", "da2ira"),
        ] {
            assert!(la(l).contains(&ar(a)), "{a} {} / {l} {:?}", ar(a), la(l));
        }
        assert_eq!(la("217"), ["217"]);
        let r = Reading::all("x").next().expect("one reading");
        assert!(latin_skeleton("covid10", r).is_none());
        // Distinct in Arabizi and kept apart: ت ط (t) and د ذ ض ظ (d, dh, th); كلبي is not كلب.
        assert_ne!(ar("قطر"), ar("قذر"));
        assert!(la("agdar").contains(&ar("قذر")) && !la("agdar").contains(&ar("قطر")));
        assert_ne!(ar("كلبي"), ar("كلب"));
        // ج is not ق/ك (j), ح is not ه (7); g and h are read both ways.
        assert_ne!(ar("جديدة"), ar("قضية"));
        assert!(!la("jdida").contains(&ar("قضية")));
        assert!(!la("wa7d").contains(&ar("هذا")));
        assert!(la("gabul").contains(&ar("قبل")));
        assert!(la("mahkama").contains(&ar("محكمة")));
        assert!(candidates("balmibaraa")
            .iter()
            .any(|c| c.clitic && c.skel == ar("مباراة")));
        assert_eq!(la("kalbi"), [ar("كلبي")]);
        assert!(latin_skeleton("x1y", r).is_none());
    }

    #[test]
    fn clitics_and_endings_give_extra_readings() {
        let skels =
            |w: &str| -> Vec<String> { candidates(w).into_iter().map(|c| c.skel).collect() };
        assert!(skels("il7kooma").contains(&"HKM".to_string()));
        assert!(skels("bil8adiya").contains(&"KD".to_string()));
        assert!(skels("fasdeen").contains(&"FSD".to_string()));
    }

    #[test]
    fn the_quick_scan_agrees_with_points() {
        for t in [
            "the madam will call you at ten",
            "el wizara",
            "7ukooma",
            "ra7 aku",
            "covid19 7am 3rd",
            "wallah",
            "مرحبا el",
            "",
            " el ",
            "the  end wallah",
            "win7",
            "ra8am da2ira",
            "e7na",
        ] {
            let slow = t.split(' ').any(|w| points(w).0 > 0);
            assert_eq!(any_signal(t), slow, "{t}");
        }
    }

    #[test]
    fn the_function_word_filter_loses_no_word() {
        // Every function word, and words one byte away from one (changed, cut or extended),
        // get the same answer as a plain lookup in the list.
        let mut words: Vec<String> = Vec::new();
        for w in FUNCTION_WORDS {
            words.push(w.to_string());
            for i in 0..w.len() {
                for c in ('a'..='z').chain('0'..='9') {
                    let mut v = w.as_bytes().to_vec();
                    v[i] = c as u8;
                    words.push(String::from_utf8(v).unwrap());
                }
                words.push(format!("{}{}", &w[..i], &w[i + 1..]));
            }
            words.push(format!("{w}a"));
        }
        words.extend(COMMON_ENGLISH.iter().map(|w| w.to_string()));
        words.extend(
            CLITIC_WORDS
                .iter()
                .flat_map(|w| [w.to_string(), format!("{w}l")]),
        );
        words.extend(["و", "ال", "ب"].map(String::from));
        words.extend(
            ENGLISH_WORDS
                .iter()
                .flat_map(|w| [w.to_string(), format!("{w}s")]),
        );
        for w in &words {
            let word = w.as_str();
            assert_eq!(is_function_word(w), FUNCTION_WORDS.contains(&word), "{w}");
            assert_eq!(is_clitic_word(w), CLITIC_WORDS.contains(&word), "{w}");
            assert_eq!(is_english_word(w), ENGLISH_WORDS.contains(&word), "{w}");
        }
        let joined = words.join(" ");
        let slow = joined.split(' ').any(|w| points(w).0 > 0);
        assert_eq!(any_signal(&joined), slow);
    }

    #[test]
    fn common_english_words_are_sorted_and_never_arabizi() {
        assert!(COMMON_ENGLISH.windows(2).all(|w| w[0] < w[1]));
        assert!(is_common_english("sorry") && !is_common_english("wizara"));
    }

    #[test]
    fn english_is_not_arabizi() {
        for w in [
            "the", "madam", "call", "ten", "sorry", "7am", "5th", "3rd", "9pm", "covid19", "mp3",
        ] {
            assert_eq!(points(w).0, 0, "{w}");
        }
        for w in [
            "7ukooma", "3amila", "ra8am", "da2ira", "ma7kama", "el", "shinu", "inta", "7qera2",
            "ra7", "osura8", "halmraj3",
        ] {
            assert!(points(w).0 > 0, "{w}");
        }
        for w in [
            "boycott",
            "election",
            "call",
            "government",
            "department",
            "meeting",
        ] {
            assert!(looks_english(w), "{w}");
        }
        for w in [
            "7ukooma", "kalb", "chalb", "fashil", "wizara", "mudeer", "shinu", "dukkan",
        ] {
            assert!(!looks_english(w), "{w}");
        }
    }
}
