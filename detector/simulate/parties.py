"""How one state's file records a suspect: script, romanisation scheme, name order, patronymic
or not, typos, aliases and nicknames, partial, slightly wrong or wrong birth dates."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from .identity import org_names
from .names import CULTURES, Person, Token
from .romanise import typo

# aligned scheme weights per culture (index = scheme position in Token.latin)
_WEIGHTS = {
    "uk": (35, 10, 4, 3, 4, 3, 10, 10, 6, 2, 1, 1, 1, 6),
    "ru": (35, 20, 4, 4, 5, 4, 24),
    "bg": (60, 20, 5, 15),
    "sr": (40, 30, 10, 20),
    "latin": (40, 45, 15),
    "vi": (25, 75, 0),
}
_GERMAN = {"uk": 4, "ru": 4, "bg": 3}
_FRENCH = {"uk": 5, "ru": 5}
_MIDDLE_P = {"patronymic": 0.2, "father": 0.4, "vi_middle": 0.85, "second_surname": 0.45,
             "middle_surname": 0.4}


def _scheme_index(rng: random.Random, person: Person, state: str) -> int:
    c = person.culture
    if c == "zh":
        return 1 if person.nationality == "TW" and rng.random() < 0.75 else 0
    if state == "DE" and c in _GERMAN and rng.random() < 0.35:
        return _GERMAN[c]
    if state == "FR" and c in _FRENCH and rng.random() < 0.3:
        return _FRENCH[c]
    weights = _WEIGHTS.get(c) or _WEIGHTS["latin"]
    return rng.choices(range(len(weights)), weights)[0]


def _pick(rng: random.Random, tok: Token, k: int, aligned: bool) -> str:
    if aligned:
        return tok.latin[min(k, len(tok.latin) - 1)]
    return tok.latin[0] if rng.random() < 0.45 else rng.choice(tok.latin)


def _syllable_given(rng: random.Random, tok: Token, k: int, culture: str) -> str:
    if culture == "zh":
        syl = [s[k] for s in tok.syllables]
    else:
        syl = [s[0] if rng.random() < 0.6 else rng.choice(s) for s in tok.syllables]
    if len(syl) == 1:
        return syl[0].capitalize()
    style = rng.random()
    if style < 0.5:
        return "".join(syl).capitalize()
    if style < 0.65:
        return "-".join(x.capitalize() for x in syl)
    if style < 0.8:
        return "-".join(syl).capitalize()
    return " ".join(x.capitalize() for x in syl)


def _caps(text: str) -> str:
    """Upper case as registries write it (Greek capitals drop the accents)."""
    up = text.upper()
    if any("\u0370" <= ch <= "\u03ff" for ch in text):
        up = "".join(ch for ch in unicodedata.normalize("NFD", up) if not unicodedata.combining(ch))
        up = unicodedata.normalize("NFC", up)
    return up


def _assemble(rng: random.Random, given: str, family: str, family_first_bias: bool) -> tuple[str, bool]:
    r = rng.random()
    if r < 0.1:
        return f"{_caps(family)}, {given}", True
    if r < 0.2:
        return f"{_caps(family)} {given}", True
    if rng.random() < (0.55 if family_first_bias else 0.12):
        return f"{family} {given}", True
    return f"{given} {family}", False


def _parts(person: Person, g: str, f: str, m: str | None) -> tuple[str, str]:
    kind = CULTURES[person.culture].middle_kind
    if not m:
        return g, f
    if kind == "second_surname":
        return g, f"{f} {m}"
    if kind == "middle_surname":
        return g, f"{m} {f}"
    if kind == "vi_middle":
        return f"{m} {g}", f
    return f"{g} {m}", f


def latin_name(rng: random.Random, person: Person, state: str, kind: str = "primary",
               allow_typo: bool = True, k: int | None = None) -> dict:
    c = CULTURES[person.culture]
    k = _scheme_index(rng, person, state) if k is None else k
    g = (_syllable_given(rng, person.given, k, c.code) if person.given.syllables
         else _pick(rng, person.given, k, c.aligned))
    f = _pick(rng, person.family, k, c.aligned)
    m = None
    if person.middle and rng.random() < _MIDDLE_P.get(c.middle_kind, 0):
        m = _pick(rng, person.middle, k, c.aligned)
    if allow_typo and rng.random() < 0.1:
        if rng.random() < 0.5:
            g = typo(rng, g)
        else:
            f = typo(rng, f)
    given, family = _parts(person, g, f, m)
    full, _ = _assemble(rng, given, family, c.family_first_native)
    return _entry(rng, full, given, family, kind, 0.5)


def _entry(rng: random.Random, full: str, given: str, family: str, kind: str, p_fields: float) -> dict:
    out = {"full": full}
    if rng.random() < p_fields:
        out["given"], out["family"] = given, family
    if kind != "primary" or rng.random() < 0.8:
        out["kind"] = kind
    return out


def native_name(rng: random.Random, person: Person, state: str) -> dict:
    c = CULTURES[person.culture]
    g, f = person.given.native, person.family.native
    m = person.middle.native if person.middle else None
    if c.script in ("han", "hangul", "kanji"):
        if c.script == "han" and state in ("TW", "JP"):
            g, f = person.given.alt_native or g, person.family.alt_native or f
        sep = " " if c.script == "kanji" and rng.random() < 0.5 else ""
        return _entry(rng, f"{f}{sep}{g}", g, f, "primary", 0.6)
    if c.script == "cyrillic" and person.culture in ("ru", "uk"):
        r = rng.random()
        if r < 0.5 and m:
            return _entry(rng, f"{f} {g} {m}", f"{g} {m}", f, "primary", 0.6)
        if r < 0.8 and m:
            return _entry(rng, f"{g} {m} {f}", f"{g} {m}", f, "primary", 0.6)
        return _entry(rng, f"{g} {f}", g, f, "primary", 0.6)
    if person.culture == "sr" and state == "RS" and rng.random() < 0.4:  # Serbian Latinica
        g, f = person.given.latin[0], person.family.latin[0]
    if c.script == "arabic":
        r = rng.random()
        if m and r < 0.5:
            return _entry(rng, f"{g} {m} {f}", f"{g} {m}", f, "primary", 0.4)
        if m and r < 0.75:
            return _entry(rng, f"{g} {m}", g, m, "primary", 0.4)
        return _entry(rng, f"{g} {f}", g, f, "primary", 0.4)
    given, family = _parts(person, g, f, m if (m and (c.middle_kind != "middle_surname"
                                                      or rng.random() < 0.8)) else None)
    if c.family_first_native:
        full = f"{family} {given}"
    elif rng.random() < 0.15:
        full = f"{_caps(family)}, {given}"
    else:
        full = f"{given} {family}"
    return _entry(rng, full, given, family, "primary", 0.6)


def writes_natively(person: Person, state: str, native_cultures: tuple[str, ...]) -> bool:
    c = CULTURES[person.culture]
    if c.script == "latin":
        return state == person.nationality
    return person.culture in native_cultures


def names_for(rng: random.Random, person: Person, state: str, native_cultures: tuple[str, ...]) -> list[dict]:
    if person.kind == "organization":
        return org_names(rng, person, state, native_cultures)
    c = CULTURES[person.culture]
    native = writes_natively(person, state, native_cultures)
    if native and person.culture in ("ru", "uk") and state == "RS" and rng.random() < 0.5:
        native = False
    if native and person.nationality == "MA" and state == "MA" and rng.random() < 0.4:
        native = False  # Moroccan files often use the French-style Latin spelling
    names = [native_name(rng, person, state) if native else latin_name(rng, person, state)]
    if native and c.script != "latin" and rng.random() < 0.35:
        names.append(latin_name(rng, person, state, "transliteration", allow_typo=False, k=0))
    if rng.random() < 0.1:
        names.append(latin_name(rng, person, state, "alias", allow_typo=False))
    if rng.random() < 0.35:
        names.append({"full": person.handle, "kind": "nickname"})
    if person.given.nicks and rng.random() < 0.25:
        nick = rng.choice(person.given.nicks)
        if c.script == "cyrillic":
            names.append({"full": nick, "kind": "nickname"})
        else:
            fam = person.family.latin[0] if c.aligned else rng.choice(person.family.latin)
            names.append({"full": f"{nick} {fam}", "given": nick, "family": fam, "kind": "alias"})
    if person.english_alias and rng.random() < 0.5:
        fam = person.family.latin[1 if person.nationality == "TW" else 0]
        names.append({"full": f"{person.english_alias} {fam}", "kind": "alias"})
    seen: set[str] = set()
    return [n for n in names if not (n["full"] in seen or seen.add(n["full"]))]


# ---------------------------------------------------------------- birth dates

def birth_dates(rng: random.Random, true: date, versions: int) -> list[str | None]:
    """The birth date this file records at each version (may be refined by an update)."""
    r = rng.random()
    if r < 0.03 and true.day <= 12 and true.day != true.month:
        full = f"{true.year:04d}-{true.day:02d}-{true.month:02d}"  # day and month swapped
    elif r < 0.06:
        full = (true + timedelta(days=rng.choice((-1, 1)))).isoformat()
    elif r < 0.09:  # a false or misread document: another date altogether
        full = (true + timedelta(days=rng.choice((-1, 1)) * rng.randrange(60, 365 * 12))).isoformat()
    else:
        full = true.isoformat()
    p = rng.random()
    final = full if p < 0.6 else full[:7] if p < 0.7 else full[:4] if p < 0.82 else None
    out: list[str | None] = [final] * versions
    if versions > 1 and final and rng.random() < 0.45:  # earlier versions knew less
        cut = rng.randrange(1, versions)
        early = rng.choice((None, full[:4], full[:7]))
        if early is None or len(early) < len(final):
            for i in range(cut):
                out[i] = early
    return out
