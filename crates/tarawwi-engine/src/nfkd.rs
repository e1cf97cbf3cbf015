//! The compatibility decomposition that normalization needs, from a table that build.rs
//! generates with unicode-normalization (so that crate's own tables, with canonical composition
//! and combining classes normalization never uses, stay out of the binary).
//!
//! The table holds, for each char whose NFKD is not itself, its decomposition without the
//! combining marks after the first character (normalization drops a mark by stretching the span
//! of what came before it, which after the first character is the same source character: no
//! effect). Hangul syllables are decomposed by arithmetic, as unicode-normalization does. A test
//! checks, for every char, that normalization gives the same output with this table as with
//! unicode-normalization.

include!(concat!(env!("OUT_DIR"), "/nfkd_table.rs"));

/// `VALS` kinds (top two bits): one char for the whole run, one char plus the offset in the
/// run, or (2) one sequence per char of the run in `DATA` (UTF-16), found through `OFFS`.
const CONST: u32 = 0;
const INC: u32 = 1;

/// The generated table, for [`crate::normalize::Nfkd`].
pub(crate) struct Table;

impl crate::normalize::Nfkd for Table {
    #[inline]
    fn decompose(c: char, mut emit: impl FnMut(char)) {
        let cp = c as u32;
        if (0xAC00..0xAC00 + 11172).contains(&cp) {
            // Hangul syllable: leading consonant, vowel and (unless none) trailing consonant.
            let s = cp - 0xAC00;
            let t = s % 28;
            let jamo = [0x1100 + s / 588, 0x1161 + (s % 588) / 28, 0x11A7 + t];
            let n = 2 + usize::from(t != 0);
            for j in &jamo[..n] {
                emit(char::from_u32(*j).unwrap_or(c));
            }
            return;
        }
        if (0xA0..=LAST).contains(&cp) {
            let i = RUNS.partition_point(|&r| r >> 8 <= cp);
            if let Some(&r) = i.checked_sub(1).and_then(|i| RUNS.get(i)) {
                let k = cp - (r >> 8);
                if k <= r & 0xFF {
                    let v = VALS[i - 1];
                    let x = v & 0x3FFF_FFFF;
                    match v >> 30 {
                        CONST => emit(char::from_u32(x).unwrap_or(c)),
                        INC => emit(char::from_u32(x + k).unwrap_or(c)),
                        _ /* 2 */ => {
                            let j = (x + k) as usize;
                            let (a, b) = (OFFS[j] as usize, OFFS[j + 1] as usize);
                            for d in char::decode_utf16(DATA[a..b].iter().copied()) {
                                emit(d.unwrap_or(char::REPLACEMENT_CHARACTER));
                            }
                        }
                    }
                    return;
                }
            }
        }
        emit(c)
    }

    #[inline]
    fn is_combining_mark(c: char) -> bool {
        let cp = c as u32;
        if cp < 0x300 {
            return false;
        }
        let i = MARKS.partition_point(|&r| r >> 8 <= cp);
        i > 0 && cp - (MARKS[i - 1] >> 8) <= MARKS[i - 1] & 0xFF
    }
}
