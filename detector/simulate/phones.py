"""Mobile numbers with each country's real national format (trunk prefix, grouping) and the
international forms other offices write (+E.164 grouped or compact, 00-prefix)."""

from __future__ import annotations

import random

# country: (calling code, trunk, mobile prefixes, digits after prefix,
#           national template over trunk+NSN, international template over NSN)
PHONES: dict[str, tuple[str, str, tuple[str, ...], int, str, str]] = {
    "UA": ("380", "0", ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"), 7,
           "NNN NNN NN NN", "NN NNN NN NN"),
    "RU": ("7", "8", ("916", "903", "926", "985", "977", "925", "965"), 7,
           "N (NNN) NNN-NN-NN", "NNN NNN-NN-NN"),
    "BY": ("375", "80", ("29", "33", "44"), 7, "N NNN NNN-NN-NN", "NN NNN-NN-NN"),
    "KZ": ("7", "8", ("701", "705", "747", "777"), 7, "N (NNN) NNN NN NN", "NNN NNN NN NN"),
    "DE": ("49", "0", ("151", "152", "157", "160", "162", "170", "171", "172", "176", "178"), 8,
           "NNNN NNNNNNNN", "NNN NNNNNNNN"),
    "AT": ("43", "0", ("664", "676", "699"), 7, "NNNN NNNNNNN", "NNN NNNNNNN"),
    "FR": ("33", "0", ("6", "7"), 8, "NN NN NN NN NN", "N NN NN NN NN"),
    "BE": ("32", "0", ("470", "475", "486", "496"), 6, "NNNN NN NN NN", "NNN NN NN NN"),
    "ES": ("34", "", ("6",), 8, "NNN NN NN NN", "NNN NN NN NN"),
    "IT": ("39", "", ("320", "328", "333", "339", "347", "348", "366"), 7, "NNN NNN NNNN", "NNN NNN NNNN"),
    "NL": ("31", "0", ("6",), 8, "NN-NNNNNNNN", "N NNNNNNNN"),
    "PL": ("48", "", ("50", "51", "53", "60", "66", "69", "72", "79", "88"), 7, "NNN NNN NNN", "NNN NNN NNN"),
    "BG": ("359", "0", ("87", "88", "89"), 7, "NNNN NNN NNN", "NNN NNN NNN"),
    "RS": ("381", "0", ("60", "61", "62", "63", "64", "65", "66"), 7, "NNN NNNNNNN", "NN NNNNNNN"),
    "GR": ("30", "", ("69",), 8, "NNN NNN NNNN", "NNN NNN NNNN"),
    "CY": ("357", "", ("96", "97", "99"), 6, "NN NNNNNN", "NN NNNNNN"),
    "TR": ("90", "0", ("530", "532", "533", "535", "542", "505", "555"), 7, "NNNN NNN NN NN", "NNN NNN NN NN"),
    "EG": ("20", "0", ("10", "11", "12", "15"), 8, "NNN NNNN NNNN", "NN NNNN NNNN"),
    "MA": ("212", "0", ("6", "7"), 8, "NN NN NN NN NN", "N NN NN NN NN"),
    "SA": ("966", "0", ("50", "53", "54", "55", "56", "59"), 7, "NNN NNN NNNN", "NN NNN NNNN"),
    "AE": ("971", "0", ("50", "52", "54", "55", "56", "58"), 7, "NNN NNN NNNN", "NN NNN NNNN"),
    "JO": ("962", "0", ("77", "78", "79"), 7, "NNN NNN NNNN", "NN NNN NNNN"),
    "CN": ("86", "", ("130", "135", "138", "139", "150", "158", "186", "189"), 8, "NNN NNNN NNNN",
           "NNN NNNN NNNN"),
    "TW": ("886", "0", ("912", "919", "921", "932", "955", "988"), 6, "NNNN-NNN-NNN", "NNN NNN NNN"),
    "VN": ("84", "0", ("90", "91", "98", "97", "86", "33", "35"), 7, "NNNN NNN NNN", "NNN NNN NNN"),
    "US": ("1", "", ("202", "212", "305", "312", "415", "646", "718", "917"), 7, "(NNN) NNN-NNNN",
           "NNN-NNN-NNNN"),
    "CA": ("1", "", ("416", "514", "604", "647"), 7, "(NNN) NNN-NNNN", "NNN-NNN-NNNN"),
    "GB": ("44", "0", ("7700", "7911", "7520", "7400", "7984"), 6, "NNNNN NNNNNN", "NNNN NNNNNN"),
    "IE": ("353", "0", ("83", "85", "86", "87"), 7, "NNN NNN NNNN", "NN NNN NNNN"),
    "AU": ("61", "0", ("4",), 8, "NNNN NNN NNN", "NNN NNN NNN"),
    "NG": ("234", "0", ("803", "806", "703", "813", "810", "802", "805", "809", "901"), 7,
           "NNNN NNN NNNN", "NNN NNN NNNN"),
    "BR": ("55", "", ("119", "219", "319", "419"), 8, "(NN) NNNNN-NNNN", "NN NNNNN-NNNN"),
    "PT": ("351", "", ("91", "92", "93", "96"), 7, "NNN NNN NNN", "NNN NNN NNN"),
    "IN": ("91", "0", ("98", "99", "97", "90", "88", "70"), 8, "NNNNNN NNNNN", "NNNNN NNNNN"),
    "JP": ("81", "0", ("70", "80", "90"), 8, "NNN-NNNN-NNNN", "NN-NNNN-NNNN"),
    "KR": ("82", "0", ("10",), 8, "NNN-NNNN-NNNN", "NN-NNNN-NNNN"),
}


def new_number(rng: random.Random, country: str) -> tuple[str, str]:
    """(country, national significant number)."""
    if country not in PHONES:
        country = "GB"
    _, _, prefixes, rest, _, _ = PHONES[country]
    nsn = rng.choice(prefixes) + "".join(str(rng.randrange(10)) for _ in range(rest))
    if country in ("US", "CA"):  # NANP exchange cannot start with 0/1
        nsn = nsn[:3] + str(rng.randrange(2, 10)) + nsn[4:]
    return country, nsn


def _apply(template: str, digits: str) -> str:
    out, it = [], iter(digits)
    for ch in template:
        out.append(next(it, "") if ch == "N" else ch)
    rest = "".join(it)
    return ("".join(out) + rest).strip()


def render_phone(rng: random.Random, country: str, nsn: str) -> str:
    cc, trunk, _, _, national, intl = PHONES[country]
    r = rng.random()
    if r < 0.3:
        return _apply(national, trunk + nsn)
    if r < 0.45:
        return trunk + nsn
    if r < 0.7:
        return f"+{cc} {_apply(intl, nsn)}"
    if r < 0.85:
        return f"+{cc}{nsn}"
    sep = rng.choice((" ", "-", ""))
    return f"00{cc}{sep}{_apply(intl, nsn).replace(' ', sep).replace('-', sep)}"

