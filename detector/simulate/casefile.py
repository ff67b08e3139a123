"""One state's file on one proceeding, version by version: what it knows at version v (suspects
and indicators revealed over time, birth dates refined, stage advancing) as contract dicts."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .conduct import case_conduct
from .identity import identifiers_for
from .parties import birth_dates, names_for
from .recording import record
from .states import STATES, contact
from .world import CasePlan

_STAGES = ("investigation", "prosecution", "trial")


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class CaseFile:
    def __init__(self, rng: random.Random, plan: CasePlan, opened_on: date):
        self.plan = plan
        st = STATES[plan.state]
        k = plan.versions
        self.k = k

        def reveal() -> int:
            return 1 if k == 1 or rng.random() < 0.65 else rng.randint(2, k)

        self.case = {"state": plan.state, "reference": plan.reference, "version": 1,
                     "authority": rng.choice(st.authorities)}
        self.opened_on = opened_on.isoformat()
        self.tlp = rng.choices(("AMBER", "GREEN", "AMBER+STRICT", "CLEAR", "RED", None),
                               (50, 28, 8, 4, 3, 7))[0]
        self.contact = contact(rng, plan.state)
        self.stages: list[str | None] = []
        stage = 0
        for v in range(k):
            if v and rng.random() < 0.25:
                stage = min(stage + 1, 2)
            self.stages.append(_STAGES[stage])
        if rng.random() < 0.12:
            self.stages = [None] * k

        # suspects, in order of reveal so that party ids stay stable across versions
        people = sorted(((reveal(), i, p) for i, p in enumerate(plan.people)), key=lambda x: x[:2])
        self.parties: list[tuple[int, dict, list, int | None]] = []
        self.party_of: dict[str, tuple[str, int]] = {}
        nationals = set()
        for n, (rv, _, p) in enumerate(people, 1):
            party_id = f"S{n}"
            self.party_of[p.pid] = (party_id, rv)
            home = p.nationality == plan.state
            if home:
                nationals.add(p.nationality)
            static: dict = {"party_id": party_id, "kind": p.kind,
                            "names": names_for(rng, p, plan.state, st.native_cultures)}
            bds: list = [None] * k
            if p.kind == "person":
                bds = birth_dates(rng, p.birth, k)
                if rng.random() < 0.45:
                    static["gender"] = p.gender
                if rng.random() < 0.7:
                    static["nationalities"] = [p.nationality]
            if rng.random() < (0.55 if home else 0.28):
                ids = identifiers_for(rng, p, home)
                if ids:
                    static["identifiers"] = ids
            custody = None
            if p.kind == "person" and rng.random() < 0.07:
                custody = rng.randint(rv, k)
            elif p.kind == "person" and rng.random() < 0.08:
                static["in_custody"] = False
            self.parties.append((rv, static, bds, custody))

        # indicators
        self.indicators: list[tuple[int, dict]] = []
        for e in plan.entities:
            rv = reveal()
            ind = record(rng, e)
            if e.owner and e.owner in self.party_of and rng.random() < 0.8:
                pid, prv = self.party_of[e.owner]
                ind["party_id"] = pid
                rv = max(rv, prv)
            r = rng.random()
            if r < 0.05:
                ind["tlp"] = "RED"
            elif r < 0.11 or (e.public and r < 0.3):
                ind["tlp"] = "CLEAR"
            elif r < 0.13:
                ind["tlp"] = "AMBER+STRICT"
            if rng.random() < 0.2:
                start = datetime(2025, 1, 1) + timedelta(minutes=rng.randrange(0, 500_000))
                ind["first_seen"] = iso(start)
                if rng.random() < 0.7:
                    ind["last_seen"] = iso(start + timedelta(minutes=rng.randrange(1, 90_000)))
            self.indicators.append((rv, ind))

        self.conduct = case_conduct(rng, plan.crew.op, plan.state, st.lang, st.currency, opened_on)
        juris = ["territory"] if rng.random() < 0.7 else []
        if rng.random() < 0.4:
            juris.append("victim_national")
        if nationals:
            juris.append("offender_national")
        if "laundering" in self.conduct["offences"] and rng.random() < 0.3:
            juris.append("laundering_predicate")
        if rng.random() < 0.05:
            juris.append("offender_present_not_extradited")
        self.jurisdiction = juris if juris and rng.random() < 0.85 else None
        self.full_closing = rng.random() < 0.5

    def _case(self, version: int, stage: str | None) -> dict:
        c = dict(self.case, version=version)
        if stage:
            c["stage"] = stage
        c["opened_on"] = self.opened_on
        if self.jurisdiction:
            c["jurisdiction"] = list(self.jurisdiction)
        if self.tlp:
            c["tlp"] = self.tlp
        c["contact"] = dict(self.contact)
        return c

    def body(self, v: int) -> dict:
        """The full picture at content version v (1-based)."""
        out: dict = {"case": self._case(v, self.stages[v - 1])}
        suspects = []
        for rv, static, bds, custody in self.parties:
            if rv > v:
                continue
            s = {k: (list(x) if isinstance(x, list) else x) for k, x in static.items()}
            if bds[v - 1]:
                s["birth_date"] = bds[v - 1]
            if custody is not None and v >= custody:
                s["in_custody"] = True
            suspects.append(s)
        if suspects:
            out["suspects"] = suspects
        out["conduct"] = self.conduct
        indicators = [dict(ind) for rv, ind in self.indicators if rv <= v]
        if indicators:
            out["indicators"] = indicators
        return out

    def ending(self, kind: str, rng: random.Random) -> dict:
        """closed / withdrawn message body (version = last content version + 1)."""
        v = self.k + 1
        stage = ("judgment" if rng.random() < 0.9 else "appeal") if kind == "closed" else self.stages[-1]
        if kind == "closed" and self.full_closing or kind == "withdrawn" and rng.random() < 0.3:
            out = self.body(self.k)
            out["case"] = self._case(v, stage)
            return out
        return {"case": self._case(v, stage)}
