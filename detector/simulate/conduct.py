"""Conduct: modus operandi, offences, malware, victims, periods, losses, descriptions in the
notifying state's language. Unrelated crews draw from the same pools (hard negatives)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

# modus operandi: (weight, core offences, extra offences, malware families it uses)
MO: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ransomware": (16, ("illegal_access", "data_interference", "system_interference"),
                   ("misuse_of_devices", "laundering", "theft_or_fraud"),
                   ("LockBit", "BlackCat", "Akira", "Black Basta", "Conti", "Clop", "Cobalt Strike", "Qakbot")),
    "phishing": (14, ("illegal_access", "theft_or_fraud"), ("forgery", "laundering", "misuse_of_devices"),
                 ("Emotet", "Qakbot")),
    "bec": (10, ("theft_or_fraud", "forgery"), ("laundering", "illegal_access"), ()),
    "sim_swap": (5, ("illegal_access", "theft_or_fraud"), ("forgery", "laundering"), ()),
    "investment_fraud": (12, ("theft_or_fraud", "laundering"), ("forgery", "other_serious_crime"), ()),
    "romance_scam": (7, ("theft_or_fraud", "laundering"), ("other_serious_crime",), ()),
    "ddos": (5, ("system_interference",), ("misuse_of_devices", "illegal_access"), ("Mirai",)),
    "carding": (6, ("theft_or_fraud", "misuse_of_devices"), ("illegal_access", "laundering"), ()),
    "csam_distribution": (4, ("child_sexual_abuse_material",), ("solicitation_of_child",), ()),
    "sextortion": (5, ("non_consensual_intimate_images", "other_serious_crime"), ("theft_or_fraud",), ()),
    "infostealer": (8, ("illegal_access", "illegal_interception", "misuse_of_devices"),
                    ("theft_or_fraud", "data_interference"), ("RedLine", "Lumma", "Vidar", "Raccoon")),
    "crypto_drainer": (4, ("theft_or_fraud", "illegal_access"), ("laundering",), ()),
    "tech_support_scam": (4, ("theft_or_fraud",), ("illegal_access", "laundering"), ()),
}

MO_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "ransomware": {"*": ("ransomware", "Ransomware", "ransomware attack", "RaaS", "double extortion"),
                   "de": ("Ransomware-Angriff", "Erpressungstrojaner"), "fr": ("rançongiciel",),
                   "es": ("secuestro de datos",), "uk": ("програма-вимагач",), "zh": ("勒索软件",)},
    "phishing": {"*": ("phishing", "Phishing", "credential phishing", "spear-phishing", "smishing"),
                 "de": ("Phishing-Kampagne",), "fr": ("hameçonnage",), "pl": ("phishing (wyłudzanie danych)",)},
    "bec": {"*": ("bec", "BEC", "business email compromise", "CEO fraud", "invoice fraud"),
            "de": ("CEO-Betrug", "Business E-Mail Compromise"), "fr": ("fraude au président",)},
    "sim_swap": {"*": ("sim_swap", "SIM swap", "SIM swapping", "SIM-swap fraud")},
    "investment_fraud": {"*": ("investment_fraud", "investment fraud", "fake trading platform",
                               "crypto investment scam", "pig butchering"),
                         "de": ("Anlagebetrug", "Cybertrading-Betrug"), "fr": ("escroquerie aux faux placements",)},
    "romance_scam": {"*": ("romance_scam", "romance scam", "love scam", "dating fraud"),
                     "de": ("Love-Scamming",)},
    "ddos": {"*": ("ddos", "DDoS", "DDoS attack", "DDoS extortion", "booter service")},
    "carding": {"*": ("carding", "Carding", "card fraud", "CNP fraud", "e-skimming")},
    "csam_distribution": {"*": ("csam_distribution", "CSAM distribution", "CSAM forum", "distribution of CSAM")},
    "sextortion": {"*": ("sextortion", "Sextortion", "sextortion emails", "financial sextortion")},
    "infostealer": {"*": ("infostealer", "info-stealer", "credential theft malware", "stealer logs sale")},
    "crypto_drainer": {"*": ("crypto_drainer", "wallet drainer", "crypto drainer phishing")},
    "tech_support_scam": {"*": ("tech_support_scam", "tech support scam", "fake support call centre")},
}

MALWARE_SPELLING = {"LockBit": ("LockBit", "Lockbit", "LockBit 3.0", "LockBit Black"),
                    "BlackCat": ("BlackCat", "ALPHV", "ALPHV/BlackCat"), "Cobalt Strike": (
                        "Cobalt Strike", "CobaltStrike", "Cobalt Strike Beacon"),
                    "Qakbot": ("Qakbot", "QakBot", "Qbot"), "RedLine": ("RedLine", "RedLine Stealer", "Redline"),
                    "Emotet": ("Emotet", "EMOTET"), "Mirai": ("Mirai", "Mirai botnet"),
                    "Black Basta": ("Black Basta", "BlackBasta"), "Lumma": ("Lumma", "LummaC2", "Lumma Stealer")}

BIG_VICTIMS = [("Microsoft", ("Microsoft", "Microsoft Corporation", "Microsoft Corp.", "MICROSOFT"), "technology",
                "US"),
               ("Deutsche Bank", ("Deutsche Bank", "Deutsche Bank AG", "DEUTSCHE BANK AG"), "finance", "DE"),
               ("NHS", ("NHS", "National Health Service", "NHS England"), "health", "GB"),
               ("Maersk", ("Maersk", "A.P. Møller - Mærsk", "A.P. Moller-Maersk"), "logistics", "DK"),
               ("Santander", ("Banco Santander", "Santander", "Banco Santander S.A."), "finance", "ES"),
               ("Poste Italiane", ("Poste Italiane", "Poste Italiane S.p.A."), "logistics", "IT"),
               ("DHL", ("DHL", "DHL Group", "Deutsche Post DHL"), "logistics", "DE"),
               ("Binance", ("Binance", "Binance Holdings"), "finance", "AE")]
_LOCAL = {"de": ("Klinikum {c}:health", "Stadtwerke {c}:energy", "Sparkasse {c}:finance"),
          "fr": ("Centre hospitalier de {c}:health", "Mairie de {c}:government"),
          "es": ("Hospital de {c}:health", "Ayuntamiento de {c}:government"),
          "it": ("Comune di {c}:government", "ASL {c}:health"),
          "nl": ("Gemeente {c}:government", "Universiteit {c}:education"),
          "pl": ("Szpital Miejski, {c}:health", "Urząd Miasta, {c}:government"),
          "uk": ("Міська рада м. {c}:government", "КНП «Міська лікарня м. {c}»:health"),
          "en": ("{c} City Council:government", "{c} General Hospital:health", "University of {c}:education")}
_CITIES = {"DE": "Bamberg Kassel Gießen Rostock", "FR": "Rouen Lille Nantes", "ES": "Valencia Bilbao",
           "IT": "Verona Bari", "NL": "Utrecht Groningen", "PL": "Łódź Gdańsk", "UA": "Київ Львів",
           "GB": "Leeds Bristol", "US": "Tulsa Dayton", "CA": "Halifax", "AU": "Perth", "IN": "Pune"}

DESCRIPTION = {
    "de": "Ermittlungsverfahren wegen {mo} zum Nachteil von {v}; Tatzeitraum {f} bis {t}.",
    "fr": "Enquête pour {mo} au préjudice de {v} entre le {f} et le {t}.",
    "es": "Diligencias por {mo} contra {v}, hechos entre {f} y {t}.",
    "it": "Procedimento per {mo} ai danni di {v}, fatti commessi dal {f} al {t}.",
    "nl": "Onderzoek naar {mo} gericht tegen {v} in de periode {f} – {t}.",
    "pl": "Śledztwo w sprawie {mo} na szkodę {v} w okresie od {f} do {t}.",
    "uk": "Досудове розслідування щодо {mo} проти {v} у період з {f} по {t}.",
    "bg": "Досъдебно производство за {mo} срещу {v} в периода {f} – {t}.",
    "sr": "Истрага због {mo} на штету {v} у периоду од {f} до {t}.",
    "el": "Προανάκριση για {mo} σε βάρος {v} κατά το διάστημα {f} έως {t}.",
    "ar": "تحقيق في {mo} ضد {v} خلال الفترة من {f} إلى {t}.",
    "zh": "关于针对{v}的{mo}案件的侦查，案发时间{f}至{t}。",
    "zh-tw": "關於針對{v}之{mo}案件偵查，犯罪期間{f}至{t}。",
    "vi": "Điều tra vụ {mo} nhằm vào {v} trong khoảng thời gian từ {f} đến {t}.",
    "tr": "{v} aleyhine {mo} suçuna ilişkin soruşturma; suç tarihi {f} – {t}.",
    "en": "Investigation into {mo} targeting {v} between {f} and {t}.",
    "pt": "Inquérito sobre {mo} contra {v} no período de {f} a {t}.",
    "ja": "{v}を標的とした{mo}事件の捜査（{f}から{t}まで）。",
    "ko": "{v}을(를) 대상으로 한 {mo} 사건 수사 ({f} ~ {t}).",
}
_VICTIM_GENERIC = {"de": "mehreren Geschädigten", "fr": "plusieurs victimes", "es": "varias víctimas",
                   "it": "più persone offese", "nl": "meerdere slachtoffers", "pl": "wielu pokrzywdzonych",
                   "uk": "громадян", "bg": "граждани", "sr": "грађана", "el": "πολιτών", "ar": "مواطنين",
                   "zh": "多名被害人", "zh-tw": "多名被害人", "vi": "nhiều nạn nhân", "tr": "çok sayıda mağdur",
                   "en": "multiple victims", "pt": "diversas vítimas", "ja": "複数の被害者", "ko": "다수 피해자"}
RATES = {"EUR": 1, "USD": 1.1, "GBP": 0.85, "PLN": 4.3, "UAH": 45, "RSD": 117, "EGP": 53, "MAD": 11,
         "SAR": 4.1, "AED": 4, "JOD": 0.78, "CNY": 7.8, "TWD": 35, "VND": 27000, "TRY": 38, "CAD": 1.5,
         "AUD": 1.65, "NGN": 1700, "BRL": 6, "INR": 92, "JPY": 165, "KRW": 1500}


@dataclass
class Operation:
    """What a crew did, as the world knows it; each state sees part of it."""

    mo: str
    offences: tuple[str, ...]
    malware: tuple[str, ...]
    start: date
    end: date
    big_victims: list = field(default_factory=list)
    loss_eur: float = 0.0


def pick_mo(rng: random.Random) -> str:
    return rng.choices(list(MO), [v[0] for v in MO.values()])[0]


def make_operation(rng: random.Random, mo: str | None = None) -> Operation:
    mo = mo or pick_mo(rng)
    _, core, extra, families = MO[mo]
    offences = core + tuple(x for x in extra if rng.random() < 0.3)
    malware = tuple(rng.sample(families, k=min(len(families), rng.choice((1, 1, 2))))) if families else ()
    start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 700))
    end = start + timedelta(days=rng.randrange(20, 420))
    bigs = rng.sample(BIG_VICTIMS, k=rng.choice((0, 0, 1, 1, 2)))
    return Operation(mo, offences, malware, start, end, bigs, round(10 ** rng.uniform(3.7, 6.8), -2))


def case_conduct(rng: random.Random, op: Operation, state: str, lang: str, currency: str,
                 opened: date) -> dict:
    """One state's view of the operation (subset/superset of offences, shifted period...)."""
    offences = list(op.offences)
    if len(offences) > 1 and rng.random() < 0.4:
        offences.remove(rng.choice(offences))
    if rng.random() < 0.25:
        extra = rng.choice(MO[op.mo][2] or ("other_serious_crime",))
        if extra not in offences:
            offences.append(extra)
    rng.shuffle(offences)
    f = min(op.start + timedelta(days=rng.randrange(-30, 60)),
            opened - timedelta(days=rng.randrange(7, 60)))
    t = min(op.end + timedelta(days=rng.randrange(-60, 30)), opened)
    if t <= f:
        t = f + timedelta(days=rng.randrange(1, 30))
    words = MO_WORDS[op.mo]
    local = words.get(lang.split("-")[0], ())
    mo_word = rng.choice(local) if local and rng.random() < 0.4 else rng.choice(words["*"])
    out: dict = {"offences": offences, "period": {"from": f.isoformat()}}
    if rng.random() < 0.8:
        out["period"]["to"] = t.isoformat()
    victims = []
    for name, forms, sector, country in op.big_victims:
        if rng.random() < 0.7:
            v = {"kind": "organization", "name": rng.choice(forms)}
            if rng.random() < 0.6:
                v["sector"] = sector
            if rng.random() < 0.5:
                v["country"] = country
            victims.append(v)
    if rng.random() < 0.5 and (lang in _LOCAL or state in _CITIES):
        city = rng.choice(_CITIES.get(state, "Springfield").split())
        tmpl, sector = rng.choice(_LOCAL.get(lang, _LOCAL["en"])).split(":")
        victims.append({"kind": "organization", "name": tmpl.format(c=city), "country": state,
                        "sector": sector})
    if rng.random() < 0.35:
        victims.append({"kind": "person", "count": rng.randrange(1, 400), "country": state,
                        "sector": "individuals"})
    if victims:
        out["victims"] = victims
    victim_text = next((v["name"] for v in victims if "name" in v), _VICTIM_GENERIC.get(lang, "victims"))
    if rng.random() < 0.85:
        out["description"] = DESCRIPTION.get(lang, DESCRIPTION["en"]).format(
            mo=mo_word, v=victim_text, f=f.isoformat(), t=t.isoformat())
    out["modus_operandi"] = [mo_word] + ([rng.choice(words["*"])] if rng.random() < 0.15 else [])
    malware = [rng.choice(MALWARE_SPELLING.get(m, (m,))) for m in op.malware if rng.random() < 0.75]
    if malware:
        out["malware"] = malware
    if rng.random() < 0.55:
        share = rng.uniform(0.05, 0.9)
        out["loss"] = {"amount": int(round(op.loss_eur * share * RATES.get(currency, 1), -1)),
                       "currency": currency}
    return out
