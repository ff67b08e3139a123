"""Similarity of two names after normalisation: order-free token alignment.

Tokens are aligned greedily, best pair first; a token on one side may align with two or three
adjacent tokens glued together on the other (pinyin 'Xiaoming' vs 'Xiao Ming'). Optional tokens
(patronymics, particles, legal forms) never count against a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nicknames import NickNamer
from rapidfuzz.distance import OSA, JaroWinkler

from detector.matching.korean_names import same_korean_family_name
from detector.normalize.names import PARTICLES, NameForm, fold_token, skeleton_token

_MIN_TOKEN_SIM = 0.78


@dataclass(frozen=True, slots=True)
class NameMatch:
    similarity: float
    matched_tokens: int
    detail: str


@lru_cache(maxsize=1)
def nickname_index() -> dict[str, frozenset[str]]:
    """Folded English nickname -> folded canonical names (Bill -> william), both directions."""
    namer = NickNamer()
    index: dict[str, set[str]] = {}
    for canonical, nicks in namer._nickname_lookup.items():
        c = fold_token(canonical)
        for nick in nicks:
            n = fold_token(nick)
            index.setdefault(n, set()).add(c)
            index.setdefault(c, set()).add(n)
    return {k: frozenset(v) for k, v in index.items()}


def are_nicknames(a: str, b: str) -> bool:
    """True when one folded given name is a known English nickname of the other."""
    return b in nickname_index().get(a, ())


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int  # exclusive
    fold: str
    skeleton: str
    optional: bool
    plain: str

    @property
    def size(self) -> int:
        return self.end - self.start


@lru_cache(maxsize=100_000)
def _units(form: NameForm) -> tuple[_Unit, ...]:
    units = []
    n = len(form.fold)
    for i in range(n):
        units.append(_Unit(i, i + 1, form.fold[i], form.skeleton[i], form.optional[i], form.plain[i]))
        for width in (2, 3):
            j = i + width
            # Particles may be glued on (Almasri = al + Masri); patronymics never are.
            if j <= n and not any(o and not _is_particle(t) for o, t in zip(form.optional[i:j], form.plain[i:j])):
                glued = "".join(form.plain[i:j])
                units.append(_Unit(i, j, fold_token(glued), skeleton_token(glued), False, glued))
    return tuple(units)


def _is_particle(token: str) -> bool:
    return token in PARTICLES


@lru_cache(maxsize=500_000)
def token_similarity(a_fold: str, a_skel: str, b_fold: str, b_skel: str, abjad: bool) -> float:
    """Similarity of two tokens in [0, 1]; ``abjad`` when either side came without vowels."""
    if a_fold == b_fold:
        return 1.0
    if abjad:
        if not a_skel or not b_skel:
            return 0.0
        if a_skel == b_skel:
            return 0.96 if len(a_skel) >= 2 else 0.92
        return 0.9 * JaroWinkler.similarity(a_skel, b_skel) if min(len(a_skel), len(b_skel)) >= 3 else 0.0
    if len(a_fold) == 1 or len(b_fold) == 1:
        # An initial stands for the whole given name, but proves little.
        return 0.8 if a_fold[0] == b_fold[0] else 0.0
    if are_nicknames(a_fold, b_fold):
        return 0.93
    # Jaro-Winkler alone is lenient on short tokens (wei ~ wen 0.82); averaging with the edit
    # ratio (transpositions count once: Hong ~ Hogn) keeps one typo in a long name acceptable
    # and one letter in three not.
    sim = (JaroWinkler.similarity(a_fold, b_fold) + OSA.normalized_similarity(a_fold, b_fold)) / 2
    if a_skel == b_skel and (len(a_skel) >= 3 and sim >= 0.7 or len(a_skel) == 2 and sim >= 0.8):
        sim = max(sim, 0.94)  # Mohammed / Muhammad, Hussein / Husain
    la, lb = loose_token(a_fold), loose_token(b_fold)
    if la == lb:
        sim = max(sim, 0.94)  # one sound, several spellings: Hicham/Hisham, Hryhorii/Grigoriy
    else:
        sim = max(sim, (JaroWinkler.similarity(la, lb) + OSA.normalized_similarity(la, lb)) / 2 - 0.03)
    return sim


@lru_cache(maxsize=200_000)
def typed_similarity(a_plain: str, b_plain: str) -> float:
    """Similarity of the tokens as written: the sound folds can make a one-letter typo look like
    two (Brooke ~ Brooe folds to broke ~ bro), so a typo also gets judged on the letters typed."""
    if min(len(a_plain), len(b_plain)) < 4:
        return 0.0
    return (JaroWinkler.similarity(a_plain, b_plain) + OSA.normalized_similarity(a_plain, b_plain)) / 2


# How German and French files write Cyrillic sounds that English-based schemes write otherwise:
# German tsch/sch/ch for ч/ш/х (Chussejn = Khusseyn), French ch/j for ш/ж (Chichkine = Shishkin).
_OTHER_READINGS = (
    (re.compile(r"tsch|sch|ch"), {"tsch": "ch", "sch": "sh", "ch": "kh"}),
    (re.compile(r"ch|j"), {"ch": "sh", "j": "zh"}),
)


def other_readings(plain: str) -> list[str]:
    """The token as a German and as a French rendering of Cyrillic would mean it (unchanged ones left out)."""
    out = []
    for pattern, sounds in _OTHER_READINGS:
        read = pattern.sub(lambda m, sounds=sounds: sounds[m.group()], plain)
        if read != plain:
            out.append(read)
    return out


@lru_cache(maxsize=200_000)
def other_reading_similarity(a_plain: str, b_plain: str) -> float:
    """Best similarity when one token is read as a German or French rendering of Cyrillic."""
    best = 0.0
    if "ch" not in a_plain + b_plain and "j" not in a_plain + b_plain:
        return best
    for mine, theirs in ((a_plain, b_plain), (b_plain, a_plain)):
        for read in other_readings(mine):
            best = max(best, token_similarity(fold_token(read), skeleton_token(read), fold_token(theirs),
                                              skeleton_token(theirs), False))
    return best


_SYLLABLE_RE = re.compile(
    r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(iang|iong|uang|ueng|iao|ian|uai|uan|ang|eng|ing|ong|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ve"
    r"|a|o|e|i|u|v)$"
)


def variant_similarity(a_plain: str, b_plain: str, sim: float) -> float:
    """Single Chinese or Korean syllables carry the whole name: Jun/Yun, Zhou/Zhu, Jin/Min are
    different names even though the Slavic-minded folds make them alike."""
    if same_korean_family_name(a_plain, b_plain):
        return max(sim, 0.93)  # Lee ~ Yi ~ Rhee, Lim ~ Im: one surname, forms no fold joins
    ma, mb = _SYLLABLE_RE.match(a_plain), _SYLLABLE_RE.match(b_plain)
    if a_plain != b_plain and ma and mb:
        if ma.group(2) == mb.group(2) and ma.group(1) and mb.group(1) and (
                _UNASPIRATED.get(ma.group(1), ma.group(1)) == _UNASPIRATED.get(mb.group(1), mb.group(1))):
            return 0.88  # Cho ~ Jo, Chang ~ Zhang, Teng ~ Deng: one syllable, two schemes
        return min(sim, 0.7)
    return sim


# Wade-Giles and McCune-Reischauer write unaspirated initials k, t, p, ch (the apostrophe of the
# aspirated ones is usually dropped) where pinyin and Revised Romanization write g, d, b, j/zh.
_UNASPIRATED = {"g": "k", "d": "t", "b": "p", "j": "ch", "zh": "ch"}


@lru_cache(maxsize=200_000)
def loose_token(token: str) -> str:
    """A second, coarser fold, for a second chance at a lower similarity."""
    return re.sub(r"(.)\1+", r"\1", token.translate(_LOOSE_TABLE))


# Sibilants merge (ch/sh/sch/zh/z); velars and h merge: Ukrainian h for Russian g, Wade-Giles k
# for pinyin g (Kuo ~ Guo).
_LOOSE_TABLE = str.maketrans({"c": "s", "z": "s", "x": "s", "g": "k", "h": "k", "q": "k"})





@lru_cache(maxsize=200_000)
def compare_names(a: NameForm, b: NameForm) -> NameMatch:
    """Align the tokens of two names and say how much of each is accounted for."""
    if not a.fold or not b.fold:
        return NameMatch(0.0, 0, "no comparable name tokens")
    abjad = a.abjad or b.abjad
    a_units, b_units = _units(a), _units(b)
    scored = []
    for ua in a_units:
        for ub in b_units:
            if ua.size > 1 and ub.size > 1:
                continue  # glued forms only bridge spacing: Xiaoming ~ Xiao Ming, not Kimmin ~ Kimjin
            sim = token_similarity(ua.fold, ua.skeleton, ub.fold, ub.skeleton, abjad)
            if not abjad and 0.6 <= sim < 0.999 and ua.size == ub.size == 1:
                sim = max(sim, typed_similarity(ua.plain, ub.plain), other_reading_similarity(ua.plain, ub.plain))
            if not abjad:
                sim = variant_similarity(ua.plain, ub.plain, sim)
            if sim >= _MIN_TOKEN_SIM:
                scored.append((sim, ua.size + ub.size, ua, ub))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].start, item[3].start))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[float, _Unit, _Unit]] = []
    for sim, _, ua, ub in scored:
        ra, rb = set(range(ua.start, ua.end)), set(range(ub.start, ub.end))
        if ra & used_a or rb & used_b:
            continue
        used_a |= ra
        used_b |= rb
        pairs.append((sim, ua, ub))
    if not pairs:
        return NameMatch(0.0, 0, "no token in common")

    def coverage(form: NameForm, used: set[int], lengths) -> float:
        total = sum(lengths[i] for i in range(len(form.fold)) if not form.optional[i])
        covered = sum(lengths[i] for i in used if not form.optional[i])
        return covered / total if total else 1.0

    lengths_a = [max(len(s), 1) for s in (a.skeleton if abjad else a.fold)]
    lengths_b = [max(len(s), 1) for s in (b.skeleton if abjad else b.fold)]
    cov_a, cov_b = coverage(a, used_a, lengths_a), coverage(b, used_b, lengths_b)
    mean_sim = sum(s for s, _, _ in pairs) / len(pairs)
    short, long_ = sorted((cov_a, cov_b), reverse=True)
    # The shorter name fully found in the longer one is the usual case of a file that omits a
    # middle name or a second family name (Raul Perez vs Raul Perez Lopez).
    similarity = mean_sim * (0.85 * short + 0.15 * long_)
    core_a = sum(1 for o in a.optional if not o)
    core_b = sum(1 for o in b.optional if not o)
    aligned_units = len(pairs)
    full_a, full_b = cov_a >= 0.999, cov_b >= 0.999
    if min(core_a, core_b) >= 2 and aligned_units < 2 and not (full_a and full_b):
        similarity = min(similarity, 0.6)  # one shared token (a family name) is not the person
    detail = ", ".join(
        f"{' '.join(a.plain[ua.start:ua.end])}~{' '.join(b.plain[ub.start:ub.end])}"
        + ("" if s >= 0.999 else f" ({s:.2f})")
        for s, ua, ub in sorted(pairs, key=lambda p: p[1].start)
    )
    return NameMatch(round(similarity, 4), aligned_units, detail)
