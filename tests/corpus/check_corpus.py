#!/usr/bin/env python3
"""Validate a corpus file (default tests/corpus/dev.jsonl) and print its counts.

Usage: python3 tests/corpus/check_corpus.py [path/to/dev.jsonl|holdout.jsonl|blind.jsonl|blind2.jsonl]

Checks: every line is a JSON object with exactly the keys id, text, labels;
ids are unique and look like PFX-NNNN or PFX-ev-NNN, where PFX is dev, ho,
bl or b2 and is the same on every line of a file; text is a non-empty
string; labels is a list of distinct, known categories.
Prints: posts per label, per language (a script heuristic, see detect_lang),
the clean share, the number of evasion posts (ids dev-ev-*) and how many
posts hold characters that are typical of evasion (invisibles, tatweel,
homoglyphs, full-width or math letters, Arabic-Indic digits...).
The count thresholds (posts, clean share, evasions, positives per label)
apply to dev.jsonl only. Exit status 1 if any check fails.
"""
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

LABELS = ["political", "reputation", "confidential", "anonymity",
          "media", "private-audience", "interaction", "civility"]
ID_RE = re.compile(r"^(dev|ho|bl|b2)-(\d{4}|ev-\d{3})$")

# Arabic letters (not digits, not punctuation), incl. Persian/Urdu variants and
# presentation forms.
AR_LETTER = re.compile(r"[\u0621-\u064A\u0660-\u0669\u066E-\u06D3\u06D5\u06F0-\u06F9"
                       r"\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC]")
# A token written in Arabizi: Latin letters with a digit that stands for a letter.
ARABIZI_DIGIT = re.compile(r"^[a-z']*[a-z][a-z']*[235679][a-z0-9']*$|^[235679][a-z][a-z0-9']*$")
NOT_ARABIZI = {"covid19", "mp3", "mp4", "b2b", "4g", "5g", "2fa", "h2o", "a4", "m25", "t2", "y2k"}
# Common Arabizi words without a digit (Iraqi usage), counted as Arabic.
ARABIZI_WORDS = {
    "el", "il", "al", "ya", "wallah", "walla", "wallahi", "yalla", "shlon", "shaku", "maku",
    "kulish", "hwaya", "bas", "ana", "bil", "hay", "hatha", "khawana", "ismi", "agool",
    "agdar", "ma", "kulhum", "kulha", "wasta", "idara", "mudeer", "rashwa", "fasda",
    "mawadhaf", "mowadhaf", "wizara", "nithahar", "yakhuth", "kul", "mala2na", "inshallah",
    "habibi", "haram", "khosh", "zain", "hassa", "bel", "ilna", "lil", "3ala", "shino",
    "akhuya", "lazim", "hatha", "wiya", "ghair", "khalli", "kulna",
}
# Latin look-alikes in other scripts; a token using them is counted as Latin.
HOMOGLYPHS = set("аеіјорсѕухһԁԛԝАВЕКМНОРСТХЅЈІαινορυΑΒΕΖΗΚΜΝΟΡΤΥΧ")
# Characters that (almost) only appear in text written to slip past a filter.
# Tatweel, harakat, emoji ZWJ and Arabic-Indic digits also occur in ordinary text.
EVASION_HINTS = [
    ("invisible (Cf)", lambda c: unicodedata.category(c) == "Cf" and c != "\u200d"),
    ("ZWJ", lambda c: c == "\u200d"),
    ("tatweel", lambda c: c == "\u0640"),
    ("harakat", lambda c: "\u064B" <= c <= "\u0652"),
    ("Cyrillic/Greek homoglyph", lambda c: c in HOMOGLYPHS),
    ("full-width", lambda c: "\uFF01" <= c <= "\uFF5E"),
    ("math letter", lambda c: "\U0001D400" <= c <= "\U0001D7FF"),
    ("Arabic presentation form", lambda c: "\uFB50" <= c <= "\uFDFF" or "\uFE70" <= c <= "\uFEFC"),
    ("Persian/dotless letter", lambda c: c in "\u06A9\u06CC\u066E\u066F\u06A1\u06BA"),
    ("Arabic-Indic digit", lambda c: "\u0660" <= c <= "\u0669" or "\u06F0" <= c <= "\u06F9"),
]


def tokens(text):
    text = re.sub(r"https?://\S+|\S+@\S+\.\S+|@\w+", " ", text)  # URLs, e-mails, mentions
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return re.split(r"[\s,.!?;:()\[\]\"'“”‘’/|—–\-_#،؛؟…]+", text)


def detect_lang(text):
    """'ar', 'en' or 'mixed', from the scripts of the words (Arabizi counts as Arabic)."""
    ar = lat = 0
    for tok in tokens(text):
        if not tok:
            continue
        if AR_LETTER.search(tok):
            ar += 1
            continue
        folded = unicodedata.normalize("NFKC", tok).lower()
        if ARABIZI_DIGIT.match(folded) and folded not in NOT_ARABIZI:
            ar += 1
        elif folded in ARABIZI_WORDS:
            ar += 1
        elif sum(ch.isalpha() for ch in folded) >= 2:
            lat += 1
    if ar == 0:
        return "en"
    if lat >= 2 and ar >= 2 and min(ar, lat) / (ar + lat) >= 0.15:
        return "mixed"
    return "ar" if ar >= lat else "en"


def main(path):
    errors = []
    rows = []
    seen = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: bad JSON: {e}")
            continue
        if not isinstance(obj, dict) or list(obj.keys()) != ["id", "text", "labels"]:
            errors.append(f"line {n}: keys must be exactly id, text, labels (in that order)")
            continue
        i, text, labels = obj["id"], obj["text"], obj["labels"]
        if not isinstance(i, str) or not ID_RE.match(i):
            errors.append(f"line {n}: bad id {i!r}")
        elif rows and i.split("-")[0] != rows[0]["id"].split("-")[0]:
            errors.append(f"line {n}: id prefix of {i} differs from the first line's")
        elif i in seen:
            errors.append(f"line {n}: duplicate id {i}")
        seen.add(i)
        if not isinstance(text, str) or not text.strip():
            errors.append(f"line {n}: empty text")
        if not isinstance(labels, list) or any(l not in LABELS for l in labels):
            errors.append(f"line {n}: bad labels {labels!r}")
        elif len(set(labels)) != len(labels):
            errors.append(f"line {n}: repeated label in {labels!r}")
        rows.append(obj)
    texts = Counter(r["text"] for r in rows)
    for t, k in texts.items():
        if k > 1:
            errors.append(f"duplicate text x{k}: {t[:60]!r}")

    total = len(rows)
    per_label = Counter(l for r in rows for l in r["labels"])
    per_lang = Counter(detect_lang(r["text"]) for r in rows)
    label_lang = Counter((l, detect_lang(r["text"])) for r in rows for l in r["labels"])
    clean = sum(1 for r in rows if not r["labels"])
    multi = sum(1 for r in rows if len(r["labels"]) >= 2)
    evasion = [r for r in rows if "-ev-" in r["id"]]
    hints = Counter()
    for r in rows:
        for name, pred in EVASION_HINTS:
            if any(pred(c) for c in r["text"]):
                hints[(name, "evasion" if "-ev-" in r["id"] else "other")] += 1

    print(f"posts: {total}")
    print(f"clean: {clean} ({100 * clean / max(total, 1):.1f} %)   with 2+ labels: {multi}")
    print(f"evasion posts (*-ev-*): {len(evasion)}   (clean among them: "
          f"{sum(1 for r in evasion if not r['labels'])})")
    print("languages:", ", ".join(f"{k} {v} ({100 * v / total:.1f} %)"
                                  for k, v in sorted(per_lang.items())))
    print(f"{'label':18} {'total':>5} {'ar':>4} {'en':>4} {'mixed':>5}")
    for l in LABELS:
        print(f"{l:18} {per_label[l]:5} {label_lang[(l, 'ar')]:4} {label_lang[(l, 'en')]:4} "
              f"{label_lang[(l, 'mixed')]:5}")
    print("posts with evasion-type characters (evasion ids / other ids):")
    for name, _ in EVASION_HINTS:
        print(f"  {name:26} {hints[(name, 'evasion')]:3} / {hints[(name, 'other')]:3}")

    problems = list(errors)
    if Path(path).name == "dev.jsonl":
        if total < 240:
            problems.append(f"fewer than 240 posts ({total})")
        if clean < 0.45 * total:
            problems.append(f"clean share below 45 % ({clean}/{total})")
        if len(evasion) < 30:
            problems.append(f"fewer than 30 evasion posts ({len(evasion)})")
        for l in LABELS:
            if per_label[l] < 15:
                problems.append(f"label {l} has fewer than 15 positives ({per_label[l]})")
    for p in problems:
        print("ERROR:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    default = Path(__file__).with_name("dev.jsonl")
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
