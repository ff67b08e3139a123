"""Apply one notification to a store: case-store rules, candidates, scoring, alert versions.

The engine is the only place that decides; it talks to storage through detector.store.base.Store
only, and everything it computes is a pure function of the stored cases, so the final alerts do
not depend on delivery order, duplicates or stale re-sends (tests/test_order_independence.py).

Rarity makes a pair's score depend on how many cases hold each shared key. Rather than rescore
everything, a key's holders are rescored when its count changes rarity bucket (log2 steps), and a
pair stays a candidate only while it shares a key that is not too common: both are functions of
the final case set, whatever the order of arrival.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import combinations

from detector.blocking import blocking_keys, is_blocking
from detector.contract import CaseNotification
from detector.matching.scoring import score_pair
from detector.matching.weights import rarity_bucket
from detector.policy import (
    acknowledge_alert,
    compose_alert,
    decision_signature,
    draft_signature,
    group_alerts,
    pair_band,
    pair_payload,
    state_of,
    withdraw_alert,
)
from detector.profile import CaseProfile, build_profile
from detector.settings import Settings
from detector.store.base import AlertRecord, CaseRecord, DecisionRecord, PairRecord, Store

log = logging.getLogger(__name__)


class NotificationConflict(ValueError):
    """Same case and version (or same notification_id) with different content: dead-letter it."""


class AlertNotFound(LookupError):
    """No alert with this id."""


class InvalidAlertAction(ValueError):
    """The action does not fit the alert's band or status (e.g. acknowledging a review match)."""


@dataclass
class ApplyResult:
    outcome: str  # applied | duplicate | stale
    alerts: list[AlertRecord] = field(default_factory=list)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@lru_cache(maxsize=20_000)
def _notification_of(notification_json: str) -> CaseNotification:
    return CaseNotification.model_validate_json(notification_json)


@lru_cache(maxsize=20_000)
def _profile_of(notification_json: str) -> CaseProfile:
    return build_profile(_notification_of(notification_json))


class Engine:
    def __init__(self, store: Store, settings: Settings, clock: Callable[[], str] = utc_now) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock

    # ------------------------------------------------------------------ entry point
    def apply(self, notification: CaseNotification) -> ApplyResult:
        """Apply one valid notification atomically. Raises NotificationConflict."""
        nid = notification.idempotency_key
        fingerprint = notification.content_fingerprint()
        key = notification.case_key
        with self.store.transaction():
            seen = self.store.notification_fingerprint(nid)
            if seen is not None:
                if seen != fingerprint:
                    raise NotificationConflict(
                        f"notification_id {nid} was already used for a message with different content")
                return ApplyResult("duplicate")
            stored = self.store.get_cases([key]).get(key)
            version = notification.case.version
            if stored and version < stored.version:
                alerts = []
                if stored.status == "closed" and _has_content(notification) and version > stored.content_version:
                    # A closed case that came without content takes the newest content it is sent,
                    # whatever order the versions arrive in.
                    closed = CaseNotification.model_validate_json(stored.notification)
                    alerts = self._apply_case(_with_content(closed, notification), stored.fingerprint,
                                              version=stored.version, content_version=version)
                self.store.record_notification(nid, key, version, fingerprint, "stale")
                return ApplyResult("stale", alerts)
            if stored and version == stored.version:
                if stored.fingerprint != fingerprint:
                    raise NotificationConflict(
                        f"case {key} version {version} was already received with different content")
                alerts = []
                if not self.store.atomic:
                    # Without transactions an earlier attempt may have stopped half way (a crash
                    # before the notification was recorded): recompute all it could have touched.
                    effective = _notification_of(stored.notification)
                    alerts = self._apply_case(effective, fingerprint, version=version,
                                              content_version=stored.content_version, repair=True)
                self.store.record_notification(nid, key, version, fingerprint, "duplicate")
                return ApplyResult("duplicate", alerts)
            if _has_content(notification):
                effective, content_version = notification, version
            elif notification.event in ("closed", "withdrawn") and stored:
                effective = _with_content(notification, CaseNotification.model_validate_json(stored.notification))
                content_version = stored.content_version
            else:  # content may still arrive as an older version (see the stale branch above)
                effective, content_version = notification, 0
            alerts = self._apply_case(effective, fingerprint, version=version, content_version=content_version)
            self.store.record_notification(nid, key, version, fingerprint, "applied")
            return ApplyResult("applied", alerts)

    # ------------------------------------------------------------------ people acting on alerts
    def acknowledge(self, alert_id: str, state: str) -> AlertRecord:
        """``state``'s point of contact acknowledges; idempotent (the first time stays)."""
        with self.store.transaction():
            current = self._alert(alert_id)
            body = json.loads(current.body)
            if state not in {p["state"] for p in body["parties"]}:
                raise InvalidAlertAction(f"{state} is not a party to alert {alert_id}")
            if body["band"] != "alert" or body["status"] in ("withdrawn", "dismissed"):
                raise InvalidAlertAction(
                    f"alert {alert_id} is {body['band']}/{body['status']}: only alerts sent to the points of "
                    "contact are acknowledged")
            record = acknowledge_alert(current, state, self.clock())
            if record is None:
                return current
            self.store.put_alert(record)
            return record

    def decide(self, alert_id: str, decision: str, note: str, user: str) -> AlertRecord:
        """A liaison officer confirms or dismisses a review-band match; the alert is recomposed."""
        if decision not in ("confirm", "dismiss"):
            raise InvalidAlertAction(f"decision must be confirm or dismiss, not {decision!r}")
        with self.store.transaction():
            current = self._alert(alert_id)
            body = json.loads(current.body)
            if body["status"] == "withdrawn":
                raise InvalidAlertAction(f"alert {alert_id} is withdrawn")
            if body["band"] != "review" and self.store.get_decisions([alert_id]).get(alert_id) is None:
                raise InvalidAlertAction(f"alert {alert_id} is in band {body['band']}: only review matches are decided")
            self.store.put_decision(DecisionRecord(alert_id, decision, note, user, self.clock(), body["score"]))
            self._refresh_alerts(set(current.members), withdrawn_case=None)
            return self._alert(alert_id)

    def _alert(self, alert_id: str) -> AlertRecord:
        record = self.store.get_alert(alert_id)
        if record is None:
            raise AlertNotFound(alert_id)
        return record

    def _apply_case(self, notification: CaseNotification, fingerprint: str, version: int,
                    content_version: int, repair: bool = False) -> list[AlertRecord]:
        key, state = notification.case_key, notification.case.state
        withdrawn = notification.event == "withdrawn"
        body = notification.model_dump_json(by_alias=True, exclude_none=True)
        old_keys = self.store.previous_keys(key) if repair else self.store.keys_of_cases([key]).get(key, set())
        profile = None if withdrawn else _profile_of(body)
        new_keys = set() if profile is None else blocking_keys(profile)
        if profile is not None and profile.unreadable_indicators and not repair:
            # kept and compared verbatim, but the sender should hear that it could not be read
            log.warning("unreadable indicators kept verbatim",
                        extra={"case": key, "version": version, "indicators": list(profile.unreadable_indicators)})
        touched_keys = old_keys | new_keys
        before = self.store.key_counts(touched_keys)
        status = "withdrawn" if withdrawn else "closed" if notification.event == "closed" else "open"
        self.store.put_case(CaseRecord(key, state, version, status, fingerprint, body, content_version))
        self.store.set_case_keys(key, state, new_keys)
        after = self.store.key_counts(touched_keys)
        cap = self.settings.common_key_cases

        to_score: set[tuple[str, str]] = set()
        old_pairs = self.store.pairs_of_cases([key])
        to_score.update((p.a, p.b) for p in old_pairs)
        if not withdrawn:
            usable = [k for k in new_keys if is_blocking(k) and after.get(k, 0) <= cap]
            for holders in self.store.holders(usable).values():
                to_score.update(_pair(key, other) for other in holders if state_of(other) != state)
        for k in sorted(touched_keys):
            if not repair and rarity_bucket(before.get(k, 0), cap) == rarity_bucket(after.get(k, 0), cap):
                continue
            holders = self.store.holders([k]).get(k, [])
            if after.get(k, 0) <= cap:
                to_score.update(_pair(x, y) for x, y in combinations(holders, 2) if state_of(x) != state_of(y))
            else:
                holder_set = set(holders)
                to_score.update((p.a, p.b) for p in self.store.pairs_of_cases(holders)
                                if p.a in holder_set and p.b in holder_set)
        changed = self._rescore(to_score, {(p.a, p.b): p for p in old_pairs})
        return self._refresh_alerts({key} | changed, withdrawn_case=key if withdrawn else None)

    # ------------------------------------------------------------------ scoring
    def _rescore(self, pairs: set[tuple[str, str]], known: dict[tuple[str, str], PairRecord]) -> set[str]:
        """Score the given pairs against the current store; returns cases whose pairs changed."""
        if not pairs:
            return set()
        cases = {c for p in pairs for c in p}
        records = self.store.get_cases(cases)
        keys = self.store.keys_of_cases(cases)
        counts = self.store.key_counts(set().union(*keys.values()) if keys else set())
        missing = [p for p in pairs if p not in known]
        for record in self.store.pairs_of_cases({c for pair in missing for c in pair}):
            known.setdefault((record.a, record.b), record)
        cap = self.settings.common_key_cases
        changed: set[str] = set()
        for a, b in sorted(pairs):
            ra, rb = records.get(a), records.get(b)
            shared = keys.get(a, set()) & keys.get(b, set())
            candidate = (
                ra is not None and rb is not None and "withdrawn" not in (ra.status, rb.status)
                and any(is_blocking(k) and counts.get(k, 0) <= cap for k in shared)
            )
            record = None
            if candidate:
                score = score_pair(_profile_of(ra.notification), _profile_of(rb.notification), counts, cap)
                band = pair_band(score, self.settings)
                if band:
                    record = PairRecord(a, b, band, score.probability, pair_payload(score))
            old = known.get((a, b))
            if record is None:
                if old is not None:
                    self.store.delete_pair(a, b)
                    changed.update((a, b))
            elif old != record:
                self.store.put_pair(record)
                changed.update((a, b))
        return changed

    # ------------------------------------------------------------------ alerts
    def _refresh_alerts(self, affected: set[str], withdrawn_case: str | None) -> list[AlertRecord]:
        """Recompute the alerts of every group touching the affected cases; version what changed."""
        component: set[str] = set()
        frontier = set(affected)
        pairs: dict[tuple[str, str], PairRecord] = {}
        existing: dict[str, AlertRecord] = {}
        while frontier:
            # Everything reachable through alert-band pairs, and every member of an alert that
            # names one of those cases: the alert may have to shrink, split or merge.
            component |= frontier
            found = self.store.pairs_of_cases(frontier)
            for p in found:
                pairs[(p.a, p.b)] = p
            reach = {c for p in found if p.band == "alert" for c in (p.a, p.b)}
            for alert in self.store.alerts_of_cases(frontier):
                existing[alert.alert_id] = alert
                if not _is_withdrawn(alert):
                    reach.update(alert.members)
            frontier = reach - component
        drafts = [d for d in group_alerts(pairs.values()) if set(d.members) & component]
        now = self.clock()
        records = self.store.get_cases({m for d in drafts for m in d.members})
        case_states = {k: (r.version, r.status, r.fingerprint, r.content_version) for k, r in records.items()}
        decisions = self.store.get_decisions(d.alert_id for d in drafts)
        written: list[AlertRecord] = []
        wanted = set()
        for draft in drafts:
            wanted.add(draft.alert_id)
            previous = existing.get(draft.alert_id)
            decision = decisions.get(draft.alert_id)
            signature = draft_signature(draft, case_states) + decision_signature(decision)
            if previous is not None and previous.content_hash == signature:
                continue
            cases = {m: _notification_of(records[m].notification) for m in draft.members}
            record = compose_alert(draft, cases, previous, now, self.settings, signature, decision)
            self.store.put_alert(record)
            written.append(record)
        for alert_id, old in sorted(existing.items()):
            if alert_id in wanted or _is_withdrawn(old):
                continue
            reason = (f"{withdrawn_case} withdrew its notification" if withdrawn_case in old.members
                      else "the proceedings no longer overlap, or the group was merged into another alert")
            record = withdraw_alert(old, now, reason)
            if record is not None:
                self.store.put_alert(record)
                written.append(record)
        return written


def _is_withdrawn(alert: AlertRecord) -> bool:
    """Read from the stored body without parsing it: withdrawn alerts pile up on busy cases."""
    return '"status": "withdrawn"' in alert.body


def _has_content(notification: CaseNotification) -> bool:
    return bool(notification.suspects or notification.conduct or notification.indicators)


def _with_content(target: CaseNotification, source: CaseNotification) -> CaseNotification:
    """``target`` (closed or withdrawn, without content) carrying ``source``'s content."""
    merged = target.model_dump(mode="json", by_alias=True, exclude_none=True)
    previous = source.model_dump(mode="json", by_alias=True, exclude_none=True)
    for part in ("suspects", "conduct", "indicators"):
        merged.pop(part, None)
        if part in previous:
            merged[part] = previous[part]
    return CaseNotification.model_validate(merged)


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)
