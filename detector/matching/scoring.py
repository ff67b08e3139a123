"""Score one pair of cases from different states: features -> bits -> calibrated probability."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from detector.matching.addresses import HOME_LEVELS
from detector.matching.features import (
    Feature,
    conduct_features,
    indicator_features,
    suspect_pair_features,
)
from detector.matching.weights import to_probability, weight
from detector.profile import CaseProfile

# What lets a pair reach the points of contact (see PairScore.corroborated): a specific shared
# item, a person whose name and birth date agree, or two persons matched at once.
_AGREEING_DATES = {"birth_date.exact", "birth_date.same_month", "birth_date.swapped", "birth_date.near",
                   "birth_date.same_year", "birth_date.typo"}
_FULL_DATE_AGREEMENT = {"birth_date.exact", "birth_date.near", "birth_date.swapped", "birth_date.typo"}
_OTHER_PERSON = {"gender.conflict", "identifier.conflict"}
_NAME_LEVELS = {"name.exact", "name.strong", "name.close"}
# Where a person lives, short of one home: the same postcode and town, or the same street there.
_NEIGHBOURHOOD = {"address.locality", "address.street_other_number"}
_ADDRESS_AGREEMENT = HOME_LEVELS | _NEIGHBOURHOOD | {"address.same"}
# A name at the same home confirms a person. So does a household (the same name and home with
# birth dates a generation apart): a father and son namesake at one address are, for Art. 22(5),
# as much a reason to consult as one person with a wrong date; the summary says which to check.
_HOME = HOME_LEVELS | {"address.household"}
# One name part at one home: one person with a garbled name or a relative; both states would
# search the same door, which is reason enough to consult.
_SHARED_HOME = "address.shared_home"
_HARD_LINK_BITS = 4.0
# A second matching suspect adds evidence, but suspects of one crew are not independent draws.
_SECOND_SUSPECT_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class PairScore:
    a: str
    b: str
    features: tuple[Feature, ...]
    log2_odds: float
    probability: float
    corroborated: bool  # a specific shared item or a person confirmed by birth date / document
    conduct_incompatible: bool
    has_hard_link: bool  # a shared indicator or document, not only a person match

    @property
    def pair_key(self) -> str:
        return f"{self.a}|{self.b}"


def _suspect_evidence(a: CaseProfile, b: CaseProfile, holders: Mapping[str, int], saturate: int,
                      linked: bool) -> list[Feature]:
    scored = []
    for sa in a.suspects:
        for sb in b.suspects:
            feats = suspect_pair_features(sa, sb, (a.tlp, b.tlp), holders, saturate, linked)
            if feats:
                scored.append((sum(f.weight for f in feats), sa.ref, sb.ref, feats))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_a, used_b, out = set(), set(), []
    for i, (total, ra, rb, feats) in enumerate(scored):
        if ra in used_a or rb in used_b:
            continue
        used_a.add(ra)
        used_b.add(rb)
        if i == 0 or not out:
            out.extend(feats)
        elif total > 0:
            out.extend(replace(f, weight=round(f.weight * _SECOND_SUSPECT_FACTOR, 3),
                               summary=f.summary + " (further suspect)") for f in feats)
    return out


def score_pair(a: CaseProfile, b: CaseProfile, holders: Mapping[str, int], saturate_at: int) -> PairScore:
    """Evidence that cases ``a`` and ``b`` (different states) concern the same conduct.

    ``holders`` maps blocking keys to how many cases hold them (rarity); ``saturate_at`` is the
    count beyond which a shared value is too common to count. Pure and symmetric in a and b.
    """
    if b.case_key < a.case_key:
        a, b = b, a
    indicators = indicator_features(a, b, holders, saturate_at)
    linked = any(f.weight >= _HARD_LINK_BITS for f in indicators)
    features: list[Feature] = []
    features += _suspect_evidence(a, b, holders, saturate_at, linked)
    features += indicators
    conduct = conduct_features(a, b, holders, saturate_at)
    features += conduct
    bits = weight("prior") + sum(f.weight for f in features)
    names = {f.name for f in features}
    hard_link = "identifier.same" in names or any(
        f.kind == "indicator" and f.weight >= _HARD_LINK_BITS for f in features)
    strong_names = [f for f in features if f.name in _NAME_LEVELS and f.weight >= 3.0]
    any_name = bool(names & (_NAME_LEVELS | {"name.weak", "name.partial", "name.other"}))
    person_confirmed = (
        (bool(names & _AGREEING_DATES) or bool(names & _HOME)) and bool(strong_names)
        # a common or partly corrupted name is still one person when date and address agree
        or any_name and bool(names & _FULL_DATE_AGREEMENT) and bool(names & _ADDRESS_AGREEMENT)
        # the same name in the same postcode and town or on the same street there: a birth date
        # that differs is weighed (only a name that agrees fully outweighs it), a different
        # document or gender is not
        or bool(strong_names) and bool(names & _NEIGHBOURHOOD) and not names & _OTHER_PERSON
        or _SHARED_HOME in names
    )
    two_people = len({f.between for f in strong_names}) >= 2  # two namesakes in one pair: unlikely
    incompatible = sum(f.weight for f in conduct) < 0 and any(
        f.name in ("offences.disjoint", "period.apart") for f in conduct)
    return PairScore(
        a=a.case_key,
        b=b.case_key,
        features=tuple(features),
        log2_odds=round(bits, 3),
        probability=round(to_probability(bits), 4),
        corroborated=hard_link or person_confirmed or two_people,
        conduct_incompatible=incompatible,
        has_hard_link=hard_link,
    )
