"""Do two suspects' addresses point to one home? Street words, house numbers and locality.

Addresses arrive as free text from many countries and clerks: street lines with building names,
flat numbers, the number before or after the street, words glued or split, typos, a line missing
on one side. The comparison is therefore by parts: do the distinctive street words of the shorter
line appear (up to a typo) in the other, do the lines share a number, do postcode and town agree.
"""

from __future__ import annotations

from itertools import pairwise

from rapidfuzz import fuzz

from detector.normalize.dates import keystroke_apart
from detector.normalize.names import fold_token
from detector.profile import StreetAddress, SuspectProfile

# Street-type words say nothing about which street (every town has a Station Road): they are
# left out when asking whether the distinctive words agree. Several languages; compared folded,
# as the profile stores street words (street -> stret).
_STREET_TYPES = frozenset({
    "street", "st", "road", "rd", "avenue", "ave", "av", "lane", "ln", "drive", "dr", "place", "pl", "court",
    "ct", "crescent", "cres", "circuit", "cct", "terrace", "tce", "way", "close", "parade", "pde", "square",
    "sq", "boulevard", "blvd", "highway", "hwy", "grove", "flat", "apartment", "apt", "unit", "no", "nr",
    "strasse", "str", "weg", "gasse", "platz", "allee", "rue", "chemin", "via", "viale", "piazza", "calle",
    "avenida", "rua", "ulitsa", "ul", "prospekt", "pr", "pereulok", "per", "ulica", "utca", "sokak", "cadde",
    "caddesi", "mahalle", "mah", "straat", "laan", "plein", "vej", "gatan", "gata", "vagen", "the", "de", "la",
    "del", "der", "di",
})
STREET_TYPE_WORDS = frozenset(fold_token(w) for w in _STREET_TYPES)
# The levels that place two records in one home (with a name, they confirm a person).
HOME_LEVELS = frozenset({"address.full", "address.street_locality", "address.street", "address.number_locality"})
_TOKEN_MATCH = 80  # fuzz.ratio at which two street words are one word with a typo
SAME_STREET = 0.85  # share of the shorter line's distinctive letters found in the other
_CITY_MATCH = 88


def home_keys(street: StreetAddress) -> set[str]:
    """Blocking keys for one home: the house number with each distinctive street word (a typo or a
    glued word spoils one word, rarely all), and each longer street word with the town or postcode
    (a house number missing on one side)."""
    words = street.street.split()
    distinctive = {w for w in words if w not in STREET_TYPE_WORDS and len(w) >= 4} or set(words[:1])
    keys = {f"ad:{street.number}|{w}" for w in distinctive} if street.number else set()
    keys.update(f"as:{w}|{place}" for w in distinctive if len(w) >= 5
                for place in (street.city, street.postcode) if place)
    return keys


def street_words_agree(a: str, b: str) -> float:
    """How much (0-1) of one line's distinctive letters the other line also has, word by word up
    to a typo, the better of the two directions; words glued on one side (waldockstreet) or a
    line that only one side has (a building name) do not count against. Takes folded words."""
    words_a, words_b = a.split(), b.split()
    if not words_a or not words_b:
        return 0.0
    best = 0.0
    for mine, theirs in ((words_a, words_b), (words_b, words_a)):
        distinctive = [w for w in mine if w not in STREET_TYPE_WORDS and len(w) >= 2] or mine
        candidates = set(theirs) | {x + y for x, y in pairwise(theirs)}
        covered = sum(len(w) for w in distinctive
                      if any(fuzz.ratio(w, c) >= _TOKEN_MATCH for c in candidates))
        if max(len(w) for w in distinctive) >= 4 or covered == sum(len(w) for w in distinctive):
            best = max(best, covered / sum(len(w) for w in distinctive))
    return best


def cities_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same town, up to a typo (blackburn north ~ blackburt north)."""
    return bool(a & b) or any(fuzz.ratio(x, y) >= _CITY_MATCH for x in a for y in b if min(len(x), len(y)) >= 5)


def numbers_mistyped(a: str | None, b: str | None) -> bool:
    """Two house numbers one clerical slip apart (15 ~ 51, 78 ~ 18). A digit added or lost (1 ~ 19)
    and one-digit numbers (2 ~ 3) are left out: as often as not that is another house."""
    return bool(a and b and a != b and len(a) == len(b) >= 2 and keystroke_apart(a, b))


def _home_level(sa: StreetAddress, sb: StreetAddress, same_locality: bool) -> tuple[int, str, str] | None:
    if not sa.street or not sb.street:
        return None
    same_street = street_words_agree(sa.street, sb.street) >= SAME_STREET
    shared_number = bool(sa.numbers & sb.numbers)
    numbers_clash = (bool(sa.numbers) and bool(sb.numbers) and not shared_number
                     and not numbers_mistyped(sa.number, sb.number))
    if same_street and shared_number:
        return 5, "address.full", "same street and house number"
    if same_street and not numbers_clash and same_locality:
        return 4, "address.street_locality", ("same street in the same postcode or town, house number missing "
                                              "or mistyped on one side")
    if shared_number and same_locality and sa.number == sb.number:
        return 3, "address.number_locality", "same house number in the same postcode or town, street spelled differently"
    if same_street and not numbers_clash:
        return 2, "address.street", "same street"
    if same_street and same_locality:
        return 1, "address.street_other_number", ("same street in the same postcode or town, another house "
                                                  "number: a move along the street, a misread number or a neighbour")
    return None


def address_feature_level(a: SuspectProfile, b: SuspectProfile) -> tuple[str, str] | None:
    """(weight-table name, words) for the best agreement between the two suspects' addresses, or
    ``address.differ`` when full addresses lie on clearly different streets; None when there is
    nothing to compare."""
    postcodes = bool(a.postcodes & b.postcodes)
    cities = cities_agree(a.cities, b.cities)
    best: tuple[int, str, str] | None = None
    other_streets = differ = False
    for sa in a.streets:
        for sb in b.streets:
            level = _home_level(sa, sb, postcodes or cities)
            if level is None:
                other = bool(sa.street and sb.street) and street_words_agree(sa.street, sb.street) < 0.5
                other_streets = other_streets or other
                differ = differ or (other and bool(sa.numbers and sb.numbers) and not sa.numbers & sb.numbers
                                    and not postcodes)
            elif best is None or level[0] > best[0]:
                best = level
    if best is not None:
        return best[1], best[2]
    if postcodes and cities and not other_streets:
        return "address.locality", "same postcode and town"
    if postcodes and cities:
        return "address.same", "same postcode and town, different streets"
    if postcodes or cities:
        return "address.same", "same city or postcode"
    return ("address.differ", "addresses on different streets") if differ else None
