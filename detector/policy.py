"""Alert policy (pure): which pairs are bands, how pairs group into alerts, what an alert says.

- A pair is ``alert`` when its calibrated score reaches the alert threshold AND it is corroborated
  (a specific shared item, or a person confirmed by birth date or document) AND its conduct is not
  incompatible without a hard link; ``review`` from the review threshold; otherwise nothing.
- Alert-band pairs join cases into connected groups: proceedings of three or more states in the
  same conduct are presented in one alert. Review-band pairs outside a group stay pairwise.
- alert_id depends only on the group: a hash of its two smallest member keys from different
  states, so the final alerts are the same whatever the delivery order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace

from detector.contract import AlertParty, CaseNotification, ConsultationAlert, Evidence
from detector.matching.features import Feature
from detector.matching.scoring import PairScore
from detector.settings import Settings
from detector.store.base import AlertRecord, DecisionRecord, PairRecord


def pair_band(score: PairScore, settings: Settings) -> str | None:
    if score.probability >= settings.alert_threshold and score.corroborated and not (
        score.conduct_incompatible and not score.has_hard_link
    ):
        return "alert"
    if score.probability >= settings.review_threshold:
        return "review"
    return None


def pair_payload(score: PairScore) -> str:
    return json.dumps(
        {"log2_odds": score.log2_odds, "features": [asdict(f) for f in score.features]},
        sort_keys=True, ensure_ascii=False,
    )


def payload_features(record: PairRecord) -> list[Feature]:
    data = json.loads(record.payload)
    return [Feature(**{**f, "between": tuple(f["between"]), "disclosure": tuple(f.get("disclosure", ()))})
            for f in data["features"]]


def state_of(case_key: str) -> str:
    return case_key.split(":", 1)[0]


def alert_id_for(members: Iterable[str]) -> str:
    ordered = sorted(members)
    first = ordered[0]
    second = next(m for m in ordered if state_of(m) != state_of(first))
    digest = hashlib.sha256(f"{first}\n{second}".encode()).hexdigest()[:20]
    return f"ppd-{digest}"


@dataclass(frozen=True, slots=True)
class AlertDraft:
    """What an alert should say now, before versioning against what was said before."""

    alert_id: str
    band: str
    members: tuple[str, ...]
    score: float
    edges: tuple[PairRecord, ...]


def group_alerts(pairs: Iterable[PairRecord]) -> list[AlertDraft]:
    """Alert-band pairs -> connected groups; review-band pairs outside a group stay pairwise."""
    pairs = sorted(pairs, key=lambda p: (-p.probability, p.a, p.b))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    tree_edges: list[PairRecord] = []
    for p in pairs:
        if p.band != "alert":
            continue
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            tree_edges.append(p)  # maximum spanning tree: the strongest chain holding the group
    groups: dict[str, list[PairRecord]] = {}
    for e in tree_edges:
        groups.setdefault(find(e.a), []).append(e)
    drafts = []
    for edges in groups.values():
        members = tuple(sorted({m for e in edges for m in (e.a, e.b)}))
        drafts.append(AlertDraft(alert_id_for(members), "alert", members,
                                 min(e.probability for e in edges), tuple(edges)))
    for p in pairs:
        if p.band == "review" and not (p.a in parent and p.b in parent and find(p.a) == find(p.b)):
            drafts.append(AlertDraft(alert_id_for((p.a, p.b)), "review", (p.a, p.b), p.probability, (p,)))
    return sorted(drafts, key=lambda d: d.alert_id)


def _party(notification: CaseNotification, status: str) -> AlertParty:
    case = notification.case
    contact = case.contact.point_of_contact if case.contact else f"{case.state}-24x7"
    fields = {
        "state": case.state, "reference": case.reference, "authority": case.authority,
        "point_of_contact": contact, "stage": case.stage, "case_version": case.version, "case_status": status,
        "in_custody": any(bool(s.in_custody) for s in notification.suspects or ()),
    }
    return AlertParty.model_validate({k: v for k, v in fields.items() if v is not None} | {"acknowledged_at": None})


def _evidence(draft: AlertDraft, limit: int) -> list[Evidence]:
    items: list[Evidence] = []
    for edge in draft.edges:
        for f in payload_features(edge):
            item = {"kind": f.kind, "weight": f.weight, "summary": f.summary, "between": list(f.between),
                    "feature": f.name}
            if f.disclosure:  # stripped from every view that leaves the service (detector.disclosure)
                label, value, tlp_a, tlp_b, suffix = f.disclosure
                item["disclosure"] = {"label": label, "value": value, "tlp": [tlp_a, tlp_b], "suffix": suffix}
            items.append(Evidence.model_validate(item))
    items.sort(key=lambda e: (-abs(e.weight), e.summary, e.between or []))
    return items[:limit] or [Evidence(kind="conduct", weight=0.0, summary="no itemised evidence")]


def _actions(draft: AlertDraft, cases: Mapping[str, CaseNotification], urgent: bool) -> list[str]:
    parties = ", ".join(draft.members)
    out = []
    if urgent:
        custody = [m for m in draft.members if any(s.in_custody for s in cases[m].suspects or ())]
        out.append(f"URGENT: a suspect is in custody in {', '.join(custody)}: consult before any "
                   "further coercive measure or transfer")
    if draft.band == "alert":
        out.append(f"Consult under Art. 22(5) between the competent authorities of {parties} "
                   "to coordinate (Art. 41 points of contact)")
        out.append("Agree which proceeding leads; avoid duplicate arrests and ne bis in idem conflicts")
    else:
        out.append("Liaison officer review: confirm or dismiss this possible overlap")
    closed = [m for m in draft.members if cases[m].event == "closed"]
    if closed:
        out.append(f"Proceeding(s) {', '.join(closed)} are closed: check ne bis in idem before going further")
    return out


def draft_signature(draft: AlertDraft, case_states: Mapping[str, tuple]) -> str:
    """Digest of everything an alert is made from: equal digests make equal alerts."""
    parts = [draft.alert_id, draft.band, f"{draft.score:.4f}"]
    parts += [f"{m}={case_states[m]}" for m in draft.members]
    parts += [f"{e.a}|{e.b}|{e.band}|{e.probability}|{hashlib.sha256(e.payload.encode()).hexdigest()}" for e in draft.edges]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def decision_signature(decision: DecisionRecord | None) -> str:
    """Part of an alert's signature: a new decision makes a new version."""
    return "" if decision is None else f"|{decision.decision}@{decision.score}"


def decided_band_status(draft: AlertDraft, decision: DecisionRecord | None, settings: Settings) -> tuple[str, str | None]:
    """Band and forced status after a liaison officer's decision.

    confirm: the match goes to the points of contact. dismiss: it stays dismissed until new evidence
    raises its score by the reopen margin; then it is reviewed again.
    """
    if decision is None:
        return draft.band, None
    if decision.decision == "confirm":
        return "alert", None
    if draft.score < decision.score + settings.dismissal_reopen_margin:
        return draft.band, "dismissed"
    return draft.band, None


def compose_alert(draft: AlertDraft, cases: Mapping[str, CaseNotification], previous: AlertRecord | None,
                  now: str, settings: Settings, signature: str, decision: DecisionRecord | None = None) -> AlertRecord:
    """The new state of an alert whose signature (see draft_signature) changed."""
    band, forced_status = decided_band_status(draft, decision, settings)
    urgent = any(bool(s.in_custody) for m in draft.members for s in cases[m].suspects or ())
    parties = [_party(cases[m], "closed" if cases[m].event == "closed" else "open") for m in draft.members]
    evidence = _evidence(draft, settings.max_evidence_items)
    actions = _actions(replace(draft, band=band), cases, urgent)
    old = ConsultationAlert.model_validate_json(previous.body) if previous else None
    if old:  # acknowledgements survive a new version for the parties that stay
        acked = {(p.state, p.reference): p.acknowledged_at for p in old.parties}
        parties = [p.model_copy(update={"acknowledged_at": acked.get((p.state, p.reference))}) for p in parties]
    status = forced_status or ack_status(parties, old.status if old else "open")
    alert = ConsultationAlert.model_validate({
        "schema_version": "1.0", "alert_id": draft.alert_id, "version": (old.version + 1) if old else 1,
        "article": "22(5)", "status": status, "band": band, "score": round(draft.score, 4),
        "parties": [p.model_dump(mode="json", exclude_none=True) | {"acknowledged_at": p.acknowledged_at}
                    for p in parties],
        "evidence": [e.model_dump(mode="json", exclude_none=True) for e in evidence],
        "recommended_actions": actions, "created_at": old.created_at if old else now, "updated_at": now,
        "urgent": urgent,
        # offence types only (Convention Arts. 7-17): what dashboards aggregate by, no case contents
        "offences": sorted({o for m in draft.members if cases[m].conduct for o in cases[m].conduct.offences}),
    })
    return AlertRecord(draft.alert_id, draft.members, json.dumps(alert.to_wire(), ensure_ascii=False), signature)


def ack_status(parties, previous_status: str) -> str:
    """acknowledged once every party has acknowledged; consultation states set later are kept."""
    if previous_status in ("in_consultation", "resolved"):
        return previous_status
    return "acknowledged" if parties and all(p.acknowledged_at for p in parties) else "open"


def acknowledge_alert(previous: AlertRecord, state: str, now: str) -> AlertRecord | None:
    """The alert with ``state``'s parties acknowledged at ``now``; None when nothing changes."""
    old = ConsultationAlert.model_validate_json(previous.body)
    if all(p.acknowledged_at for p in old.parties if p.state == state):
        return None
    parties = [p.model_copy(update={"acknowledged_at": now}) if p.state == state and not p.acknowledged_at else p
               for p in old.parties]
    alert = old.model_copy(update={"parties": parties, "status": ack_status(parties, old.status),
                                   "version": old.version + 1, "updated_at": now})
    body = json.dumps(alert.to_wire(), ensure_ascii=False)
    return AlertRecord(previous.alert_id, previous.members, body, previous.content_hash)


def withdraw_alert(previous: AlertRecord, now: str, reason: str) -> AlertRecord | None:
    old = ConsultationAlert.model_validate_json(previous.body)
    if old.status == "withdrawn":
        return None
    actions = [f"Withdrawn: {reason}"] + [a for a in old.recommended_actions or () if not a.startswith("Withdrawn")]
    alert = old.model_copy(update={"status": "withdrawn", "version": old.version + 1, "updated_at": now,
                                   "recommended_actions": actions})
    body = json.dumps(alert.to_wire(), ensure_ascii=False)
    return AlertRecord(previous.alert_id, previous.members, body, hashlib.sha256(body.encode()).hexdigest())
