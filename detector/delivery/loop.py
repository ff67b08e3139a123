"""The delivery and escalation loop `ppd serve` runs beside the API.

Each tick: take up new alert versions (plan.py), escalate what is past its deadline
(deadlines.py), then send what is due. ctx.lock is held around store and ledger access only,
never while a channel talks to the network. Guarantee: at least once per (alert, version, state,
target). A crash between a successful send and its record sends it again after the claim expires,
with the same Idempotency-Key, which is how the receiver drops it.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from detector.delivery.channels import ChannelFactory, DeliveryError, SettingsChannels
from detector.delivery.deadlines import due_escalations, parse_time
from detector.delivery.ledger import (
    DELIVERED,
    ESCALATION,
    FAILED,
    AlertProgress,
    Delivery,
    DeliveryLedger,
    Escalation,
)
from detector.delivery.plan import contact_of, deliveries_for, plan_version
from detector.delivery.tracking import annotate, state_tracking
from detector.disclosure import alert_view
from detector.service.context import ServiceContext, stamp
from detector.store.base import AlertQuery

log = logging.getLogger(__name__)

PAGE = 500
CLOCK_SKEW = timedelta(minutes=10)  # other writers' clocks (cluster workers) may lag ours


@dataclass
class TickReport:
    taken_up: int = 0
    escalated: list[tuple[str, str]] = field(default_factory=list)
    delivered: int = 0
    failed_attempts: int = 0


def _describe(channel: str, target: str) -> str:
    """A target as logged and audited: a webhook URL without its query (it may carry a token)."""
    if channel != "webhook":
        return target
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class DeliveryLoop:
    def __init__(self, ctx: ServiceContext, ledger: DeliveryLedger, channel_factory: ChannelFactory | None = None,
                 claim_seconds: float = 120.0, full_sweep_every: int = 150) -> None:
        self.ctx = ctx
        self.ledger = ledger
        self.channels = channel_factory or SettingsChannels(ctx.settings)
        self.claim = timedelta(seconds=claim_seconds)  # longer than any one send may take
        self.full_sweep_every = full_sweep_every  # a safety net under the incremental scan
        self._since: str | None = None
        self._ticks = 0

    # ------------------------------------------------------------------ the loop
    def run_forever(self, stop: threading.Event) -> None:
        log.info("delivery loop started", extra={"poll_seconds": self.ctx.settings.delivery_poll_seconds})
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # one bad tick must not end delivery; the next tick tries again
                log.exception("delivery tick failed")
            stop.wait(self.ctx.settings.delivery_poll_seconds)
        close = getattr(self.channels, "close", None)
        if close:
            close()
        log.info("delivery loop stopped")

    def run_once(self) -> TickReport:
        report = TickReport()
        now = self.ctx.now()
        report.taken_up = self._take_up(now)
        report.escalated = self._escalate(now)
        self._deliver_due(now, report)
        return report

    # ------------------------------------------------------------------ finding new versions
    def _changed_alerts(self) -> list[dict]:
        """Bodies of alerts updated since the last scan (all of them on the first tick and every
        full_sweep_every ticks), in pages so that the lock is never held long."""
        full = self._since is None or self._ticks % self.full_sweep_every == 0
        self._ticks += 1
        since, after, bodies = None if full else self._since, None, []
        while True:
            with self.ctx.lock:
                page = self.ctx.store.list_alerts(AlertQuery(since=since, after=after, limit=PAGE))
            bodies += [json.loads(r.body) for r in page]
            if len(page) < PAGE:
                break
            after = page[-1].alert_id
        if bodies:
            newest = max(parse_time(b["updated_at"]) for b in bodies)
            mark = stamp(newest - CLOCK_SKEW)
            self._since = max(self._since or mark, mark)
        elif self._since is None:
            self._since = stamp(self.ctx.now() - CLOCK_SKEW)
        return bodies

    def _take_up(self, now: datetime) -> int:
        bodies = self._changed_alerts()
        with self.ctx.lock:
            known = self.ledger.progress(b["alert_id"] for b in bodies)
        fresh = [b for b in bodies if b["alert_id"] not in known or b["version"] > known[b["alert_id"]].version]
        items = []
        for body in fresh:
            previous = known.get(body["alert_id"])
            with self.ctx.lock:
                pending = self.ledger.pending_of(body["alert_id"]) if previous else []
            items.append(plan_version(body, previous, pending, self.ctx.settings.channels, stamp(now)))
        if items:
            with self.ctx.lock:
                self.ledger.take_up(items)
            for progress, deliveries in items:
                log.info("alert version taken up", extra={
                    "alert_id": progress.alert_id, "version": progress.version, "band": progress.band,
                    "status": progress.status, "deliveries": len(deliveries)})
        return len(items)

    # ------------------------------------------------------------------ escalation
    def _escalate(self, now: datetime) -> list[tuple[str, str]]:
        with self.ctx.lock:
            awaiting = self.ledger.awaiting_progress()
            done = self.ledger.escalations((p.alert_id, s) for p in awaiting for s in p.awaiting)
        out = []
        for progress, state, deadline in due_escalations(awaiting, done, self.ctx.settings, now):
            if self._escalate_one(progress, state, deadline, now):
                out.append((progress.alert_id, state))
        return out

    def _escalate_one(self, progress: AlertProgress, state: str, deadline: datetime, now: datetime) -> bool:
        settings = self.ctx.settings
        body = {"alert_id": progress.alert_id, "version": progress.version}
        deliveries = deliveries_for(body, [state], ESCALATION, settings.channels, stamp(now))
        escalation = Escalation(progress.alert_id, state, progress.version, stamp(deadline), stamp(now))
        with self.ctx.lock:
            # deliveries first: if we stop in between, the next tick escalates again and the same
            # delivery ids are not added twice; the record last makes the escalation happen once
            self.ledger.add_deliveries(deliveries)
            recorded = self.ledger.add_escalation(escalation)
        if not recorded:
            return False  # another process escalated it first
        targets = [_describe(d.channel, d.target) for d in deliveries]
        log.warning("alert escalated", extra={"alert_id": progress.alert_id, "state": state,
                                              "due_at": escalation.due_at, "secondary_targets": targets})
        self.ctx.audit(None, "alert.escalate", progress.alert_id, "ok" if deliveries else "no_secondary_contact",
                       state=state, version=progress.version, due_at=escalation.due_at, urgent=progress.urgent,
                       secondary_targets=targets)
        return True

    # ------------------------------------------------------------------ sending
    def _deliver_due(self, now: datetime, report: TickReport) -> None:
        with self.ctx.lock:
            due = self.ledger.due(stamp(now), limit=PAGE)
        for delivery in due:
            self._attempt(delivery, now, report)

    def _attempt(self, delivery: Delivery, now: datetime, report: TickReport) -> None:
        with self.ctx.lock:
            claimed = self.ledger.claim(delivery, stamp(now + self.claim))
            record = self.ctx.store.get_alert(delivery.alert_id) if claimed else None
            progress = self.ledger.progress([delivery.alert_id]).get(delivery.alert_id) if claimed else None
            escalations = self.ledger.escalations([(delivery.alert_id, delivery.state)]) if claimed else {}
        if claimed is None or record is None or progress is None:
            return
        body = json.loads(record.body)
        if body["version"] != delivery.version:
            return  # a newer version is stored; the next take-up supersedes this one
        payload = self._payload(body, claimed, progress, escalations)
        try:
            contact = contact_of(self.ctx.settings.channels, claimed.state, claimed.purpose)
            self.channels(claimed.channel, claimed.target, contact).send(payload, claimed.idempotency_key)
            error = None
        except DeliveryError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - an adapter's unexpected failure is a failed attempt
            error = f"{type(exc).__name__}: {exc}"
        self._record(claimed, error, report)

    def _payload(self, body: dict, delivery: Delivery, progress: AlertProgress,
                 escalations: dict[tuple[str, str], Escalation]) -> dict:
        """The alert redacted for the recipient state (never the stored body), with its deadlines."""
        tracking = state_tracking(progress, escalations, self.ctx.settings, self.ctx.now())
        view = annotate(alert_view(body, delivery.state), tracking, delivery.state)
        view["delivery"] = {
            "state": delivery.state, "contact": "secondary" if delivery.purpose == ESCALATION else "primary",
            "idempotency_key": delivery.idempotency_key, "sent_at": stamp(self.ctx.now()),
            "ack_due": tracking.get(delivery.state, {}).get("ack_due")}
        return view

    def _record(self, delivery: Delivery, error: str | None, report: TickReport) -> None:
        settings = self.ctx.settings
        at = self.ctx.now()
        attempts = delivery.attempts + 1
        if error is None:
            outcome, done = "ok", replace(delivery, status=DELIVERED, attempts=attempts, last_error=None,
                                          updated_at=stamp(at))
            report.delivered += 1
        else:
            report.failed_attempts += 1
            backoff = timedelta(seconds=settings.delivery_backoff_seconds * 2 ** (attempts - 1))
            final = attempts >= settings.delivery_max_attempts
            outcome = "failed" if final else "retry"
            done = replace(delivery, status=FAILED if final else delivery.status, attempts=attempts,
                           next_attempt_at=stamp(at + backoff), last_error=error, updated_at=stamp(at))
        with self.ctx.lock:
            self.ledger.record(done)
        details = {"version": done.version, "state": done.state, "purpose": done.purpose, "channel": done.channel,
                   "to": _describe(done.channel, done.target), "attempt": attempts,
                   "idempotency_key": done.idempotency_key}
        if error:
            details |= {"error": error, "next_attempt_at": None if outcome == "failed" else done.next_attempt_at}
        log_level = logging.INFO if error is None else logging.ERROR if outcome == "failed" else logging.WARNING
        log.log(log_level, "delivery attempt", extra={"alert_id": done.alert_id, "outcome": outcome, **details})
        self.ctx.audit(None, "delivery.attempt", done.alert_id, outcome, **details)

