"""Blocking keys: plain strings computed from a profile, stored as keywords in either backend.

Two cases become candidates when they share a *blocking* key. Every key (blocking or not) is also
counted across the store, and that count is how rare (and so how strong) a shared value is.
Names get several loose keys so that a typo, a dropped patronymic or another romanisation still
meets: the order-free glued form, the consonant skeleton (bridges abjad scripts), three-letter
prefixes of token pairs, each token with the birth year and each token with the postcode.
"""

from __future__ import annotations

from itertools import combinations

from detector.matching.addresses import home_keys
from detector.matching.korean_names import korean_family_twins
from detector.matching.names import loose_token, nickname_index, other_readings
from detector.normalize.names import fold_token, name_key_forms, skeleton_key_forms, skeleton_token
from detector.profile import CaseProfile

# Keys kept only to count rarity; they never make two cases candidates on their own.
COUNT_ONLY_PREFIXES = ("mw:", "mo:")


def name_keys(profile: CaseProfile) -> set[str]:
    keys: set[str] = set()
    for suspect in profile.suspects:
        year = suspect.birth_date.year if suspect.birth_date else None
        for form in suspect.names:
            keys.update(f"n:{k}" for k in name_key_forms(form))
            skeletons = skeleton_key_forms(form)
            if len(form.core_skeleton) >= 2 or form.abjad:
                keys.update(f"ns:{k}" for k in skeletons if len(k) >= 4)
            core = sorted({t for t in form.core_fold if len(t) >= 2})
            for a, b in combinations(core, 2):
                keys.add(f"np:{a[:3]}|{b[:3]}")
            keys.update(_other_reading_prefix_keys(form))
            if year:
                keys.update(f"ny:{t}|{year}" for t in core if len(t) >= 3)
            # a typo in the other name part and no birth date: a name part where the person lives
            keys.update(f"nz:{t}|{pc}" for t in core if len(t) >= 3 for pc in suspect.postcodes)
            keys.update(nickname_keys(form.core_fold))
            if 2 <= len(form.core_fold) <= 4 and not form.abjad:
                loose = [loose_token(t) for t in form.core_fold]
                keys.add("nl:" + "|".join(sorted(loose)))
                # vowels and velars both vary (Abdullah El Gahtani ~ Abdallah El Qahtani)
                consonants = sorted(skeleton_token(t) for t in loose)
                if all(len(c) >= 2 for c in consonants):
                    keys.add("nk:" + "|".join(consonants))
        keys.update(f"id:{i}" for i in suspect.identifiers if len(i) >= 4)
        if suspect.birth_date and suspect.birth_date.day:
            keys.add(f"bd:{suspect.birth_date}")  # a corrupted or replaced name still meets
        keys.update(k for street in suspect.streets for k in home_keys(street))
    return keys


def _other_reading_prefix_keys(form) -> set[str]:
    """Token-prefix pairs with the name read as German or French renderings of Cyrillic
    (Michail Popow ~ Mikhail Popov, Schterew ~ Shterev), which fold apart from the English ones."""
    if form.abjad or not any("ch" in t or "j" in t for t in form.plain):
        return set()
    core = [p for p, optional in zip(form.plain, form.optional) if not optional]
    variants = [{fold_token(t)} | {fold_token(r) for r in other_readings(t)} for t in core]
    keys = set()
    for va, vb in combinations(variants, 2):
        keys.update("np:" + "|".join(sorted((a[:3], b[:3]))) for a in va for b in vb
                    if len(a) >= 2 and len(b) >= 2)
    return keys


def nickname_keys(core: tuple[str, ...], limit: int = 12) -> set[str]:
    """Order-free keys with one name swapped for its nickname twins (Bill ~ William) or for the
    other romanisations of a Korean surname (Lee ~ Yi ~ Rhee)."""
    if not 2 <= len(core) <= 3:
        return set()
    index, korean = nickname_index(), korean_family_twins(folded=True)
    keys = {"nn:" + "|".join(sorted(core))}
    for i, token in enumerate(core):
        for variant in sorted(index.get(token, frozenset()) | korean.get(token, frozenset()))[:limit]:
            keys.add("nn:" + "|".join(sorted(core[:i] + (variant,) + core[i + 1:])))
    return keys


def blocking_keys(profile: CaseProfile) -> set[str]:
    """All keys of a case: blocking ones and count-only ones (see COUNT_ONLY_PREFIXES)."""
    keys = name_keys(profile)
    for ind in profile.indicators:
        keys.update(k.key for k in ind.keys if not k.public)
    if profile.conduct:
        keys.update(f"v:{v}" for v in profile.conduct.victims if len(v) >= 4)
        keys.update(f"mw:{m}" for m in profile.conduct.malware)
        keys.update(f"mo:{m}" for m in profile.conduct.modus_operandi)
    return keys


def is_blocking(key: str) -> bool:
    return not key.startswith(COUNT_ONLY_PREFIXES)
