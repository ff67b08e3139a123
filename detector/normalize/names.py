"""Person and organisation names in any script, reduced to comparable Latin tokens.

Every name becomes a :class:`NameForm`: lower-case ASCII tokens (``plain``), the same tokens with
romanisation differences folded away (``fold``: ICAO vs BGN/PCGN vs GOST vs most German renderings of
the same Cyrillic letter collapse to one spelling) and a consonant skeleton per token (``skeleton``)
for abjad scripts, whose transliteration carries no vowels. Tokens that one file may carry and
another omit (patronymics, Arabic particles, legal forms) are marked optional.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Scripts whose transliteration is a consonant skeleton (vowels are not written).
_ABJAD_RANGES = ((0x0590, 0x05FF), (0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# Scripts written without spaces between syllables: anyascii joins them in CamelCase.
_SYLLABIC_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))

# Romanisation folding, applied in order to a lower-case ASCII token. Each rule merges spellings
# that different schemes (ICAO 9303, BGN/PCGN, GOST 7.79, scientific, German/French practice,
# pinyin vs older forms) give for one sound, so both files land on the same string.
_FOLD_RULES: tuple[tuple[str, str], ...] = (
    ("hs", "x"),  # Wade-Giles hs is pinyin x (Hsiao ~ Xiao), kept before x -> ks
    ("shch", "sc"), ("sch", "sc"), ("tch", "c"), ("zh", "z"), ("kh", "h"), ("ch", "c"),
    ("sh", "s"), ("ts", "c"), ("tz", "c"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("q", "k"),
    ("x", "ks"), ("w", "v"), ("j", "i"), ("y", "i"), ("ou", "u"), ("oe", "o"), ("ue", "u"),
    ("ae", "a"), ("dzh", "dz"),
)
_VOWELS = set("aeiouyw")
# Matched on the plain token: Russian/Ukrainian patronymics end in -vich/-vych/-vna/-chna, while
# South Slavic family names end in -vić, which transliterates to -vic and must stay required.
_PATRONYMIC_RE = re.compile(r"(vich|vych|ovna|evna|ivna|ichna|ychna)$")
# Particles that some files write and others drop or glue to the next word.
PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "ben", "abu", "van", "von", "der",
                        "den", "de", "da", "di", "du", "la", "le", "dos", "das", "del", "y"})
_ORG_FORMS = frozenset({"llc", "ltd", "limited", "inc", "corp", "co", "gmbh", "ag", "sa", "sarl",
                        "srl", "spa", "bv", "nv", "plc", "ooo", "oao", "zao", "pao", "tov", "ao",
                        "kft", "sro", "as", "ab", "oy", "pte", "pty", "company", "corporation"})
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06FF])\u0627\u0644(?=[\u0600-\u06FF]{2,})")
# Greek digraphs anyascii renders letter by letter (ου -> oy, ευ -> eu, γγ -> gg).
_GREEK_DIGRAPHS = (
    ("ου", "ou"), ("Ου", "Ou"), ("ΟΥ", "OU"), ("ού", "ou"), ("Ού", "Ou"), ("ευ", "ev"), ("Ευ", "Ev"),
    ("εύ", "ev"), ("Εύ", "Ev"), ("αυ", "av"), ("Αυ", "Av"), ("αύ", "av"), ("Αύ", "Av"), ("γγ", "ng"),
    ("γκ", "gk"),
)
_CAMEL_SPLIT = re.compile(r"[A-Z][a-z]*|[a-z]+")


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name as comparable tokens; ``optional[i]`` marks tokens a file may omit."""

    original: str
    plain: tuple[str, ...]
    fold: tuple[str, ...]
    skeleton: tuple[str, ...]
    optional: tuple[bool, ...]
    abjad: bool

    @property
    def core_fold(self) -> tuple[str, ...]:
        return tuple(t for t, opt in zip(self.fold, self.optional) if not opt)

    @property
    def core_skeleton(self) -> tuple[str, ...]:
        return tuple(t for t, opt in zip(self.skeleton, self.optional) if not opt and t)


def _in_ranges(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in ranges)


def fold_token(token: str) -> str:
    """Collapse romanisation variants of one lower-case ASCII token (Oleksandr ~ Olexandr)."""
    out = token
    for old, new in _FOLD_RULES:
        out = out.replace(old, new)
    out = re.sub(r"([aeou])ie", r"\1e", out)  # iotated e after a vowel: Sergeyev ~ Sergeev
    out = re.sub(r"gi(?=[aou])", "i", out)  # Greek γι: Giannis ~ Yiannis ~ Yannis, Panagiotis ~ Panayiotis
    return re.sub(r"(.)\1+", r"\1", out)


def skeleton_token(token: str) -> str:
    """Consonant skeleton (Muhammad, Mohamed and Arabic-script mhmd all give 'mhmd').

    q and k (ق as Kassem or Qasim) and French ch for sh (Hicham) are merged first.
    """
    token = token.replace("q", "k").replace("ch", "sh")
    consonants = "".join(c for c in token if c.isalpha() and c not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", consonants)


def _transliterate(text: str) -> tuple[list[str], bool]:
    """Latin tokens for a name in any script, and whether it was written in an abjad."""
    abjad = any(_in_ranges(c, _ABJAD_RANGES) for c in text)
    if abjad:
        text = _ARABIC_ARTICLE.sub("", text)  # the article al- is glued on in Arabic script
    for greek, latin in _GREEK_DIGRAPHS:
        text = text.replace(greek, latin)
    tokens: list[str] = []
    for word in re.split(r"[\s,;/]+", text):
        if not word:
            continue
        if any(_in_ranges(c, _SYLLABIC_RANGES) for c in word):
            # anyascii writes each syllable capitalised (WangXiaoMing): one token per syllable.
            tokens.extend(_CAMEL_SPLIT.findall(anyascii(word)))
            continue
        latin = anyascii(unicodedata.normalize("NFC", word))
        tokens.extend(re.split(r"[^A-Za-z0-9]+", latin))
    return [t.lower() for t in tokens if t and not t.isdigit()], abjad


@lru_cache(maxsize=200_000)
def normalize_name(full: str, kind: str = "person") -> NameForm:
    """Turn a name as written in a national file into a :class:`NameForm`."""
    # "al-Masri" arrives as two tokens; a glued "Almasri" stays whole (splitting every name that
    # starts with "al" would break Alexander): the glued key forms still meet it.
    plain, abjad = _transliterate(full)
    fold = tuple(fold_token(t) for t in plain)
    optional = []
    for i, (p, f) in enumerate(zip(plain, fold)):
        is_optional = p in PARTICLES and len(plain) > 2 - (1 if kind == "organization" else 0)
        if kind == "person" and i > 0 and len(plain) >= 3 and _PATRONYMIC_RE.search(p):
            is_optional = True
        if kind == "organization" and p in _ORG_FORMS:
            is_optional = True
        optional.append(is_optional)
    if optional and all(optional):
        optional = [False] * len(optional)
    return NameForm(
        original=full,
        plain=tuple(plain),
        fold=fold,
        skeleton=tuple(skeleton_token(t) for t in plain),
        optional=tuple(optional),
        abjad=abjad,
    )


def name_key_forms(form: NameForm, max_tokens: int = 4) -> set[str]:
    """Order- and spacing-free spellings of a name: every ordering of its core tokens, glued.

    'Wang Xiaoming', 'Xiao-Ming Wang' and Han 王小明 (wang xiao ming) share 'wangxiaoming'.
    """
    from itertools import permutations

    out: set[str] = set()
    if form.abjad:
        return out
    for core in {form.core_fold, particle_glued_core(form)}:
        if core and len(core) <= max_tokens:
            out.update("".join(p) for p in permutations(core))
    return out


def particle_glued_core(form: NameForm) -> tuple[str, ...]:
    """Core tokens with each particle glued to the name after it: Fatima Ben Ali ~ Fatima Benali,
    Omar Al Farouk ~ Omar Alfarouk (files write the particle apart, hyphenated or joined)."""
    out: list[str] = []
    pending = ""
    for plain, optional in zip(form.plain, form.optional):
        if optional and plain in PARTICLES:
            pending += plain
        elif not optional:
            out.append(fold_token(pending + plain))
            pending = ""
        else:
            pending = ""  # a patronymic between: the particle belonged to it
    return tuple(out)


def skeleton_key_forms(form: NameForm, max_tokens: int = 4) -> set[str]:
    """Like :func:`name_key_forms` on consonant skeletons; bridges Arabic script and Latin."""
    from itertools import permutations

    core = form.core_skeleton
    if not core or len(core) > max_tokens:
        return set()
    return {skeleton_token("".join(p)) for p in permutations(core)}
