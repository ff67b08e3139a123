"""The delivery stream: opened/updated/closed/withdrawn events in time order, plus re-deliveries
(duplicates), stale re-sends and broken messages; and the ground truth."""

from __future__ import annotations

import copy
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .casefile import CaseFile, iso
from .indicators import make_world
from .states import reference
from .world import CasePlan, plan_cases

T0 = datetime(2026, 1, 1)
DAY = 86400.0
HORIZON = 180 * DAY
MIX = {"updated": 0.25, "closed": 0.05, "withdrawn": 0.03, "duplicate": 0.05, "stale": 0.04,
       "invalid": 0.02}
INVALID_KINDS = ("bad_uuid", "state_name", "version_zero", "empty_names", "bad_birth_date",
                 "unknown_indicator_type", "not_json", "missing_case")
_COUNTRY_NAMES = {"DE": "Germany", "FR": "France", "ES": "Spain", "IT": "Italy", "NL": "Netherlands",
                  "PL": "Poland", "UA": "Ukraine", "BG": "Bulgaria", "RS": "Serbia", "GR": "Greece",
                  "EG": "Egypt", "MA": "Morocco", "SA": "Saudi Arabia", "AE": "UAE", "JO": "Jordan",
                  "CN": "China", "TW": "Taiwan", "VN": "Viet Nam", "TR": "Türkiye", "US": "USA",
                  "GB": "United Kingdom", "CA": "Canada", "AU": "Australia", "NG": "Nigeria",
                  "BR": "Brazil", "IN": "India", "JP": "Japan", "KR": "Korea"}


@dataclass
class Event:
    t: float
    seq: int
    kind: str  # opened, updated, closed, withdrawn, duplicate, stale, invalid:<rule>
    case_key: str | None
    version: int | None
    line: str


@dataclass
class Traffic:
    lines: list[str]
    kinds: list[str]  # per line, what it is (see Event.kind)
    truth: list[dict]
    clusters: int
    summary: dict = field(default_factory=dict)
    plans: list[CasePlan] = field(default_factory=list)  # the world behind the stream (tests)
    party_ids: dict[str, dict[str, str]] = field(default_factory=dict)  # case -> person -> S1


def mix_counts(n: int) -> dict[str, int]:
    counts = {k: round(f * n) for k, f in MIX.items()}
    if n < 50:
        counts["invalid"] = 0
    counts["opened"] = max(1, n - sum(counts.values())) if n else 0
    opened = counts["opened"]
    counts["closed"] = min(counts["closed"], opened)
    counts["withdrawn"] = min(counts["withdrawn"], opened - counts["closed"])
    counts["stale"] = min(counts["stale"], counts["updated"])
    overflow = sum(counts.values()) - n
    for k in ("duplicate", "stale", "updated", "withdrawn", "closed", "invalid"):
        cut = min(overflow, counts[k])
        counts[k] -= cut
        overflow -= cut
    counts["opened"] += -overflow if overflow < 0 else 0
    return counts


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _message(rng: random.Random, event: str, t: float, body: dict) -> dict:
    msg = {"schema_version": "1.0", "notification_id": _uuid(rng), "event": event,
           "sent_at": iso(T0 + timedelta(seconds=int(t)))}
    msg.update(body)
    return msg


def _dump(msg: dict) -> str:
    return json.dumps(msg, ensure_ascii=False, separators=(", ", ": "))


def _break(rng: random.Random, kind: str, msg: dict) -> str:
    m = copy.deepcopy(msg)
    if kind == "bad_uuid":
        u = m["notification_id"]
        m["notification_id"] = rng.choice((u.replace("-", ""), u[:23], "not-a-uuid", f"MSG-{u[:8]}"))
    elif kind == "state_name":
        st = m["case"]["state"]
        m["case"]["state"] = rng.choice((_COUNTRY_NAMES.get(st, "Germany"), st.lower(), f"{st}A"))
    elif kind == "version_zero":
        m["case"]["version"] = 0
    elif kind in ("empty_names", "bad_birth_date"):
        if not m.get("suspects"):
            m["suspects"] = [{"party_id": "S1", "kind": "person", "names": [{"full": "John Doe"}]}]
        s = m["suspects"][0]
        if kind == "empty_names":
            s["names"] = []
        else:
            d = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 12000))
            s["birth_date"] = rng.choice((f"{d:%d.%m.%Y}", f"{d:%d/%m/%Y}", f"{d:%Y%m%d}"))
    elif kind == "unknown_indicator_type":
        m.setdefault("indicators", []).append({"type": "fax", "value": f"+49 30 {rng.randrange(10**6, 10**7)}"})
    elif kind == "missing_case":
        del m["case"]
    elif kind == "not_json":
        text = _dump(m)
        return rng.choice((text[: rng.randrange(10, max(11, len(text) // 2))],
                           "<html><body><h1>502 Bad Gateway</h1></body></html>", str(m)[:400]))
    return _dump(m)


def build(operations: int, seed: int) -> Traffic:
    rng = random.Random(seed)
    counts = mix_counts(max(0, operations))
    if not operations:
        return Traffic([], [], [], 0, {})
    world = make_world(rng)
    plans, n_clusters = plan_cases(rng, world, counts["opened"])
    for _ in range(counts["updated"]):
        rng.choice(plans).versions += 1
    ends = rng.sample(range(len(plans)), counts["closed"] + counts["withdrawn"])
    for n, i in enumerate(ends):
        plans[i].ending = "closed" if n < counts["closed"] else "withdrawn"

    serial: dict[str, int] = {}
    cluster_t: dict[str, float] = {}
    events: list[Event] = []
    files: list[CaseFile] = []
    times: list[list[float]] = []
    msgs: list[list[dict]] = []

    def add(t: float, kind: str, plan: CasePlan | None, version: int | None, line: str) -> Event:
        ev = Event(t, len(events), kind, plan.key if plan else None, version, line)
        events.append(ev)
        return ev

    for plan in plans:
        if plan.cluster:
            base = cluster_t.setdefault(plan.cluster, rng.uniform(0, 0.75 * HORIZON))
            t = base + rng.uniform(0, 45 * DAY)
        else:
            t = rng.uniform(0, HORIZON)
        opened_on = (T0 + timedelta(seconds=t) - timedelta(days=rng.randrange(0, 30))).date()
        serial[plan.state] = serial.get(plan.state, 0) + 1
        plan.reference = reference(rng, plan.state, opened_on.year, serial[plan.state])
        cf = CaseFile(rng, plan, opened_on)
        files.append(cf)
        ts, ms = [], []
        for v in range(1, plan.versions + 1):
            if v > 1:
                t += 3600 + rng.expovariate(1 / (5 * DAY))
            msg = _message(rng, "opened" if v == 1 else "updated", t, cf.body(v))
            add(t, msg["event"], plan, v, _dump(msg))
            ts.append(t)
            ms.append(msg)
        if plan.ending:
            t += 3600 + rng.expovariate(1 / (10 * DAY))
            msg = _message(rng, plan.ending, t, cf.ending(plan.ending, rng))
            add(t, plan.ending, plan, plan.versions + 1, _dump(msg))
            ts.append(t)
            ms.append(msg)
        times.append(ts)
        msgs.append(ms)

    primary = list(events)
    for _ in range(counts["duplicate"]):
        ev = rng.choice(primary)
        events.append(Event(ev.t + rng.uniform(60, 3 * DAY), len(events), "duplicate", ev.case_key,
                            ev.version, ev.line))
    multi = [i for i, p in enumerate(plans) if p.versions >= 2]
    for _ in range(counts["stale"] if multi else 0):
        i = rng.choice(multi)
        newer = rng.randint(2, plans[i].versions)
        older = rng.randint(1, newer - 1)
        t = times[i][newer - 1] + rng.uniform(600, 5 * DAY)
        msg = _message(rng, "opened" if older == 1 else "updated", t, files[i].body(older))
        add(t, "stale", plans[i], older, _dump(msg))
    if not multi:  # nothing can go stale: re-deliver instead
        for _ in range(counts["stale"]):
            ev = rng.choice(primary)
            events.append(Event(ev.t + rng.uniform(60, DAY), len(events), "duplicate", ev.case_key,
                                ev.version, ev.line))
    kinds = list(INVALID_KINDS)
    rng.shuffle(kinds)
    for n in range(counts["invalid"]):
        kind = kinds[n % len(kinds)]
        i = rng.randrange(len(plans))
        t = times[i][0] + rng.uniform(60, 20 * DAY)
        base = copy.deepcopy(msgs[i][-1] if msgs[i][-1]["event"] in ("opened", "updated") else msgs[i][0])
        base["notification_id"] = _uuid(rng)
        base["sent_at"] = iso(T0 + timedelta(seconds=int(t)))
        if rng.random() < 0.5:  # a proceeding that never arrives in a valid message
            serial[plans[i].state] += 1
            base["case"]["reference"] = reference(rng, plans[i].state, 2026, serial[plans[i].state])
            base["case"]["version"] = 1
            base["event"] = "opened"
        else:
            base["event"] = "updated"
            base["case"]["version"] = plans[i].versions + (1 if plans[i].ending else 0) + 1
        add(t, f"invalid:{kind}", None, None, _break(rng, kind, base))

    events.sort(key=lambda e: (e.t, e.seq))
    seen: set[str] = set()
    truth: list[dict] = []
    by_key = {p.key: p for p in plans}
    for ev in events:
        if ev.case_key and not ev.kind.startswith("invalid") and ev.case_key not in seen:
            seen.add(ev.case_key)
            p = by_key[ev.case_key]
            truth.append({"case": p.key, "cluster": p.cluster, "withdrawn": p.ending == "withdrawn"})
    tr = Traffic([e.line for e in events], [e.kind for e in events], truth, n_clusters,
                 plans=plans, party_ids={f.plan.key: {pid: v[0] for pid, v in f.party_of.items()}
                                         for f in files})
    tr.summary = summarise(tr)
    return tr


def true_pairs(truth: list[dict]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for row in truth:
        if row["cluster"] and not row["withdrawn"]:
            groups.setdefault(row["cluster"], []).append(row["case"])
    pairs = set()
    for cases in groups.values():
        for a in cases:
            for b in cases:
                if a < b and a.split(":", 1)[0] != b.split(":", 1)[0]:
                    pairs.add((a, b))
    return pairs


def summarise(tr: Traffic) -> dict:
    kinds: dict[str, int] = {}
    for k in tr.kinds:
        key = "invalid" if k.startswith("invalid") else k
        kinds[key] = kinds.get(key, 0) + 1
    clusters = {r["cluster"] for r in tr.truth if r["cluster"]}
    return {"lines": len(tr.lines), "invalid_lines": kinds.get("invalid", 0),
            "valid_lines": len(tr.lines) - kinds.get("invalid", 0), "cases": len(tr.truth),
            "clusters": len(clusters),
            "clustered_cases": sum(1 for r in tr.truth if r["cluster"]),
            "withdrawn_cases": sum(1 for r in tr.truth if r["withdrawn"]),
            "true_cross_state_pairs": len(true_pairs(tr.truth)), "by_kind": kinds}
