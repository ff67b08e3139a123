"""Name tokens with their romanisations, naming cultures, and the parsed name pools."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import names_data as D
from .romanise import BG_SCHEMES, RU_SCHEMES, SR_SCHEMES, UK_SCHEMES, all_schemes, latin_variants


@dataclass(frozen=True)
class Token:
    """One name component. ``latin`` holds its Latin renderings; for ``aligned`` cultures index k
    means the same scheme for every token of the person."""

    native: str
    latin: tuple[str, ...]
    nicks: tuple[str, ...] = ()
    syllables: tuple[tuple[str, ...], ...] = ()  # Han/Hangul given names, per syllable variants
    alt_native: str = ""  # traditional Han characters


@dataclass(frozen=True)
class Culture:
    code: str
    script: str  # latin, cyrillic, greek, arabic, han, hangul, kanji
    nationalities: tuple[str, ...]
    aligned: bool
    family_first_native: bool = False
    middle_kind: str = ""  # patronymic, father, vi_middle, second_surname, middle_surname


CULTURES: dict[str, Culture] = {c.code: c for c in [
    Culture("uk", "cyrillic", ("UA",), True, middle_kind="patronymic"),
    Culture("ru", "cyrillic", ("RU", "BY", "KZ"), True, middle_kind="patronymic"),
    Culture("bg", "cyrillic", ("BG",), True, middle_kind="father"),
    Culture("sr", "cyrillic", ("RS",), True),
    Culture("el", "greek", ("GR", "CY"), False),
    Culture("ar", "arabic", ("EG", "MA", "SA", "AE", "JO", "SY", "IQ", "DZ"), False,
            middle_kind="father"),
    Culture("zh", "han", ("CN", "TW"), True, family_first_native=True),
    Culture("ko", "hangul", ("KR",), False, family_first_native=True),
    Culture("ja", "kanji", ("JP",), False, family_first_native=True),
    Culture("vi", "latin", ("VN",), True, family_first_native=True, middle_kind="vi_middle"),
    Culture("tr", "latin", ("TR",), True),
    Culture("de", "latin", ("DE", "AT"), True),
    Culture("fr", "latin", ("FR", "BE"), True),
    Culture("es", "latin", ("ES", "MX", "CO"), True, middle_kind="second_surname"),
    Culture("it", "latin", ("IT",), True),
    Culture("nl", "latin", ("NL",), True),
    Culture("pl", "latin", ("PL",), True),
    Culture("pt", "latin", ("BR", "PT"), True, middle_kind="middle_surname"),
    Culture("en", "latin", ("US", "GB", "CA", "AU", "IE"), True),
    Culture("ng", "latin", ("NG",), True),
    Culture("hi", "latin", ("IN",), False),
]}


# ---------------------------------------------------------------- parsing the tables

def _split_nicks(item: str) -> tuple[str, tuple[str, ...]]:
    head, _, nicks = item.partition(":")
    return head, tuple(n for n in nicks.split(",") if n)


def _cyr_tokens(table: str, schemes, ru_equiv: bool = False) -> list[Token]:
    out = []
    for item in table.split():
        head, nicks = _split_nicks(item)
        native, _, ru = head.partition("=")
        latin = all_schemes(native, schemes)
        if ru_equiv:  # Ukrainian: append the Russian-style renderings (aligned 7 + 7)
            latin += all_schemes(ru or _russify(native), RU_SCHEMES)
        out.append(Token(native, latin, nicks))
    return out


def _russify(uk: str) -> str:
    return uk.replace("і", "и").replace("ї", "и").replace("є", "е").replace("І", "И")


def _curated(table: str) -> list[Token]:
    out = []
    for item in table.split(" "):
        native, _, rest = item.partition(":")
        variants, _, nicks = rest.partition(":")
        out.append(Token(native, tuple(variants.split(",")), tuple(n for n in nicks.split(",") if n)))
    return out


def _curated_multi(table: str) -> list[Token]:
    """Curated entries separated by "; " (natives may contain spaces)."""
    out = []
    for item in table.split("; "):
        native, _, rest = item.partition(":")
        variants, _, nicks = rest.partition(":")
        out.append(Token(native, tuple(v for v in variants.split(",") if v) or (native,),
                         tuple(n for n in nicks.split(",") if n)))
    return out


def _latin_tokens(table: str, nick_table: bool = False, sep: str = " ") -> list[Token]:
    out = []
    for item in table.split(sep):
        head, nicks = _split_nicks(item) if nick_table else (item, ())
        out.append(Token(head, latin_variants(head), nicks))
    return out


def _ar_family(table: str) -> list[Token]:
    out = []
    for item in table.split("; "):
        native, article, bases = item.split(":")
        forms: list[str] = []
        for base in bases.split(","):
            if article:
                forms += [f"al-{base}", f"Al-{base}", f"Al {base}", f"Al{base.lower()}",
                          f"El-{base}", f"El {base}", base]
            else:
                forms.append(base)
        out.append(Token(native, tuple(forms)))
    return out


def _gr_family(table: str, female: bool) -> list[Token]:
    out = []
    for item in table.split():
        natives, _, latins = item.partition(":")
        native = natives.split("/")[int(female)]
        latin = latins.split("/")[int(female)]
        out.append(Token(native, tuple(latin.split(","))))
    return out


def _han(table: str) -> list[tuple[str, str, str, str]]:
    return [tuple(item.split(":")) for item in table.split()]  # type: ignore[misc]


def _patronymics(table: str, schemes, ru_map=None) -> dict[str, tuple[Token, Token]]:
    out = {}
    for item in table.split():
        _, m, f = item.split(":")
        def tok(n: str) -> Token:
            latin = all_schemes(n, schemes)
            if ru_map is not None:
                latin += all_schemes(ru_map.get(n, _russify(n)), RU_SCHEMES)
            return Token(n, latin)
        out[m] = (tok(m), tok(f))
    return out


def female_slavic(tok_native: str, culture: str) -> str:
    if culture in ("ru", "bg"):
        if tok_native.endswith("ий"):
            return tok_native[:-2] + "ая"
        if tok_native.endswith(("ов", "ев", "ёв", "ин")):
            return tok_native + "а"
    if culture == "pl" and tok_native.endswith(("ski", "cki")):
        return tok_native[:-1] + "a"
    return tok_native


@dataclass
class Pools:
    given: dict[tuple[str, str], list[Token]] = field(default_factory=dict)  # (culture, gender)
    family: dict[str, list[Token]] = field(default_factory=dict)
    middle: dict[tuple[str, str], list[Token]] = field(default_factory=dict)
    han_family: list = field(default_factory=list)
    han_given: list = field(default_factory=list)
    ko_syllables: list[Token] = field(default_factory=list)


def _build_pools() -> Pools:
    p = Pools()
    schemes = {"uk": UK_SCHEMES, "ru": RU_SCHEMES, "bg": BG_SCHEMES, "sr": SR_SCHEMES}
    for code, gm, gf, fam in (("uk", D.UK_GIVEN_M, D.UK_GIVEN_F, D.UK_FAMILY),
                              ("ru", D.RU_GIVEN_M, D.RU_GIVEN_F, D.RU_FAMILY),
                              ("bg", D.BG_GIVEN_M, D.BG_GIVEN_F, D.BG_FAMILY),
                              ("sr", D.SR_GIVEN_M, D.SR_GIVEN_F, D.SR_FAMILY)):
        uk = code == "uk"
        p.given[(code, "male")] = _cyr_tokens(gm, schemes[code], uk)
        p.given[(code, "female")] = _cyr_tokens(gf, schemes[code], uk)
        p.family[code] = _cyr_tokens(fam, schemes[code], uk)
    ukp = _patronymics(D.UK_PATRONYMIC, UK_SCHEMES, D.UK_PATRONYMIC_RU)
    rup = _patronymics(D.RU_PATRONYMIC, RU_SCHEMES)
    for code, pats in (("uk", ukp), ("ru", rup)):
        p.middle[(code, "male")] = [m for m, _ in pats.values()]
        p.middle[(code, "female")] = [f for _, f in pats.values()]
    p.middle[("bg", "male")] = p.middle[("bg", "female")] = p.family["bg"]
    p.given[("el", "male")] = _curated(D.GR_GIVEN_M)
    p.given[("el", "female")] = _curated(D.GR_GIVEN_F)
    p.family["el"] = _gr_family(D.GR_FAMILY, False)
    p.family["el/f"] = _gr_family(D.GR_FAMILY, True)
    p.given[("ar", "male")] = _curated_multi(D.AR_GIVEN_M)
    p.given[("ar", "female")] = _curated_multi(D.AR_GIVEN_F)
    p.family["ar"] = _ar_family(D.AR_FAMILY)
    p.middle[("ar", "male")] = p.middle[("ar", "female")] = p.given[("ar", "male")]
    p.han_family, p.han_given = _han(D.ZH_FAMILY), _han(D.ZH_GIVEN)
    p.family["ko"] = _curated(D.KO_FAMILY)
    p.ko_syllables = _curated(D.KO_SYLLABLE)
    p.family["ja"] = _curated(D.JA_FAMILY)
    p.given[("ja", "male")] = _curated(D.JA_GIVEN_M)
    p.given[("ja", "female")] = _curated(D.JA_GIVEN_F)
    for code, gm, gf, fam in (("vi", D.VI_GIVEN_M, D.VI_GIVEN_F, D.VI_FAMILY),
                              ("tr", D.TR_GIVEN_M, D.TR_GIVEN_F, D.TR_FAMILY),
                              ("de", D.DE_GIVEN_M, D.DE_GIVEN_F, D.DE_FAMILY),
                              ("fr", D.FR_GIVEN_M, D.FR_GIVEN_F, D.FR_FAMILY),
                              ("es", D.ES_GIVEN_M, D.ES_GIVEN_F, D.ES_FAMILY),
                              ("it", D.IT_GIVEN_M, D.IT_GIVEN_F, D.IT_FAMILY),
                              ("pl", D.PL_GIVEN_M, D.PL_GIVEN_F, D.PL_FAMILY),
                              ("pt", D.PT_GIVEN_M, D.PT_GIVEN_F, D.PT_FAMILY),
                              ("nl", D.NL_GIVEN_M, D.NL_GIVEN_F, None),
                              ("hi", D.HI_GIVEN_M, D.HI_GIVEN_F, None)):
        p.given[(code, "male")] = _latin_tokens(gm)
        p.given[(code, "female")] = _latin_tokens(gf)
        if fam:
            p.family[code] = _latin_tokens(fam)
    p.family["nl"] = _latin_tokens(D.NL_FAMILY, sep="|")
    p.family["hi"] = [Token(n, (n,) + tuple(v for v in rest.split(",") if v))
                      for n, _, rest in (i.partition(":") for i in D.HI_FAMILY.split())]
    for code, gm, gf, fam in (("en", D.EN_GIVEN_M, D.EN_GIVEN_F, D.EN_FAMILY),
                              ("ng", D.NG_GIVEN_M, D.NG_GIVEN_F, D.NG_FAMILY)):
        p.given[(code, "male")] = _latin_tokens(gm, nick_table=True)
        p.given[(code, "female")] = _latin_tokens(gf, nick_table=True)
        p.family[code] = _latin_tokens(fam)
    p.middle[("vi", "male")] = _latin_tokens(D.VI_MIDDLE_M)
    p.middle[("vi", "female")] = _latin_tokens(D.VI_MIDDLE_F)
    return p


POOLS = _build_pools()
