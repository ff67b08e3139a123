"""States Parties that notify: language, the scripts their files use for names, authorities,
national case-reference formats, currency."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class State:
    code: str
    lang: str  # language of descriptions (de, fr, es, it, nl, pl, uk, bg, sr, el, ar, zh, zh-tw, ...)
    native_cultures: tuple[str, ...]  # naming cultures this state's files write in their own script
    authorities: tuple[str, ...]
    currency: str
    weight: float  # how often this state notifies
    ref: str  # reference format key


STATES: dict[str, State] = {s.code: s for s in [
    State("DE", "de", ("de",), ("Zentralstelle zur Bekämpfung der Internetkriminalität (ZIT)",
          "Staatsanwaltschaft Bamberg – Zentralstelle Cybercrime Bayern", "Bundeskriminalamt – SO 4"),
          "EUR", 3.0, "de"),
    State("FR", "fr", ("fr",), ("Parquet de Paris – section J3 cybercriminalité",
          "Office anti-cybercriminalité (OFAC)", "Gendarmerie nationale – ComCyberMI"), "EUR", 2.5, "fr"),
    State("ES", "es", ("es",), ("Fiscalía de Sala de Criminalidad Informática",
          "Policía Nacional – Unidad Central de Ciberdelincuencia"), "EUR", 1.5, "es"),
    State("IT", "it", ("it",), ("Procura della Repubblica presso il Tribunale di Roma",
          "Polizia Postale e delle Comunicazioni – CNAIPIC"), "EUR", 1.5, "it"),
    State("NL", "nl", ("nl",), ("Openbaar Ministerie – Landelijk Parket",
          "Politie – Team High Tech Crime"), "EUR", 1.5, "nl"),
    State("PL", "pl", ("pl",), ("Prokuratura Krajowa – Departament do Spraw Cyberprzestępczości",
          "Centralne Biuro Zwalczania Cyberprzestępczości"), "PLN", 1.2, "pl"),
    State("UA", "uk", ("uk", "ru", "bg", "sr"), ("Кіберполіція України",
          "Офіс Генерального прокурора", "Служба безпеки України"), "UAH", 1.8, "ua"),
    State("BG", "bg", ("bg", "ru", "uk", "sr"), ("ГДБОП – сектор Компютърни престъпления",
          "Софийска градска прокуратура"), "EUR", 0.8, "bg"),
    State("RS", "sr", ("sr", "ru", "uk", "bg"), ("Посебно тужилаштво за високотехнолошки криминал",
          "Служба за борбу против високотехнолошког криминала"), "RSD", 0.7, "rs"),
    State("GR", "el", ("el",), ("Διεύθυνση Δίωξης Ηλεκτρονικού Εγκλήματος",
          "Εισαγγελία Πρωτοδικών Αθηνών"), "EUR", 0.8, "gr"),
    State("EG", "ar", ("ar",), ("النيابة العامة – إدارة البيان والتوجيه",
          "الإدارة العامة لمباحث الإنترنت"), "EGP", 0.8, "eg"),
    State("MA", "fr", ("ar",), ("Direction Générale de la Sûreté Nationale – BNPJ",
          "المديرية العامة للأمن الوطني"), "MAD", 0.6, "ma"),
    State("SA", "ar", ("ar",), ("النيابة العامة", "الهيئة الوطنية للأمن السيبراني"), "SAR", 0.6, "sa"),
    State("AE", "ar", ("ar",), ("شرطة دبي – الإدارة العامة للتحريات والمباحث الجنائية",
          "النيابة العامة الاتحادية"), "AED", 0.7, "ae"),
    State("JO", "ar", ("ar",), ("وحدة الجرائم الإلكترونية – مديرية الأمن العام",), "JOD", 0.5, "jo"),
    State("CN", "zh", ("zh",), ("公安部网络安全保卫局", "北京市公安局网络安全保卫总队"), "CNY", 1.0, "cn"),
    State("TW", "zh-tw", ("zh",), ("法務部調查局資安工作站", "內政部警政署刑事警察局"), "TWD", 0.6, "tw"),
    State("VN", "vi", ("vi",), ("Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",),
          "VND", 0.6, "vn"),
    State("TR", "tr", ("tr",), ("Siber Suçlarla Mücadele Daire Başkanlığı",
          "İstanbul Cumhuriyet Başsavcılığı"), "TRY", 0.9, "tr"),
    State("US", "en", ("en",), ("FBI – Cyber Division", "U.S. Department of Justice – CCIPS",
          "U.S. Secret Service – Cyber Investigative Section"), "USD", 3.0, "us"),
    State("GB", "en", ("en",), ("National Crime Agency – National Cyber Crime Unit",
          "Metropolitan Police – Cyber Crime Unit"), "GBP", 2.0, "gb"),
    State("CA", "en", ("en",), ("RCMP National Cybercrime Coordination Centre (NC3)",), "CAD", 1.0, "ca"),
    State("AU", "en", ("en",), ("Australian Federal Police – Cybercrime Operations",), "AUD", 1.0, "au"),
    State("NG", "en", ("ng",), ("Economic and Financial Crimes Commission – Cybercrime Section",
          "Nigeria Police Force – National Cybercrime Centre"), "NGN", 0.8, "ng"),
    State("BR", "pt", ("pt",), ("Polícia Federal – Diretoria de Combate a Crimes Cibernéticos",
          "Ministério Público Federal"), "BRL", 1.0, "br"),
    State("IN", "en", ("hi",), ("Indian Cyber Crime Coordination Centre (I4C)",
          "Central Bureau of Investigation – Cyber Crime Division"), "INR", 1.0, "in"),
    State("JP", "ja", ("ja", "zh"), ("警察庁サイバー警察局", "警視庁サイバー犯罪対策課"), "JPY", 0.8, "jp"),
    State("KR", "ko", ("ko",), ("경찰청 국가수사본부 사이버수사국", "서울중앙지방검찰청"), "KRW", 0.8, "kr"),
]}

STATE_CODES = tuple(STATES)


def reference(rng: random.Random, state: str, year: int, serial: int) -> str:
    """A national case reference; ``serial`` keeps references unique within the state."""
    n = serial * 37 + rng.randrange(0, 37)
    yy = year % 100
    fmt = STATES[state].ref
    if fmt == "de":
        return rng.choice((f"ZIT-{year}-{n:04d}", f"{rng.randrange(1, 9)} Js {n}/{yy:02d}",
                           f"ZCB {n:05d}/{yy:02d}"))
    if fmt == "fr":
        return rng.choice((f"{yy:02d}{n:03d}.{rng.randrange(100, 999)}", f"JIRS-{year}-{n:05d}"))
    if fmt == "es":
        return f"DP {n}/{year}"
    if fmt == "it":
        return f"RGNR {n}/{year}"
    if fmt == "nl":
        return f"ONHNL-{year}-{n:05d}"
    if fmt == "pl":
        return f"PK XV Ds {n}.{year}"
    if fmt == "ua":
        return f"1{year}{rng.randrange(0, 10)}{n:011d}"
    if fmt == "bg":
        return f"ДП № {n}/{year}"
    if fmt == "rs":
        return f"КТР {n}/{yy:02d}"
    if fmt == "gr":
        return f"ΑΒΜ Ε{year}/{n}"
    if fmt in ("eg", "sa", "jo"):
        return f"{n}/{year} {rng.choice(('جنح', 'جنايات'))}" if fmt == "eg" else f"{fmt.upper()}-{year}-{n:06d}"
    if fmt == "ma":
        return f"PV {n}/BNPJ/{year}"
    if fmt == "ae":
        return f"DXB-CYB-{year}-{n:05d}"
    if fmt == "cn":
        return f"京公网安〔{year}〕{n}号"
    if fmt == "tw":
        return f"{year - 1911}年度偵字第{n}號"
    if fmt == "vn":
        return f"{n}/{year}/ANM"
    if fmt == "tr":
        return f"{year}/{n} Soruşturma"
    if fmt == "us":
        return rng.choice((f"1:{yy:02d}-cr-{n:05d}", f"288A-NY-{n:07d}"))
    if fmt == "gb":
        return f"NCA/{year}/{n:05d}"
    if fmt == "ca":
        return f"{year}-{n:06d}"
    if fmt == "au":
        return f"AFP-{year}-{n:05d}"
    if fmt == "ng":
        return f"EFCC/CYB/{year}/{n}"
    if fmt == "br":
        return f"IPL {year}.{n:07d}-SR/PF/SP"
    if fmt == "in":
        return f"FIR No. {n}/{year}"
    if fmt == "jp":
        return f"令和{year - 2018}年(わ)第{n}号"
    return f"{year}형제{n}"  # kr


def contact(rng: random.Random, state: str) -> dict:
    out = {"point_of_contact": f"{state}-24x7"}
    if rng.random() < 0.6:
        out["email"] = f"24x7@example.{state.lower()}"
    if rng.random() < 0.3:
        out["phone"] = f"+{rng.randrange(1, 999)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
    return out
