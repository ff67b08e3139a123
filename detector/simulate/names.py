"""People: person generation (names from the pools, birth date, handle)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from . import names_data as D
from .romanise import BG_SCHEMES, RU_SCHEMES, all_schemes, latin_variants, strip_diacritics
from .tokens import CULTURES, POOLS, Culture, Token, female_slavic

__all__ = ["CULTURES", "Culture", "Person", "Token", "make_handle", "make_person"]


# ---------------------------------------------------------------- persons

@dataclass
class Person:
    pid: str
    culture: str
    nationality: str
    gender: str
    given: Token
    family: Token
    middle: Token | None
    birth: date
    handle: str
    passport: str | None = None
    national_id: str | None = None
    english_alias: str = ""
    kind: str = "person"
    org_names: tuple[str, ...] = ()  # organizations: native first, then Latin variants
    org_registration: str | None = None

    @property
    def script(self) -> str:
        return CULTURES[self.culture].script


def _han_token(rng: random.Random, family: bool, fixed: str | None = None) -> Token:
    if family:
        row = next((r for r in POOLS.han_family if r[0] == fixed), None) or rng.choice(POOLS.han_family)
        return Token(row[0], (row[2], row[3]), alt_native=row[1])
    if fixed:
        rows = [next(r for r in POOLS.han_given if r[0] == ch) for ch in fixed]
    else:
        rows = [rng.choice(POOLS.han_given) for _ in range(rng.choice((1, 2, 2, 2)))]
    syl = tuple((r[2], r[3]) for r in rows)
    return Token("".join(r[0] for r in rows), ("".join(s[0] for s in syl).capitalize(),
                                               "".join(s[1] for s in syl).capitalize()),
                 syllables=syl, alt_native="".join(r[1] for r in rows))


def _ko_given(rng: random.Random, fixed: str | None = None) -> Token:
    toks = ([next(t for t in POOLS.ko_syllables if t.native == ch) for ch in fixed] if fixed
            else [rng.choice(POOLS.ko_syllables) for _ in range(2)])
    syl = tuple(t.latin for t in toks)
    return Token("".join(t.native for t in toks), ("".join(s[0] for s in syl).capitalize(),),
                 syllables=syl)


def _find(tokens: list[Token], native: str) -> Token | None:
    return next((t for t in tokens if t.native == native), None)


def make_person(rng: random.Random, pid: str, culture: str, nationality: str | None = None,
                common: tuple[str, str, str, str] | None = None) -> Person:
    """A person of ``culture``; ``common`` = (culture, gender, given, family) forces a namesake."""
    c = CULTURES[culture]
    gender = common[1] if common else ("male" if rng.random() < 0.86 else "female")
    nat = nationality or rng.choice(c.nationalities)
    fixed_g, fixed_f = (common[2], common[3]) if common else (None, None)
    middle = None
    if culture == "zh":
        given, family = _han_token(rng, False, fixed_g), _han_token(rng, True, fixed_f)
    elif culture == "ko":
        given = _ko_given(rng, fixed_g)
        family = _find(POOLS.family["ko"], fixed_f or "") or rng.choice(POOLS.family["ko"])
    else:
        gpool = POOLS.given[(culture, gender)]
        given = _find(gpool, fixed_g or "") or rng.choice(gpool)
        fkey = "el/f" if culture == "el" and gender == "female" else culture
        fam_pool = POOLS.family[fkey]
        family = (_find(fam_pool, fixed_f or "") or _find(POOLS.given[(culture, "male")], fixed_f or "")
                  or rng.choice(fam_pool))
        if gender == "female" and culture in ("ru", "bg", "pl"):
            fem = female_slavic(family.native, culture)
            if fem != family.native:
                sch = {"ru": RU_SCHEMES, "bg": BG_SCHEMES}.get(culture)
                family = Token(fem, all_schemes(fem, sch) if sch else latin_variants(fem))
        if c.middle_kind in ("patronymic", "father", "vi_middle"):
            middle = rng.choice(POOLS.middle[(culture, gender)])
            if middle.native == given.native or middle.native == family.native:
                middle = rng.choice(POOLS.middle[(culture, gender)])
            if culture == "bg":
                middle = middle if gender == "male" else Token(
                    female_slavic(middle.native, "bg"), all_schemes(female_slavic(middle.native, "bg"), BG_SCHEMES))
        elif c.middle_kind == "second_surname":
            middle = rng.choice(POOLS.family[culture])
        elif c.middle_kind == "middle_surname" and rng.random() < 0.6:
            surname = rng.choice(POOLS.family[culture])
            part = {"Santos": "dos", "Silva": "da", "Conceição": "da"}.get(surname.native, "de")
            middle = Token(f"{part} {surname.native}", tuple(f"{part} {v}" for v in surname.latin))
    if common and culture == "vi":
        middle = _find(POOLS.middle[("vi", gender)], "Văn") or middle
    start = date(1968, 1, 1)
    birth = start + timedelta(days=rng.randrange(0, 365 * 38))
    handle = make_handle(rng, given, family)
    p = Person(pid, culture, nat, gender, given, family, middle, birth, handle)
    if culture == "zh" and rng.random() < 0.35:
        p.english_alias = rng.choice(D.ZH_ENGLISH.split())
    return p


def make_handle(rng: random.Random, given: Token, family: Token) -> str:
    g = strip_diacritics(given.latin[0]).lower()
    f = strip_diacritics(family.latin[0]).lower()
    g = "".join(ch for ch in g if ch.isascii() and ch.isalnum()) or "x"
    f = "".join(ch for ch in f if ch.isascii() and ch.isalnum()) or "y"
    word = rng.choice(D.HANDLE_WORDS)
    style = rng.randrange(6)
    if style == 0:
        return f"{g[:5]}_{f[0]}"
    if style == 1:
        return f"{word}{rng.randrange(10, 99)}"
    if style == 2:
        return f"{f[:6]}{rng.randrange(70, 99)}"
    if style == 3:
        return f"{word}_{g[:3]}"
    if style == 4:
        return word.replace("o", "0").replace("e", "3") + rng.choice(("x", "_", "z", "666", "1337"))
    return f"{g[0]}{f[:7]}"
