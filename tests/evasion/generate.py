#!/usr/bin/env python3
"""Generates tests/evasion/cases.jsonl: each base violation (flagged by the engine in plain form)
rewritten with every evasion technique that applies to its script.

    python3 tests/evasion/generate.py            # rewrites cases.jsonl (deterministic)

Row: {"id", "technique", "text", "category"}: `category` is the category the plain form is
flagged for; a variant is detected when the engine reports a finding of that category.
`crates/tarawwi-engine/tests/evasion.rs` reads the file and prints recall per technique.
"""
import json
import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# (id, category, text, [Arabizi spellings as people write them]). Arabic first, then English.
BASES = [
    ("ar-gov-corrupt", "political", "الحكومة فاسدة وعميلة",
     ["el 7ukooma fasda w 3amila", "il7kooma faasida wa3ameela"]),
    ("ar-boss-thief", "reputation", "المدير حرامي وفاشل",
     ["el mudeer 7arami w fashel", "al mudir 7aramy o fashil"]),
    ("ar-secret-doc", "confidential", "هذه الوثيقة سرية لا تنشروها",
     ["hathi el wathee8a sirriya la tinshirooha", "hadi el wathiqa serrya la tnshroha"]),
    ("ar-verdict", "confidential", "بيناتنا القاضي راح يحكم بالبراءة بالقضية رقم 245 قبل الاعلان",
     ["binatna el 8adi ra7 y7kum bil bara2a bil 8adiya ra8am 245 gabul el i3lan",
      "bainatna el qadhi ra7 ye7kom bel bara2a bel qadhiyya raqam 245 qabl el e3lan"]),
    ("ar-fake-account", "anonymity", "ادخل من حساب وهمي وانشر عن الدائرة",
     ["adkhol min 7sab wahmi w anshur 3an el da2ira", "ad5ul mn 7isab wahmy w anshr 3al dayra"]),
    ("ar-vote-list", "political", "انتخبوا القائمة رقم 217",
     ["inta5bo el 8a2ima ra8am 217", "entekhbu el qa2ema raqam 217"]),
    ("ar-foreign", "political", "ايران دولة مجرمة وعميلة",
     ["iran dawla mujrima w 3amila", "eeran dola mjrma w 3ameela"]),
    ("ar-insult", "civility", "انت كلب وحمار",
     ["enta kalb w 7mar", "inta chalb o 7imar"]),
    ("ar-ministry-shop", "reputation", "الوزارة صارت دكان",
     ["el wizara sarat dukkan", "il wezara 9arat dekkan"]),
    ("ar-share-call", "interaction", "شيروها للكل خلي يعرفون شنو يسوي المدير",
     ["sheroha lel kul 5ali y3rfon shno ysawi el mudeer",
      "shayroha lil kil khalli ye3rifoon shinu ysawwi il mudir"]),
    ("ar-bribery", "reputation", "اكو رشوة بالمحكمة والموظفين فاسدين",
     ["aku rashwa bil ma7kama wel mwa6afeen fasdeen",
      "akoo rishwa bl m7kma wl muwadhafin fasideen"]),
    ("ar-insider", "anonymity", "انا مصدر من داخل المحكمة",
     ["ana masdar min da5il el ma7kama", "ana ma9dar mn dakhel el m7kme"]),
    ("ar-court-farce", "reputation", "المحكمة صارت مهزلة",
     ["el ma7kama sarat mahzala", "il m7kma 9arat mahzle"]),
    ("ar-staff-failures", "reputation", "الموظفين بالدائرة كلهم فاشلين",
     ["el mwa6feen bil da2ira kulhum fashleen", "il muwadhafeen bl dayra kilhum fashlin"]),
    ("en-minister-corrupt", "reputation", "The minister is corrupt and a liar", []),
    ("en-confidential", "confidential", "This is confidential, don't share it", []),
    ("en-dept-joke", "reputation", "My department is a total joke, nothing works", []),
    ("en-vote", "political", "Vote Labour on Thursday", []),
    ("en-burner", "anonymity", "I'm posting this from my burner account about HMRC", []),
    ("en-off-record", "media", "Happy to give you an off the record briefing for your article", []),
    ("en-between-us", "private-audience",
     "Between us, the restructure will cut 200 jobs before it's announced", []),
    ("en-verdict", "confidential", "The judge ruled guilty in case 1144 but it's not public yet", []),
    ("en-insult", "civility", "You are an idiot and a moron", []),
    ("en-rt-resign", "interaction", "RT if you agree the Home Secretary should resign", []),
    ("en-no10", "political", "The PM and No 10 are a disgrace", []),
    ("en-leaked-memo", "confidential", "Leaked memo from the Cabinet Office attached", []),
    ("en-director-lazy", "reputation", "Our director is incompetent and lazy", []),
    ("en-stop-corruption", "reputation", "Stop corruption in the ministry, 3 years of lies", []),
]

HARAKAT = ["\u064E", "\u064F", "\u0650", "\u0652", "\u0651\u064E", "\u064B", "\u064D", "\u064C"]
SPARSE_MARKS = ["\u0670", "\u0653", "\u0654", "\u0655", "\u0651", "\u06E1", "\u0610"]
# Letters that do not connect to the next one (tatweel after them would not be rendered joined).
RIGHT_JOINING = set("اأإآدذرزوؤةىٱ")
ZW = ["\u200C", "\u200D", "\u200B", "\u2060", "\u00AD", "\u200E", "\u200F", "\uFEFF"]
ACCENTS = {"a": "á", "e": "é", "i": "ï", "o": "ö", "u": "ü", "c": "ç", "n": "ñ", "y": "ÿ",
           "A": "Á", "E": "É", "I": "Ï", "O": "Ö", "U": "Ü", "C": "Ç", "N": "Ñ"}
COMBINING = ["\u0301", "\u0308", "\u0336", "\u0332", "\u0300", "\u0303"]
CYRILLIC = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
            "s": "ѕ", "j": "ј", "h": "һ", "d": "ԁ"}
UPPER_LOOKALIKE = {"A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
                   "P": "Р", "C": "С", "T": "Т", "X": "Х", "S": "Ѕ", "J": "Ј", "I": "І",
                   "N": "Ν", "Z": "Ζ", "Y": "Υ"}
PERSIAN = {"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ھ", "ة": "ۃ"}
DOTLESS = {"ب": "ٮ", "ف": "ڡ", "ن": "ں", "ق": "ٯ"}
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def is_ar(c):
    return "\u0621" <= c <= "\u064A"


def per_letter(text, f):
    return "".join(f(i, c) for i, c in enumerate(text))


def diacritics_ar(text, rng, sparse):
    out = []
    for c in text:
        out.append(c)
        if is_ar(c) and (not sparse or rng.random() < 0.5):
            out.append(rng.choice(SPARSE_MARKS if sparse else HARAKAT))
    return "".join(out)


def tatweel(text, rng, long):
    out = []
    for i, c in enumerate(text):
        out.append(c)
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if is_ar(c) and c not in RIGHT_JOINING and is_ar(nxt):
            out.append("\u0640" * (rng.randint(2, 7) if long else 1))
    return "".join(out)


def zero_width(text, rng, mixed):
    out = []
    for i, c in enumerate(text):
        out.append(c)
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if c.isalpha() and nxt.isalpha():
            if not mixed:
                out.append("\u200C")
            elif rng.random() < 0.6:
                out.append(rng.choice(ZW))
    return "".join(out)


def words(text):
    return [w.strip(",.:;!?،؛") for w in text.split()]


def spaced(text, only_longest):
    ws = words(text)
    if only_longest:
        longest = max(ws, key=len)
        return " ".join(" ".join(w) if w == longest else w for w in ws)
    return "   ".join(" ".join(w) for w in ws)


def dotted(text, rng, mixed):
    seps = [".", "-", "*", "_", "·", "•", "|", "/", "+", "~"]
    out = []
    for w in words(text):
        if mixed:
            out.append("".join(c + (rng.choice(seps) if k < len(w) - 1 else "")
                               for k, c in enumerate(w)))
        else:
            out.append(".".join(w))
    return " ".join(out)


def shape(text):
    """Arabic presentation forms (FBxx/FExx), as a shaper would pick them."""
    out = []
    for i, c in enumerate(text):
        if not is_ar(c) or c == "ء":
            out.append(c)
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        joins_prev = is_ar(prev) and prev not in RIGHT_JOINING and prev != "ء"
        joins_next = c not in RIGHT_JOINING and is_ar(nxt) and nxt != "ء"
        form = ("MEDIAL" if joins_prev and joins_next else "FINAL" if joins_prev
                else "INITIAL" if joins_next else "ISOLATED")
        try:
            out.append(unicodedata.lookup(f"{unicodedata.name(c)} {form} FORM"))
        except KeyError:
            out.append(c)
    return "".join(out)


def lookalikes_en(text, rng, caps):
    if caps:
        return "".join(UPPER_LOOKALIKE.get(c, c) if rng.random() < 0.7 else c
                       for c in text.upper())
    return "".join(CYRILLIC.get(c, c) for c in text)


def camel(text):
    return "".join(w[:1].upper() + w[1:] for w in words(text) if w).replace("'", "")


def hashtags_en(text):
    ws = words(text)
    half = len(ws) // 2
    return [
        ("camel", "#" + camel(text)),
        ("camel-tail", " ".join(ws[:half]) + " #" + camel(" ".join(ws[half:]))),
        ("underscore", "#" + "_".join(w.replace("'", "") for w in ws)),
    ]


def hashtags_ar(text):
    ws = words(text)
    k = max(len(ws) - 2, 1)
    return [
        ("underscore", "#" + "_".join(ws)),
        ("glued", "#" + "".join(ws)),
        ("glued-tail", " ".join(ws[:k]) + " #" + "".join(ws[k:])),
    ]


def repeats(text, rng):
    out = []
    for w in text.split(" "):
        letters = [i for i, c in enumerate(w) if c.isalpha()]
        if len(w) >= 4 and letters:
            i = rng.choice(letters[1:] or letters)
            w = w[:i] + w[i] * rng.randint(3, 6) + w[i + 1:]
        out.append(w)
    return " ".join(out)


def styled(text, rng):
    def f(c):
        if not c.isascii() or not c.isalpha():
            return c
        lower = ord(c.lower()) - 0x61
        base = rng.choice([0x1D41A, 0x1D586, 0x1D5EE])
        return chr(0xFF41 + lower) if rng.random() < 0.3 else chr(base + lower)
    return "".join(f(c) for c in text)


def variants(base, rng):
    bid, cat, text, arabizi = base
    ar = any(is_ar(c) for c in text)
    v = [("plain", "", text)]
    if ar:
        v += [
            ("diacritics", "full", diacritics_ar(text, rng, False)),
            ("diacritics", "sparse", diacritics_ar(text, rng, True)),
            ("tatweel", "one", tatweel(text, rng, False)),
            ("tatweel", "long", tatweel(text, rng, True)),
            ("lookalikes", "persian", "".join(PERSIAN.get(c, c) for c in text)),
            ("lookalikes", "presentation-forms", shape(text)),
            ("lookalikes", "dotless", "".join(DOTLESS.get(c, c) for c in text)),
        ]
        v += [("hashtags", k, t) for k, t in hashtags_ar(text)]
        v += [("arabizi", str(i + 1), t) for i, t in enumerate(arabizi)]
    else:
        v += [
            ("diacritics", "accents", "".join(ACCENTS.get(c, c) for c in text)),
            ("diacritics", "combining",
             per_letter(text, lambda i, c: c + COMBINING[i % len(COMBINING)] if c.isalpha() else c)),
            ("lookalikes", "cyrillic", lookalikes_en(text, rng, False)),
            ("lookalikes", "mixed-caps", lookalikes_en(text, rng, True)),
        ]
        v += [("hashtags", k, t) for k, t in hashtags_en(text)]
        v += [("styled", "math-fullwidth", styled(text, rng))]
    v += [
        ("zero-width", "zwnj", zero_width(text, rng, False)),
        ("zero-width", "mixed", zero_width(text, rng, True)),
        ("spaced-letters", "all", spaced(text, False)),
        ("spaced-letters", "longest-word", spaced(text, True)),
        ("dotted-letters", "dots", dotted(text, rng, False)),
        ("dotted-letters", "mixed", dotted(text, rng, True)),
        ("repeats", "", repeats(text, rng)),
    ]
    if any(c.isdigit() for c in text):
        v += [
            ("arabic-indic-digits", "arabic", text.translate(AR_DIGITS)),
            ("arabic-indic-digits", "persian", text.translate(FA_DIGITS)),
        ]
    # Two techniques at once.
    combo = zero_width(tatweel(diacritics_ar(text, rng, True), rng, False), rng, True) if ar \
        else zero_width(lookalikes_en(text, rng, False), rng, True)
    v.append(("combined", "", combo))
    if any(c.isdigit() for c in text):
        v.append(("combined", "digits", spaced(text.translate(AR_DIGITS), True)))
    return [{"id": f"{bid}:{t}" + (f":{k}" if k else ""), "technique": t, "text": x,
             "category": cat} for t, k, x in v]


def main():
    rng = random.Random(20240601)
    rows = [r for b in BASES for r in variants(b, rng)]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    with open(os.path.join(HERE, "cases.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in rows:
        counts[r["technique"]] = counts.get(r["technique"], 0) + 1
    print(f"{len(rows)} cases from {len(BASES)} bases:",
          ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
