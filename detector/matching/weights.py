"""The one table of match weights, in bits (log2 likelihood ratios, Fellegi-Sunter style).

A weight says how much more often a feature level is seen when two proceedings concern the same
conduct than when they do not. Positive argues for, negative against. Rarity lowers the weight of
a shared value (see ``rarity_penalty``): a key that many cases share is weak evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Weight:
    bits: float
    reason: str


WEIGHTS: dict[str, Weight] = {
    # ------------------------------------------------------------ prior
    "prior": Weight(-9.0, "two cases that share a blocking key are rarely the same conduct"),
    # ------------------------------------------------------------ suspects: names
    "name.exact": Weight(9.0, "every core name token agrees after transliteration and folding"),
    "name.strong": Weight(7.0, "names agree up to romanisation, order or one small typo"),
    "name.close": Weight(4.5, "names agree on most tokens, with spelling differences"),
    "name.weak": Weight(1.5, "names share some tokens only"),
    "name.single_token_cap": Weight(3.0, "a one-word name (mononym, handle) proves little alone"),
    "name.common": Weight(-3.0, "every token is among the world's most frequent names"),
    "name.partial": Weight(0.5, "one name part in common: lets birth date and address speak"),
    "name.unchecked_cap": Weight(5.0, "a name with no birth date, address or document to check it against: the "
                                      "pair was found through that very name, and namesakes are common"),
    "name.other": Weight(0.0, "no name in common: only birth date and street together can speak"),
    # ------------------------------------------------------------ suspects: other attributes
    "birth_date.exact": Weight(10.0, "full birth dates equal: about 1 in 20,000 adults share one"),
    "birth_date.same_month": Weight(5.0, "agree to the month where one file lacks the day (1 in 600)"),
    "birth_date.same_year": Weight(2.0, "agree on the year where one file has only the year (1 in 50)"),
    "birth_date.swapped": Weight(6.0, "day and month transposed: a frequent clerical error, else 1 in 20,000"),
    "birth_date.near": Weight(6.0, "one day or one year digit apart: a typo, else rare by chance"),
    "birth_date.typo": Weight(3.5, "one digit changed or two swapped: a typo, else 1 in 250 by chance"),
    "birth_date.conflict": Weight(-5.0, "dates differ beyond a typo: namesakes nearly always do (u ~ 1), yet "
                                        "a wrong or false date is on file for about 1 person in 25 (m ~ 0.04)"),
    "identifier.same": Weight(12.0, "the same passport or ID number"),
    "identifier.conflict": Weight(-2.0, "different document numbers (people hold several)"),
    "nationality.overlap": Weight(0.5, "a nationality in common"),
    "nationality.disjoint": Weight(-1.0, "no nationality in common"),
    "address.full": Weight(9.0, "same street and house number: a handful of people in a country"),
    "address.street_locality": Weight(7.0, "same street in the same postcode or town, house number missing or "
                                           "mistyped on one side: a few hundred homes"),
    "address.street": Weight(4.0, "same street, house number missing on one side, town unknown or other (most "
                                  "street names recur across towns)"),
    "address.street_other_number": Weight(6.5, "same street in the same postcode or town, other house numbers: "
                                               "as telling as postcode and town (moves along a street and "
                                               "misread numbers are rare, namesakes on one street rarer)"),
    "address.number_locality": Weight(7.0, "same house number in the same postcode or town, street words differ "
                                           "(a misspelt or missing street line): more than postcode and town alone"),
    "address.household": Weight(8.5, "same home, birth dates a generation apart: one person with a wrong date or a "
                                     "parent and child namesake; either way the two states must consult"),
    "address.shared_home": Weight(11.0, "names that agree only in part at one street and house number: the same person "
                                        "with a garbled name, or a relative there; both states' searches meet at one door"),
    "address.locality": Weight(6.5, "same postcode and same town: a few thousand homes, and namesakes cluster by "
                                    "region, so about 1 pair of different people in 100"),
    "address.same": Weight(2.0, "same city or postcode"),
    "address.differ": Weight(-1.5, "full addresses on different streets (people move: weak)"),
    "gender.conflict": Weight(-4.0, "recorded genders differ"),
    # ------------------------------------------------------------ indicators (per kind)
    "indicator.wallet": Weight(13.0, "a crypto wallet is controlled by one actor"),
    "indicator.iban": Weight(13.0, "a bank account has one holder"),
    "indicator.email": Weight(12.0, "a mailbox, after provider rules, has one owner"),
    "indicator.phone": Weight(12.0, "a phone number, in E.164, has one subscriber"),
    "indicator.phone_national": Weight(9.0, "the same national number, one file lacking the country code"),
    "indicator.onion": Weight(12.0, "an onion service is run by one operator"),
    "indicator.hash": Weight(11.0, "the same file: a sample of the same tooling or payload"),
    "indicator.url": Weight(11.0, "the same resource on the same host"),
    "indicator.handle": Weight(10.0, "the same account on the same platform"),
    "indicator.host": Weight(10.0, "the same non-public host name"),
    "indicator.regdomain": Weight(8.0, "the same registrable domain, different hosts"),
    "indicator.ip": Weight(8.0, "the same non-public IP address (servers change hands)"),
    "indicator.handle_any": Weight(6.0, "the same handle, platform unknown on one side"),
    "indicator.cidr": Weight(6.0, "the same network range"),
    "indicator.contained": Weight(5.0, "an address inside the other file's range"),
    "indicator.net": Weight(1.5, "neighbouring addresses in one /24 or /64"),
    "indicator.raw": Weight(6.0, "the same unparseable value, verbatim"),
    # ------------------------------------------------------------ conduct
    "offences.same": Weight(1.5, "the same set of offences"),
    "offences.overlap": Weight(0.8, "offences overlap"),
    "offences.related": Weight(0.0, "steps of one scheme (access as the means of fraud, its laundering; grooming "
                                    "and the material it yields): partial views, no evidence either way"),
    "offences.unspecific": Weight(0.0, "nothing in common, but one file charges the catch-all 'other serious crime', "
                                       "which may name the other's conduct: no evidence either way"),
    "offences.disjoint": Weight(-3.0, "no offence in common: different conduct"),
    "period.overlap": Weight(1.0, "periods of conduct overlap"),
    "period.apart": Weight(-2.5, "periods more than a year apart"),
    "modus_operandi.same": Weight(1.0, "the same technique (weak: techniques are common)"),
    "malware.same": Weight(2.0, "the same malware family (shrinks fast with prevalence)"),
    "victim.same": Weight(5.0, "the same named victim (shrinks fast with prevalence)"),
    "victim.none_shared": Weight(0.0, "named victims differ: usually partial views, no evidence"),
}

# Bits a shared value loses by rarity class (holders 2, 3-4, 5-8, 9-16, 17-32). Steeper than
# log2: one crew's value is seen by a handful of proceedings, while a value in a dozen unrelated
# ones is infrastructure (an exchange's deposit wallet, a commodity sample, a bulletproof host).
RARITY_PENALTY_BY_BUCKET = (0.0, 1.5, 4.0, 8.0, 13.0)
# Names lose one bit per doubling (term-frequency adjustment, as splink does): a name is held by
# many cases either because it is common or because one person is prosecuted in many states,
# which is what this service exists to find; the world's common names are charged separately
# (name.common).
NAME_RARITY_PENALTY_BY_BUCKET = (0.0, 1.0, 2.0, 3.0, 4.0)


def weight(name: str) -> float:
    return WEIGHTS[name].bits


def rarity_penalty(holders: int, saturate_at: int, table: tuple[float, ...] = RARITY_PENALTY_BY_BUCKET) -> float | None:
    """Bits to subtract for a value held by ``holders`` cases; None when it is too common to count."""
    bucket = rarity_bucket(holders, saturate_at)
    if bucket == 99:
        return None
    return table[min(bucket, len(table) - 1)]


def rarity_bucket(holders: int, saturate_at: int) -> int:
    """Coarse rarity class; a pair is rescored when a shared key changes class."""
    if holders > saturate_at:
        return 99
    return max(0, math.ceil(math.log2(max(holders, 2) / 2)))


def to_probability(log2_odds: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-log2_odds))
