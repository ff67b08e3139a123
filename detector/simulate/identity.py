"""Identity documents (passport and national id numbers in national formats, typed in varying
ways) and front companies (kind organization) with their legal-form variants."""

from __future__ import annotations

import random
from datetime import date

from .names import CULTURES, Person, Token
from .romanise import RU_SCHEMES, romanise

# ---------------------------------------------------------------- identifiers

_PASSPORT = {"UA": "LL######", "RU": "## #######", "BY": "LL#######", "KZ": "N########",
             "BG": "#########", "RS": "#########", "GR": "LL#######", "CY": "K########",
             "CN": "E########", "TW": "3########", "VN": "C#######", "TR": "U########",
             "DE": "CAAAAAAAA", "AT": "P#######", "FR": "##LL#####", "BE": "LL######",
             "ES": "PLL######", "IT": "YA#######", "NL": "NLLA#AA##", "PL": "LL#######",
             "US": "#########", "GB": "#########", "CA": "LL######", "AU": "PA######",
             "IE": "PA#######", "NG": "A########", "BR": "FL######", "PT": "CB######",
             "IN": "L#######", "JP": "TL#######", "KR": "M########", "EG": "A########",
             "MA": "LL#######", "SA": "A########", "AE": "#########", "JO": "N#######"}
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def _fill(rng: random.Random, pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "L":
            out.append(rng.choice(_LETTERS))
        elif ch == "A":
            out.append(rng.choice("CFGHJKLMNPRTVWXYZ0123456789"))
        else:
            out.append(ch)
    return "".join(out)


def assign_identifiers(rng: random.Random, person: Person) -> None:
    if person.kind == "organization":
        return
    person.passport = _fill(rng, _PASSPORT.get(person.nationality, "LL#######"))
    b = person.birth
    if person.nationality == "CN":
        body = f"{rng.randrange(110000, 659999)}{b:%Y%m%d}{rng.randrange(100, 999)}"
        w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        person.national_id = body + "10X98765432"[sum(int(d) * x for d, x in zip(body, w)) % 11]
    elif person.nationality == "TR":
        d = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(8)]
        d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
        person.national_id = "".join(map(str, d + [d10, (sum(d) + d10) % 10]))
    elif person.nationality == "ES":
        n = rng.randrange(10_000_000, 99_999_999)
        person.national_id = f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"
    elif person.nationality == "KR":
        person.national_id = f"{b:%y%m%d}-{rng.choice('1234')}{rng.randrange(100000, 999999)}"
    elif person.nationality == "EG":
        person.national_id = f"{2 if b.year < 2000 else 3}{b:%y%m%d}{rng.randrange(10**6, 10**7)}"
    elif person.nationality == "IN":
        person.national_id = str(rng.randrange(2 * 10**11, 10**12))
    elif person.nationality == "UA":
        person.national_id = str(rng.randrange(10**9, 4 * 10**9))


def format_identifier(rng: random.Random, value: str) -> str:
    """The same number as another office types it: spaces, dashes, case."""
    r = rng.random()
    if r < 0.45:
        return value
    if r < 0.65:
        i = next((i for i, ch in enumerate(value) if ch.isdigit()), 0)
        return (value[:i] + " " + value[i:]) if 0 < i < len(value) else value[:2] + " " + value[2:]
    if r < 0.8:
        return value.replace("-", "").replace(" ", "")
    if r < 0.9:
        return value.lower()
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def identifiers_for(rng: random.Random, person: Person, home: bool) -> list[dict]:
    out: list[dict] = []
    if person.kind == "organization":
        if person.org_registration and rng.random() < 0.6:
            out.append({"type": "company_registration", "value": format_identifier(rng, person.org_registration)})
        return out
    if person.passport and rng.random() < (0.8 if home else 0.7):
        out.append({"type": "passport", "value": format_identifier(rng, person.passport),
                    "country": person.nationality})
    if person.national_id and (not out or rng.random() < 0.5):
        out.append({"type": "national_id", "value": format_identifier(rng, person.national_id),
                    "country": person.nationality})
    return out


# ---------------------------------------------------------------- organizations

_ORG_WORDS_CYR = ["Ромашка:Camomile", "Вектор:Vector", "Альфа-Трейд:Alpha Trade", "Горизонт:Horizon",
                  "Спектр:Spectrum", "Феникс:Phoenix", "Меридиан:Meridian", "Атлант:Atlas"]
_ORG_WORDS_ZH = ["华信:Huaxin", "鼎盛:Dingsheng", "宏达:Hongda", "金星:Jinxing", "瑞丰:Ruifeng"]
_ORG_WORDS_EN = ["Sunrise", "Blue Ocean", "Northwind", "Silver Lake", "Apex Global", "Golden Gate"]


def make_org(rng: random.Random, pid: str, culture: str, nationality: str) -> Person:
    if culture in ("ru", "uk"):
        w, en = rng.choice(_ORG_WORDS_CYR).split(":")
        lat = romanise(w, RU_SCHEMES[0]).replace("ie", "e")
        form, lform = ("ООО", "OOO") if culture == "ru" else ("ТОВ", "TOV")
        names = (f"{form} «{w}»", f"{lform} {lat}", f"{lform} \"{lat}\"", f"{lat} LLC", f"LLC {lat}",
                 f"{en} Ltd", f"{lat.upper()} LLC")
        reg = str(rng.randrange(10**12, 10**13)) if culture == "ru" else str(rng.randrange(10**7, 10**8))
    elif culture == "zh":
        w, lat = rng.choice(_ORG_WORDS_ZH).split(":")
        names = (f"深圳市{w}科技有限公司", f"Shenzhen {lat} Technology Co., Ltd.",
                 f"SHENZHEN {lat.upper()} TECHNOLOGY CO LTD", f"{lat} Technology (Shenzhen) Co. Ltd")
        reg = "91440300" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
    elif culture == "tr":
        w = rng.choice(["Anka", "Toros", "Kartal", "Yıldız", "Ege"])
        names = (f"{w} Bilişim Teknolojileri Ltd. Şti.", f"{w} Bilisim Teknolojileri Ltd. Sti.",
                 f"{w} Bilişim Ltd Şti", f"{w.replace('ı', 'i')} IT Technologies Ltd")
        reg = str(rng.randrange(10**9, 10**10))
    elif culture == "ar":
        w = rng.choice(_ORG_WORDS_EN)
        names = (f"{w} General Trading FZE", f"{w} General Trading L.L.C", f"{w.upper()} GEN. TRADING FZE",
                 f"{w} Gen Trading")
        reg = f"DMCC-{rng.randrange(10000, 999999)}"
    elif culture == "de":
        w = rng.choice(_ORG_WORDS_EN)
        names = (f"{w} Consulting GmbH", f"{w} Consulting", f"{w.upper()} CONSULTING GMBH")
        reg = f"HRB {rng.randrange(10000, 250000)}"
    else:
        w = rng.choice(_ORG_WORDS_EN)
        names = (f"{w} Trading Ltd", f"{w.upper()} TRADING LIMITED", f"{w} Trading Ltd.", f"{w} Trading")
        reg = f"{rng.randrange(10**7, 10**8)}"
    tok = Token(names[0], names[1:])
    return Person(pid, culture if culture in CULTURES else "en", nationality, "unknown", tok, tok, None,
                  date(2000, 1, 1), "", kind="organization", org_names=names, org_registration=reg)


def org_names(rng: random.Random, org: Person, state: str, native_cultures: tuple[str, ...]) -> list[dict]:
    native = org.org_names[0]
    script_native = not native.isascii() and org.culture in native_cultures
    home = state == org.nationality
    first = native if (script_native or home) else rng.choice(org.org_names[1:])
    out = [{"full": first, "kind": "primary"}]
    if rng.random() < 0.3:
        alt = rng.choice([n for n in org.org_names if n != first])
        if alt.isascii() or script_native:
            out.append({"full": alt, "kind": "alias"})
    return out
