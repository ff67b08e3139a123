"""Romanisation schemes used by national files, implemented independently of the detector.

Each ``*_SCHEMES`` list is ordered: index 0 is the scheme found in passports (ICAO Doc 9303 or
the national passport rule), later ones are what other agencies write (BGN/PCGN, GOST 7.79,
scientific, German and French press spellings, informal). ``romanise(text, scheme)`` works on
title-case words; uppercase input letters produce a capitalised output chunk.
"""

from __future__ import annotations

import unicodedata

_VOWELS_CYR = set("аеёиоуыэюяіїєъьй")
_WORD_INITIAL_ONLY = {"kmu2010"}  # Ukrainian passport rule: "ye/yi/y/yu/ya" only at word start


def _pair(v: str) -> tuple[str, str]:
    a, _, b = v.partition("|")
    return (a, b) if _ else (v, v)


def _table(base: str, **over: str) -> dict[str, tuple[str, str]]:
    """base: 'а=a б=b ...'; a value is 'x' or 'at-word-start|elsewhere'."""
    out = {k: _pair(v) for k, _, v in (item.partition("=") for item in base.split())}
    out.update({k: _pair(v) for k, v in over.items()})
    return out


_RU_BASE = ("а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t "
            "у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=ie ы=y ь= э=e ю=iu я=ia")
_UK_BASE = ("а=a б=b в=v г=h ґ=g д=d е=e є=ye|ie ж=zh з=z и=y і=i ї=yi|i й=y|i к=k л=l м=m н=n "
            "о=o п=p р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ь= ю=yu|iu я=ya|ia ʼ= '=")
_BG_BASE = ("а=a б=b в=v г=g д=d е=e ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u "
            "ф=f х=h ц=ts ч=ch ш=sh щ=sht ъ=a ь=y ю=yu я=ya")
_SR_BASE = ("а=a б=b в=v г=g д=d ђ=đ е=e ж=ž з=z и=i ј=j к=k л=l љ=lj м=m н=n њ=nj о=o п=p р=r "
            "с=s т=t ћ=ć у=u ф=f х=h ц=c ч=č џ=dž ш=š")

# (name, table, digraph rules applied before single letters)
RU_SCHEMES: list[tuple[str, dict, dict]] = [
    ("icao", _table(_RU_BASE), {}),
    ("bgn", _table(_RU_BASE, е="ye|e", ё="ye|e", й="y", ъ="", ю="yu", я="ya"), {"ий": "iy"}),
    ("scientific", _table(_RU_BASE, ж="ž", й="j", х="x", ц="c", ч="č", ш="š", щ="šč", ъ="",
                          ю="ju", я="ja", э="è", ё="ë"), {}),
    ("gost779b", _table(_RU_BASE, й="j", х="x", ц="cz", щ="shh", ъ="``", ы="y`", ь="`",
                        э="e`", ю="yu", я="ya", ё="yo"), {"ци": "ci", "це": "ce", "цы": "cy"}),
    ("german", _table(_RU_BASE, в="w", е="je|e", ё="jo", ж="sch", з="s", й="i", х="ch", ц="z",
                      ч="tsch", ш="sch", щ="schtsch", ъ="", ю="ju", я="ja"), {"ий": "i", "кс": "x"}),
    ("french", _table(_RU_BASE, ж="j", й="ï", х="kh", ч="tch", ш="ch", щ="chtch", у="ou",
                      ъ="", ю="iou", я="ia"), {"ий": "i", "ей": "eï"}),
    ("informal", _table(_RU_BASE, е="ye|e", ё="yo", й="y", ъ="", ю="yu", я="ya"),
     {"кс": "x", "ий": "y", "ьи": "yi"}),
]
UK_SCHEMES: list[tuple[str, dict, dict]] = [
    ("kmu2010", _table(_UK_BASE), {"зг": "zgh"}),
    ("bgn", _table(_UK_BASE, є="ye", ї="yi", й="y", ю="yu", я="ya"), {"ий": "yy", "ій": "iy"}),
    ("scientific", _table(_UK_BASE, є="je", ж="ž", ї="ji", й="j", х="ch", ц="c", ч="č", ш="š",
                          щ="šč", ю="ju", я="ja"), {}),
    ("gost779b", _table(_UK_BASE, г="g`", и="y`", й="j", х="x", ц="cz", щ="shh", ь="`", є="ye",
                        ї="yi", ю="yu", я="ya"), {}),
    ("german", _table(_UK_BASE, в="w", є="je", ж="sch", з="s", ї="ji", й="j", х="ch", ц="z",
                      ч="tsch", ш="sch", щ="schtsch", ю="ju", я="ja"), {"ій": "ij"}),
    ("french", _table(_UK_BASE, ж="j", й="ï", ч="tch", ш="ch", щ="chtch", у="ou", ю="iou",
                      я="ia", є="ie"), {"ій": "i"}),
    ("informal", _table(_UK_BASE, є="ye", ї="yi", й="y", ю="yu", я="ya"),
     {"кс": "x", "ій": "iy"}),
]
BG_SCHEMES: list[tuple[str, dict, dict]] = [
    ("official2009", _table(_BG_BASE), {"ия": "ia"}),
    ("bgn", _table(_BG_BASE, х="kh", ъ="u"), {}),
    ("scientific", _table(_BG_BASE, ж="ž", й="j", ц="c", ч="č", ш="š", щ="št", ъ="ă", ю="ju",
                          я="ja"), {}),
    ("german", _table(_BG_BASE, в="w", ж="sch", з="s", й="j", ц="z", ч="tsch", ш="sch",
                      щ="scht", ю="ju", я="ja"), {}),
]
SR_SCHEMES: list[tuple[str, dict, dict]] = [
    ("latinica", _table(_SR_BASE), {}),
    ("ascii_dj", _table(_SR_BASE, ђ="dj", ж="z", ћ="c", ч="c", џ="dz", ш="s"), {}),
    ("ascii_strip", _table(_SR_BASE, ђ="d", ж="z", ћ="c", ч="c", џ="dz", ш="s"), {}),
    ("english", _table(_SR_BASE, ђ="dj", ж="zh", ћ="ch", ч="ch", џ="dzh", ш="sh"), {}),
]


def romanise(text: str, scheme: tuple[str, dict, dict]) -> str:
    name, table, digraphs = scheme
    out: list[str] = []
    i, n = 0, len(text)
    word_start = True
    while i < n:
        ch = text[i]
        low = ch.lower()
        upper = ch != low
        pair = text[i:i + 2].lower()
        piece: str | None = None
        step = 1
        if len(pair) == 2 and pair in digraphs:
            piece, step = digraphs[pair], 2
        elif low in table:
            initial, other = table[low]
            prev = text[i - 1].lower() if i else ""
            after_vowel = name not in _WORD_INITIAL_ONLY and prev in _VOWELS_CYR
            piece = initial if (word_start or after_vowel) else other
        if piece is None:
            out.append(ch)
            word_start = not ch.isalpha()
        else:
            out.append(piece[:1].upper() + piece[1:] if upper and piece else piece)
            word_start = False
        i += step
    return "".join(out)


def all_schemes(text: str, schemes: list[tuple[str, dict, dict]]) -> tuple[str, ...]:
    return tuple(romanise(text, s) for s in schemes)


# ------------------------------------------------------------------ Latin-script folding

_SPECIAL_FOLD = {"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                 "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th"}
_GERMAN_EXPAND = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def strip_diacritics(text: str) -> str:
    text = "".join(_SPECIAL_FOLD.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def german_expand(text: str) -> str:
    return strip_diacritics("".join(_GERMAN_EXPAND.get(c, c) for c in text))


def latin_variants(text: str) -> tuple[str, str, str]:
    """(as written with diacritics, diacritics dropped, umlauts expanded to ae/oe/ue)."""
    return (text, strip_diacritics(text), german_expand(text))


# ------------------------------------------------------------------ typos


_KEYBOARD_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}


def typo(rng, text: str) -> str:
    """One-character edit inside a word (substitution by a keyboard neighbour, deletion,
    doubling or transposition), never on the first letter."""
    spots = [i for i in range(1, len(text)) if text[i].isalpha() and text[i - 1].isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    kind = rng.randrange(4)
    c = text[i]
    if kind == 0 and c.lower() in _KEYBOARD_NEIGHBOURS:
        r = rng.choice(_KEYBOARD_NEIGHBOURS[c.lower()])
        return text[:i] + (r.upper() if c.isupper() else r) + text[i + 1:]
    if kind == 1 and len(text) > 4:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + c + text[i:]
    if i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != c:
        return text[:i] + text[i + 1] + c + text[i + 2:]
    return text[:i] + c + text[i:]
