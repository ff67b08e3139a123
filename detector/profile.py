"""A case notification reduced to comparable features (pure: no IO, deterministic)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from anyascii import anyascii

from detector.contract import CaseNotification, Party, PartyName
from detector.normalize.conduct import normalize_malware, normalize_modus_operandi, normalize_victim
from detector.normalize.dates import PartialDate
from detector.normalize.indicators import CanonicalIndicator, IndicatorError, IndicatorKey, normalize_indicator
from detector.normalize.names import NameForm, fold_token, normalize_name

_HANDLE_LIKE = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")


@dataclass(frozen=True, slots=True)
class StreetAddress:
    """A street line reduced to its house number and folded street words."""

    number: str | None  # the first number on the line: the house number in most countries
    street: str  # folded words, space separated, in order
    city: str
    postcode: str
    # every number on the line (house, flat, building): "38 Tindale Street, Villa 2" and
    # "Tindale Street, Villa 2" agree on 2 even though their first numbers differ
    numbers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SuspectProfile:
    ref: str  # "DE:ZIT-2026-0412/S1"
    party_id: str
    kind: str
    names: tuple[NameForm, ...]
    birth_date: PartialDate | None
    nationalities: frozenset[str]
    identifiers: frozenset[str]  # compact upper-case values
    cities: frozenset[str]
    postcodes: frozenset[str]
    streets: tuple[StreetAddress, ...]
    gender: str | None
    in_custody: bool

    @property
    def display_name(self) -> str:
        return self.names[0].original if self.names else self.party_id


@dataclass(frozen=True, slots=True)
class IndicatorProfile:
    ref: str  # "DE:ZIT-2026-0412/S1" when attributed, else the case key
    type: str
    original: str
    canonical: CanonicalIndicator
    tlp: str

    @property
    def keys(self) -> tuple[IndicatorKey, ...]:
        return self.canonical.keys


@dataclass(frozen=True, slots=True)
class ConductProfile:
    offences: frozenset[str]
    period_from: date | None
    period_to: date | None
    modus_operandi: frozenset[str]
    malware: frozenset[str]
    victims: frozenset[str]


@dataclass(frozen=True, slots=True)
class CaseProfile:
    case_key: str
    state: str
    version: int
    closed: bool
    tlp: str
    suspects: tuple[SuspectProfile, ...]
    indicators: tuple[IndicatorProfile, ...]
    conduct: ConductProfile | None
    unreadable_indicators: tuple[str, ...] = field(default=())

    @property
    def in_custody(self) -> bool:
        return any(s.in_custody for s in self.suspects)


def _compact_identifier(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def street_address(address) -> StreetAddress:
    """House number and street words of an address line, in any script."""
    words = normalize_name(address.full, "organization").plain
    numbers = re.findall(r"\d+[a-z]?", anyascii(address.full).lower())
    postcode = _compact_identifier(address.postcode) if address.postcode else ""
    numbers = [n.lstrip("0") or "0" for n in numbers if n.upper() != postcode]  # 07 is 7
    street = " ".join(fold_token(w) for w in words if not w.isdigit())
    return StreetAddress(numbers[0] if numbers else None, street,
                         normalize_victim(address.city) if address.city else "", postcode, frozenset(numbers))


def profile_suspect(case_key: str, party: Party) -> SuspectProfile:
    # Handle-like nicknames (sanya_k, neo78) are accounts, compared as handles, not as names.
    names = tuple(dict.fromkeys(normalize_name(n.full, party.kind) for n in party.names if not _is_handle(n)))
    if not names:
        names = tuple(dict.fromkeys(normalize_name(n.full, party.kind) for n in party.names))
    extra = []
    for n in party.names:
        if n.given and n.family:  # the structured parts give the order-free form too
            extra.append(normalize_name(f"{n.family} {n.given}", party.kind))
    names = tuple(dict.fromkeys(names + tuple(extra)))
    addresses = party.addresses or []
    return SuspectProfile(
        ref=f"{case_key}/{party.party_id}",
        party_id=party.party_id,
        kind=party.kind,
        names=names,
        birth_date=PartialDate.parse(party.birth_date),
        nationalities=frozenset(party.nationalities or ()),
        identifiers=frozenset(_compact_identifier(i.value) for i in party.identifiers or ()),
        cities=frozenset(normalize_victim(a.city) for a in addresses if a.city),
        postcodes=frozenset(_compact_identifier(a.postcode) for a in addresses if a.postcode),
        streets=tuple(street_address(a) for a in addresses if a.full),
        gender=party.gender if party.gender in ("male", "female") else None,
        in_custody=bool(party.in_custody),
    )


def _is_handle(name: PartyName) -> bool:
    return name.kind in ("nickname", "alias") and bool(_HANDLE_LIKE.match(name.full)) and bool(
        re.search(r"[_.\d]", name.full))


def _handle_names(case_key: str, party: Party, tlp: str) -> list[IndicatorProfile]:
    """Nicknames written like handles (sanya_k) meet username indicators of other files."""
    out = []
    for n in party.names:
        if _is_handle(n):
            canonical = normalize_indicator("username", n.full)
            handle_only = CanonicalIndicator("username", canonical.canonical, canonical.keys[-1:])
            out.append(IndicatorProfile(f"{case_key}/{party.party_id}", "username", n.full, handle_only, tlp))
    return out


def build_profile(notification: CaseNotification) -> CaseProfile:
    """Everything the matcher compares, derived from one notification."""
    case = notification.case
    key = case.key
    tlp = case.tlp or "AMBER"
    suspects = tuple(profile_suspect(key, p) for p in notification.suspects or ())
    nationalities = tuple(dict.fromkeys(c for s in notification.suspects or () for c in s.nationalities or ()))
    regions = (case.state, *nationalities)
    indicators: list[IndicatorProfile] = []
    unreadable: list[str] = []
    party_ids = {s.party_id for s in suspects}
    for ind in notification.indicators or ():
        ref = f"{key}/{ind.party_id}" if ind.party_id in party_ids else key
        try:
            canonical = normalize_indicator(ind.type, ind.value, ind.network, regions)
        except IndicatorError as exc:
            unreadable.append(f"{ind.type} {ind.value[:80]!r}: {exc}")
            raw = IndicatorKey("raw", f"{ind.type}:{ind.value.strip().lower()}")
            canonical = CanonicalIndicator(ind.type, ind.value.strip(), (raw,), str(exc))
        indicators.append(IndicatorProfile(ref, ind.type, ind.value, canonical, ind.tlp or tlp))
    for party in notification.suspects or ():
        indicators.extend(_handle_names(key, party, tlp))
    conduct = None
    if notification.conduct:
        c = notification.conduct
        period = c.period
        conduct = ConductProfile(
            offences=frozenset(c.offences),
            period_from=date.fromisoformat(period.from_) if period else None,
            period_to=date.fromisoformat(period.to) if period and period.to else None,
            modus_operandi=frozenset(normalize_modus_operandi(m) for m in c.modus_operandi or () if m.strip()),
            malware=frozenset(normalize_malware(m) for m in c.malware or () if m.strip()),
            victims=frozenset(
                v for v in (normalize_victim(x.name) for x in c.victims or () if x.name) if v
            ),
        )
    return CaseProfile(
        case_key=key,
        state=case.state,
        version=case.version,
        closed=notification.event == "closed",
        tlp=tlp,
        suspects=suspects,
        indicators=tuple(indicators),
        conduct=conduct,
        unreadable_indicators=tuple(unreadable),
    )
