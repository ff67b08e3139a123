"""Feature functions: each compares one aspect of two cases and says why, in words.

Every function is pure and returns :class:`Feature` items: the weight-table entry it chose, the
weight in bits after rarity, a redacted ``summary`` fit for any party (TLP applied) and an
unredacted ``detail`` kept for the owning states and liaison officers.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import OSA, JaroWinkler

from detector.matching.addresses import HOME_LEVELS, address_feature_level
from detector.matching.names import NameMatch, compare_names
from detector.matching.weights import NAME_RARITY_PENALTY_BY_BUCKET, rarity_bucket, rarity_penalty, weight
from detector.normalize.dates import DateRelation, a_generation_apart, compare_birth_dates
from detector.normalize.indicators import registrable_domain
from detector.profile import CaseProfile, ConductProfile, IndicatorProfile, SuspectProfile

# Evidence that, with a name part in common, points to one person.
PERSON_AGREEMENT = frozenset({"birth_date.exact", "birth_date.near", "birth_date.swapped", "birth_date.typo",
                              "address.shared_home", *HOME_LEVELS})
_TLP_ORDER = {"CLEAR": 0, "GREEN": 1, "AMBER": 2, "AMBER+STRICT": 3, "RED": 4}


@dataclass(frozen=True, slots=True)
class Feature:
    kind: str  # contract evidence kind: suspect | identifier | indicator | conduct | victim
    name: str  # key in WEIGHTS
    weight: float
    summary: str
    detail: str
    between: tuple[str, ...] = ()
    # (label, value, tlp of between[0], tlp of between[1], suffix): lets each party be shown the
    # value under the other party's marking only (detector.disclosure); empty when nothing is marked
    disclosure: tuple[str, ...] = ()


def fingerprint(value: str) -> str:
    """Short digest a state can recompute from its own value to recognise a masked item."""
    return hashlib.sha256(value.encode()).hexdigest()[:8]


def disclose(label: str, value: str, *tlps: str) -> str:
    """The value as another state may see it under the strictest of the given TLP markings."""
    strictest = max(tlps, key=lambda t: _TLP_ORDER.get(t, 2))
    if strictest == "RED":
        return f"a TLP:RED {label} matched: contact the originating point of contact"
    if _TLP_ORDER.get(strictest, 2) >= 2:
        return f"{label} [TLP:{strictest} masked, fp {fingerprint(value)}]"
    return f"{label} {value}"


@lru_cache(maxsize=1)
def common_name_tokens() -> frozenset[str]:
    from detector.normalize.names import fold_token

    text = resources.files("detector.data").joinpath("common_names.txt").read_text()
    return frozenset(
        fold_token(t) for line in text.splitlines() for t in line.split("#", 1)[0].split() if t
    )


def holders_text(n: int, saturate: int) -> str:
    """How many cases hold a value, as its rarity class: the exact count moves without rescoring."""
    bucket = rarity_bucket(n, saturate)
    if bucket == 99:
        return f"more than {saturate}"
    if bucket == 0:
        return "2"
    return f"{2 ** bucket + 1}-{min(2 ** (bucket + 1), saturate)}"


# ---------------------------------------------------------------------------- suspects


def best_name_match(a: SuspectProfile, b: SuspectProfile) -> tuple[NameMatch, int, int]:
    """The best pair of name forms; a full name beats a one-word alias that matches better."""
    best, best_i, best_j, best_rank = NameMatch(0.0, 0, "no names"), 0, 0, (False, 0.0)
    for i, fa in enumerate(a.names):
        for j, fb in enumerate(b.names):
            m = compare_names(fa, fb)
            full = len(fa.core_fold) >= 2 and len(fb.core_fold) >= 2 and m.similarity >= 0.78
            rank = (full, m.similarity)
            if rank > best_rank:
                best, best_i, best_j, best_rank = m, i, j, rank
    return best, best_i, best_j


def name_feature(a: SuspectProfile, b: SuspectProfile, holders: Mapping[str, int], saturate: int) -> Feature | None:
    """How well the suspects' names agree (any script, order, romanisation, typos, nicknames)."""
    match, i, j = best_name_match(a, b)
    if match.similarity < 0.78:
        return None
    fa, fb = a.names[i], b.names[j]
    exact = match.similarity >= 0.999
    level = ("exact" if exact else "strong" if match.similarity >= 0.93
             else "close" if match.similarity >= 0.86 else "weak")
    bits = weight(f"name.{level}")
    notes = []
    if min(len(fa.core_fold), len(fb.core_fold)) < 2:
        bits = min(bits, weight("name.single_token_cap"))
        notes.append("one-word name")
    common = common_name_tokens()
    shorter = fa if len(fa.core_fold) <= len(fb.core_fold) else fb
    if shorter.core_fold and all(t in common for t in shorter.core_fold):
        bits += weight("name.common")
        notes.append("very common name")
    # How many cases hold this name: the shared spellings, and the shorter name's own (Northwind
    # Trading ~ Northwind General Trading FZE share no glued key, yet the short one may be everywhere).
    # A one-word name is capped above instead: its own count is a family name's frequency.
    longer = fb if shorter is fa else fa
    own = _name_keys(shorter) if 2 <= len(shorter.core_fold) < len(longer.core_fold) else set()
    key_counts = [holders.get(f"n:{k}", 0) for k in _shared_name_keys(fa, fb) | own]
    if key_counts:
        penalty = rarity_penalty(max(key_counts), saturate, NAME_RARITY_PENALTY_BY_BUCKET)
        bits = 0.0 if penalty is None else bits - penalty
        if max(key_counts) > 2:
            notes.append(f"name held by {holders_text(max(key_counts), saturate)} cases")
    scripts = "across scripts" if (fa.original.isascii() != fb.original.isascii()) else "same script"
    note = f"; {', '.join(notes)}" if notes else ""
    return Feature(
        "suspect", f"name.{level}", round(bits, 3),
        f"suspect names agree ({level}, {scripts}, {match.matched_tokens} parts aligned{note})",
        f"{fa.original} ~ {fb.original}: {match.detail} (similarity {match.similarity:.2f})",
        (a.ref, b.ref),
    )


def _name_keys(form) -> set[str]:
    from detector.normalize.names import name_key_forms

    return name_key_forms(form)


def _shared_name_keys(fa, fb) -> set[str]:
    from detector.normalize.names import name_key_forms

    return name_key_forms(fa) & name_key_forms(fb)


def birth_date_feature(a: SuspectProfile, b: SuspectProfile) -> Feature | None:
    """Partial, swapped or near birth dates agree; a real disagreement argues against."""
    rel = compare_birth_dates(a.birth_date, b.birth_date)
    if rel is DateRelation.MISSING:
        return None
    words = {
        DateRelation.EXACT: "birth dates equal", DateRelation.SAME_MONTH: "birth dates agree to the month",
        DateRelation.SAME_YEAR: "birth years agree", DateRelation.SWAPPED: "birth dates agree with day/month swapped",
        DateRelation.NEAR: "birth dates one day or one year digit apart",
        DateRelation.TYPO: "birth dates one keystroke apart", DateRelation.CONFLICT: "birth dates conflict",
    }
    return Feature("suspect", f"birth_date.{rel.value}", weight(f"birth_date.{rel.value}"), words[rel],
                   f"{a.birth_date} vs {b.birth_date}", (a.ref, b.ref))


def identifier_feature(a: SuspectProfile, b: SuspectProfile, tlps: tuple[str, str]) -> Feature | None:
    """The same document number in both files (formatting ignored)."""
    shared = sorted(a.identifiers & b.identifiers)
    if shared:
        return Feature("identifier", "identifier.same", weight("identifier.same"),
                       disclose("identity document", shared[0], *tlps), f"document {shared[0]}", (a.ref, b.ref),
                       ("identity document", shared[0], *tlps, ""))
    return None


def attribute_features(a: SuspectProfile, b: SuspectProfile) -> list[Feature]:
    """Nationality, address and gender: small nudges, never decisive."""
    out = []
    if a.nationalities and b.nationalities:
        if a.nationalities & b.nationalities:
            out.append(Feature("suspect", "nationality.overlap", weight("nationality.overlap"),
                               f"nationality in common ({', '.join(sorted(a.nationalities & b.nationalities))})",
                               "", (a.ref, b.ref)))
        else:
            out.append(Feature("suspect", "nationality.disjoint", weight("nationality.disjoint"),
                               "no nationality in common", f"{sorted(a.nationalities)} vs {sorted(b.nationalities)}",
                               (a.ref, b.ref)))
    address = address_feature(a, b)
    if address is not None:
        out.append(address)
    if a.gender and b.gender and a.gender != b.gender:
        out.append(Feature("suspect", "gender.conflict", weight("gender.conflict"), "recorded genders differ",
                           f"{a.gender} vs {b.gender}", (a.ref, b.ref)))
    return out


def address_feature(a: SuspectProfile, b: SuspectProfile) -> Feature | None:
    """Same home (street and number), same street, same number in the same town, same town; full
    addresses on clearly different streets argue (weakly) against (see detector.matching.addresses)."""
    level = address_feature_level(a, b)
    if level is None:
        return None
    return Feature("suspect", level[0], weight(level[0]), level[1], "", (a.ref, b.ref))


def partial_name_feature(a: SuspectProfile, b: SuspectProfile) -> Feature | None:
    """One name part in common, exactly or up to a typo in a longer part (Stanbury ~ Stambury): a
    corrupted or replaced other part. Enough to weigh dates and addresses, not to say 'same person'
    on its own."""
    tokens_a = {t for f in a.names for t in f.core_fold if len(t) >= 3}
    tokens_b = {t for f in b.names for t in f.core_fold if len(t) >= 3}
    shared = sorted(tokens_a & tokens_b)
    if shared:
        return Feature("suspect", "name.partial", weight("name.partial"), "one name part in common",
                       f"{shared[0]}", (a.ref, b.ref))
    close = _close_token_pair(frozenset(tokens_a), frozenset(tokens_b))
    if close is None:
        return None
    return Feature("suspect", "name.partial", weight("name.partial"), "one name part in common, up to a typo",
                   f"{close[0]} ~ {close[1]}", (a.ref, b.ref))


# A typo in one part of a name: short parts (Roy ~ Ray) are other names, not typos.
_PARTIAL_TYPO_MIN_LEN = 5
_PARTIAL_TYPO_SIM = 0.85


def _close_token_pair(tokens_a: frozenset[str], tokens_b: frozenset[str]) -> tuple[str, str] | None:
    best = None
    for ta in sorted(tokens_a):
        for tb in sorted(tokens_b):
            if min(len(ta), len(tb)) < _PARTIAL_TYPO_MIN_LEN:
                continue
            sim = (JaroWinkler.similarity(ta, tb) + OSA.normalized_similarity(ta, tb)) / 2
            if sim >= _PARTIAL_TYPO_SIM and (best is None or sim > best[0]):
                best = (sim, ta, tb)
    return None if best is None else (best[1], best[2])


def suspect_pair_features(a: SuspectProfile, b: SuspectProfile, tlps: tuple[str, str],
                          holders: Mapping[str, int], saturate: int, linked: bool = False) -> list[Feature]:
    """All evidence about whether two suspect records are one person (empty: unrelated).

    ``linked``: the two cases already share a specific item (an account, a wallet): the names were
    not what found the pair, so a name with no birth date or address is not capped as unchecked."""
    if a.kind != b.kind:
        return []
    name = name_feature(a, b, holders, saturate)
    ident = identifier_feature(a, b, tlps)
    partial = None
    if name is None and ident is None:
        partial = partial_name_feature(a, b) or _other_name(a, b)
        if partial is None:
            return []
    out = [f for f in (name, ident, partial) if f is not None]
    bd = birth_date_feature(a, b)
    if bd is not None:
        out.append(bd)
    attributes = attribute_features(a, b)
    if bd is not None and bd.name == "birth_date.conflict" and a_generation_apart(a.birth_date, b.birth_date):
        attributes = [_household(f) if f.name in HOME_LEVELS and f.weight > weight("address.household") else f for f in attributes]
    # A name that agrees only in part (one part in common, spelling differences, a one-word or
    # very common name) at one home: the same person or a relative, so a birth date that differs
    # no longer argues against. (A fully agreeing name there keeps the conflict and still alerts.)
    weak_name = (partial is not None and partial.name == "name.partial"
                 or name is not None and ident is None
                 and (name.name == "name.close" or name.weight <= weight("name.single_token_cap")))
    if weak_name and any(f.name in ("address.full", "address.household") for f in attributes):
        attributes = [_shared_home(f) if f.name in ("address.full", "address.household") else f for f in attributes]
        out = [f for f in out if f.name != "birth_date.conflict"]
    out.extend(attributes)
    if (name is not None and ident is None and bd is None and not linked
            and not any(f.name.startswith("address.") for f in attributes)):
        out[out.index(name)] = _unchecked(name)
    if partial is not None:
        # Relatives and namesakes share a family name: with only that in common, disagreement
        # proves nothing, and agreement must come from dates and addresses.
        out = [f for f in out if f.weight >= 0]
        agreement = {f.name for f in out} & PERSON_AGREEMENT
        if not agreement or partial.name == "name.other" and not (
                agreement & HOME_LEVELS and agreement - HOME_LEVELS):
            return []
    return out


def _unchecked(name: Feature) -> Feature:
    """Only a name, nothing to check it by: the candidate was found through that name, so its
    level weighs at most ``name.unchecked_cap``."""
    # The cap lowers the level's table weight; rarity and commonness still come off below it.
    excess = weight(name.name) - weight("name.unchecked_cap")
    if excess <= 0:
        return name
    lowered = min(name.weight, max(name.weight - excess, 0.0))  # never below nothing
    return replace(name, weight=round(lowered, 3), summary=name.summary + "; nothing to check it by")


def _household(address: Feature) -> Feature:
    """A shared home with birth dates a generation apart: one person with a wrong date, or a father
    and son (Jr/Sr) who share the name. Weaker than one home, still a reason to consult; the
    summary tells the liaison officer what to check."""
    return Feature("suspect", "address.household", weight("address.household"),
                   address.summary + ", birth dates a generation apart: one person with a wrong date, or a "
                   "parent and child of the same name", address.detail,
                   address.between)


def _shared_home(address: Feature) -> Feature:
    """A name that agrees only in part at one home: the same person with a garbled name, or a relative
    living there. Either way the two states' searches and arrests meet at one door."""
    return Feature("suspect", "address.shared_home", weight("address.shared_home"),
                   "names agree only in part at the same street and house number: the same person, or a "
                   "relative at the same home", address.detail, address.between)


def _other_name(a: SuspectProfile, b: SuspectProfile) -> Feature:
    """No name in common: only a full birth date *and* a street address can still make one person
    (an alias, or a name the other file got wrong)."""
    return Feature("suspect", "name.other", weight("name.other"), "names differ: possibly an alias", "",
                   (a.ref, b.ref))


# ---------------------------------------------------------------------------- indicators

_ANCHORED = {"url", "host", "regdomain"}


def _anchor(kind: str, value: str) -> str:
    """Keys that describe one underlying thing share an anchor; only the best per anchor counts."""
    if kind in _ANCHORED:
        return "dom:" + registrable_domain(value.split("/", 1)[0].split("?", 1)[0])
    if kind in ("ip", "net", "cidr"):
        return "net:" + value.rsplit(".", 1)[0] if "." in value else "net:" + value[:19]
    if kind in ("phone", "phone_national"):
        return "phone:" + value[-9:]
    if kind in ("handle", "handle_any"):
        return "handle:" + value.split(":")[-1]
    return f"{kind}:{value}"


def indicator_features(a: CaseProfile, b: CaseProfile, holders: Mapping[str, int], saturate: int) -> list[Feature]:
    """Shared technical indicators, one per underlying thing, weighted by type and rarity."""
    b_index: dict[str, list[IndicatorProfile]] = {}
    for ind in b.indicators:
        for k in ind.keys:
            if not k.public:
                b_index.setdefault(k.key, []).append(ind)
    best: dict[str, Feature] = {}
    for ia in a.indicators:
        for k in ia.keys:
            if k.public or k.key not in b_index:
                continue
            ib = b_index[k.key][0]
            name = k.kind
            if k.kind == "net":
                name = "contained" if _contains(ia, ib) else "net"
            bits = weight(f"indicator.{name}")
            penalty = rarity_penalty(holders.get(k.key, 2), saturate)
            rarity = ""
            if penalty is None:
                bits, rarity = 0.0, f"; common: held by {holders_text(holders[k.key], saturate)} cases"
            elif penalty:
                bits -= penalty
                rarity = f"; held by {holders_text(holders[k.key], saturate)} cases"
            label = {"regdomain": "registrable domain", "handle_any": "handle", "contained": "address range",
                     "phone_national": "national phone number",
                     "net": "neighbouring network"}.get(name, name)
            summary = disclose(label, k.value, ia.tlp, ib.tlp) + rarity
            feat = Feature("indicator", f"indicator.{name}", round(max(bits, 0.0), 3), summary,
                           f"{ia.type} {ia.original!r} ~ {ib.type} {ib.original!r} -> {k.key}", (ia.ref, ib.ref),
                           (label, k.value, ia.tlp, ib.tlp, rarity))
            anchor = _anchor(k.kind, k.value)
            if anchor not in best or feat.weight > best[anchor].weight:
                best[anchor] = feat
    return sorted(best.values(), key=lambda f: (-f.weight, f.summary))


def _contains(ia: IndicatorProfile, ib: IndicatorProfile) -> bool:
    try:
        nets = [ipaddress.ip_network(x.canonical.canonical, strict=False) for x in (ia, ib) if x.type == "cidr"]
        addrs = [ipaddress.ip_address(x.canonical.canonical) for x in (ia, ib) if x.type in ("ipv4", "ipv6")]
    except ValueError:
        return False
    return bool(nets and addrs and any(ad.version == n.version and ad in n for ad in addrs for n in nets)) or (
        len(nets) == 2 and nets[0].overlaps(nets[1]))


# ---------------------------------------------------------------------------- conduct


def conduct_features(a: CaseProfile, b: CaseProfile, holders: Mapping[str, int], saturate: int) -> list[Feature]:
    """Offences, period, technique, malware and victims of the two proceedings."""
    ca, cb = a.conduct, b.conduct
    if ca is None or cb is None:
        return []
    between = (a.case_key, b.case_key)
    period = _period(ca, cb, between)
    out = [_offences(ca, cb, between, concurrent=period is not None and period.name == "period.overlap")]
    if period:
        out.append(period)
    for label, prefix, shared, base in (
        ("technique", "mo", ca.modus_operandi & cb.modus_operandi, "modus_operandi.same"),
        ("malware family", "mw", ca.malware & cb.malware, "malware.same"),
    ):
        for value in sorted(shared)[:3]:
            n = holders.get(f"{prefix}:{value}", 2)
            penalty = rarity_penalty(n, saturate)
            bits = 0.0 if penalty is None else max(weight(base) - penalty * 0.5, 0.1)
            out.append(Feature("conduct", base, round(bits, 3), f"same {label}: {value} (seen in {holders_text(n, saturate)} cases)",
                               value, between))
    for victim in sorted(ca.victims & cb.victims)[:3]:
        n = holders.get(f"v:{victim}", 2)
        penalty = rarity_penalty(n, saturate)
        bits = 0.0 if penalty is None else max(weight("victim.same") - penalty * 1.5, 0.0)
        suffix = f" (named in {holders_text(n, saturate)} cases)"
        out.append(Feature("victim", "victim.same", round(bits, 3), disclose("named victim", victim, a.tlp, b.tlp) + suffix,
                           victim, between, ("named victim", victim, a.tlp, b.tlp, suffix)))
    return out


def _offences(ca: ConductProfile, cb: ConductProfile, between, concurrent: bool = False) -> Feature:
    shared = ca.offences & cb.offences
    if ca.offences == cb.offences:
        name, text = "offences.same", "same offences"
    elif shared:
        name, text = "offences.overlap", "offences overlap"
    elif concurrent and _steps_of_one_scheme(ca.offences, cb.offences):
        name, text = "offences.related", "offences are steps of one scheme"
    elif CATCH_ALL_OFFENCES & (ca.offences | cb.offences):
        name, text = "offences.unspecific", "one file charges a catch-all offence that may name the other's conduct"
    else:
        name, text = "offences.disjoint", "no offence in common"
    return Feature("conduct", name, weight(name), f"{text}: {', '.join(sorted(shared)) or '-'}",
                   f"{sorted(ca.offences)} vs {sorted(cb.offences)}", between)


# "Any other serious crime" (Art. 2(h)): a state's label for conduct it charges under its own law,
# which may be what another state calls sextortion or fraud: it cannot contradict them.
CATCH_ALL_OFFENCES = frozenset({"other_serious_crime"})

# Offences that are commonly steps of one scheme, charged separately by states that each see a
# part. Profit: the cyber means (Arts. 7-11), the fraud or forgery it serves (Arts. 12-13, or
# extortion as another serious crime) and the laundering of the proceeds (Art. 17). Children: the
# grooming (Art. 15) that yields the material (Art. 14).
_STAGES = {
    "illegal_access": "profit:means", "illegal_interception": "profit:means", "data_interference": "profit:means",
    "system_interference": "profit:means", "misuse_of_devices": "profit:means",
    "theft_or_fraud": "profit:end", "forgery": "profit:end", "other_serious_crime": "profit:end",
    "laundering": "profit:laundering",
    "child_sexual_abuse_material": "children:material", "solicitation_of_child": "children:grooming",
}


def _steps_of_one_scheme(a: frozenset[str], b: frozenset[str]) -> bool:
    """No offence in common, but one file's offences lead to the other's (means, end, laundering;
    grooming, material); counted only when the periods overlap, as steps of one scheme do."""
    sa = {_STAGES.get(o, "other:" + o) for o in a}
    sb = {_STAGES.get(o, "other:" + o) for o in b}
    schemes = {s.split(":")[0] for s in sa | sb}
    return len(schemes) == 1 and "other" not in schemes and sa != sb


def _period(ca: ConductProfile, cb: ConductProfile, between) -> Feature | None:
    if not ca.period_from or not cb.period_from:
        return None
    a_to = ca.period_to or ca.period_from
    b_to = cb.period_to or cb.period_from
    gap = max((cb.period_from - a_to).days, (ca.period_from - b_to).days, 0)
    # Open-ended periods ("from" only) run to the notification: treat them as overlapping forward.
    if ca.period_to is None and cb.period_from >= ca.period_from or cb.period_to is None and ca.period_from >= cb.period_from:
        gap = 0
    detail = f"{ca.period_from}..{ca.period_to or ''} vs {cb.period_from}..{cb.period_to or ''}"
    if gap == 0:
        return Feature("conduct", "period.overlap", weight("period.overlap"), "periods of conduct overlap", detail, between)
    if gap > 365:
        return Feature("conduct", "period.apart", weight("period.apart"),
                       f"periods of conduct {gap // 30} months apart", detail, between)
    return None
