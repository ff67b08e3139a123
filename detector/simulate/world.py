"""The ground truth: crews (people + infrastructure + operation), clusters of proceedings in
several states about one crew, unrelated single-state proceedings, namesakes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .conduct import Operation, make_operation
from .identity import assign_identifiers, make_org
from .indicators import Entity, World, crew_infrastructure, noise_entities
from .names import CULTURES, Person, make_person
from .names_data import COMMON_NAMES
from .parties import writes_natively
from .states import STATE_CODES, STATES

CULTURE_WEIGHTS = {"uk": 9, "ru": 14, "bg": 3, "sr": 3, "el": 3, "ar": 10, "zh": 10, "ko": 2, "ja": 1,
                   "vi": 5, "tr": 5, "de": 4, "fr": 3, "es": 3, "it": 3, "nl": 3, "pl": 3, "pt": 4,
                   "en": 8, "ng": 6, "hi": 4}
# clusters that always exist (when there are enough): a crew of this culture, investigated by its
# home state (native script) and by states that write a Latin rendering
FORCED = [("uk", "UA", "UA"), ("zh", "CN", "CN"), ("ar", "EG", "EG"), ("ru", "RU", "UA"),
          ("el", "GR", "GR"), ("zh", "TW", "TW"), ("ar", "SA", "SA")]
_SIZES, _SIZE_W = (2, 3, 4, 5), (45, 30, 18, 7)


@dataclass
class Crew:
    people: list[Person]
    op: Operation
    entities: list[Entity]


@dataclass
class CasePlan:
    state: str
    cluster: str | None
    crew: Crew
    people: list[Person] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # filled later by traffic.py
    reference: str = ""
    versions: int = 1
    ending: str | None = None  # "closed" / "withdrawn"

    @property
    def key(self) -> str:
        return f"{self.state}:{self.reference}"


class Builder:
    def __init__(self, rng: random.Random, world: World):
        self.rng, self.world = rng, world
        self.n_people = 0
        self.n_crews = 0
        self.taken: set[str] = set()  # identity keys of crews' own things (see identity_key)
        self.handles: set[str] = set()

    def pid(self) -> str:
        self.n_people += 1
        return f"P{self.n_people:05d}"

    def person(self, culture: str, nationality: str | None = None, common=None) -> Person:
        p = make_person(self.rng, self.pid(), culture, nationality, common)
        while p.handle in self.handles:  # an account name belongs to one person
            p.handle += str(self.rng.randrange(10))
        self.handles.add(p.handle)
        if self.rng.random() < 0.85:
            assign_identifiers(self.rng, p)
        return p

    def crew(self, culture: str, nationality: str | None = None, solo: bool = False,
             common=None) -> Crew:
        rng = self.rng
        self.n_crews += 1
        lead = self.person(culture, nationality, common)
        people = [lead]
        n = 1 if solo else rng.choices((1, 2, 3), (45, 35, 20))[0]
        for _ in range(n - 1):
            c = culture if rng.random() < 0.75 else self.culture()
            people.append(self.person(c, lead.nationality if c == culture else None))
        if rng.random() < 0.12:
            people.append(make_org(rng, self.pid(), culture, lead.nationality))
        op = make_operation(rng)
        ents = crew_infrastructure(rng, self.world, f"c{self.n_crews}", op.mo, people, lead.nationality,
                                   self.taken)
        return Crew(people, op, ents)

    def culture(self) -> str:
        return self.rng.choices(list(CULTURE_WEIGHTS), list(CULTURE_WEIGHTS.values()))[0]

    def states(self, k: int, home: str | None, force_home: bool = False) -> list[str]:
        rng = self.rng
        chosen: list[str] = []
        if home in STATES and (force_home or rng.random() < 0.6):
            chosen.append(home)
        weights = [STATES[s].weight for s in STATE_CODES]
        while len(chosen) < k:
            s = rng.choices(STATE_CODES, weights)[0]
            if s not in chosen:
                chosen.append(s)
        return chosen

    # ------------------------------------------------------------ clusters

    def cluster(self, cid: str, size: int, forced: tuple[str, str, str] | None) -> list[CasePlan]:
        rng = self.rng
        if forced:
            culture, nat, native_state = forced
            crew = self.crew(culture, nat)
            states = self.states(size, native_state, force_home=True)
            lead = crew.people[0]
            if all(writes_natively(lead, s, STATES[s].native_cultures) for s in states):
                states[-1] = rng.choice(("DE", "US", "FR", "GB", "NL"))
            mode = "both"
        else:
            culture = self.culture()
            crew = self.crew(culture)
            states = self.states(size, crew.people[0].nationality)
            mode = rng.choices(("both", "indicators", "suspect"), (70, 15, 15))[0]
        cases = [CasePlan(s, cid, crew) for s in states]
        blind = rng.randrange(len(cases)) if mode == "indicators" else -1
        private = [e for e in crew.entities]
        rng.shuffle(private)
        for i, case in enumerate(cases):
            if i != blind:
                lead_p = 1.0 if forced else 0.85
                case.people = [p for j, p in enumerate(crew.people)
                               if rng.random() < (lead_p if j == 0 else 0.6)]
            if mode == "suspect":
                case.entities = private[i::len(cases)]  # disjoint shares of the infrastructure
                case.entities = [e for e in case.entities if rng.random() < 0.7]
            else:
                rate = rng.uniform(0.3, 0.75)
                case.entities = [e for e in crew.entities if rng.random() < rate]
            self._url_as_domain(case, crew)
            case.entities += noise_entities(rng, self.world, f"{cid}/{i}")
        self._ensure_linked(cases, crew, mode, blind)
        return cases

    def _url_as_domain(self, case: CasePlan, crew: Crew) -> None:
        by_id = {e.eid: e for e in crew.entities}
        out = []
        for e in case.entities:
            if e.type == "url" and e.domain_eid and self.rng.random() < 0.25:
                e = by_id[e.domain_eid]
            if e not in out:
                out.append(e)
        case.entities = out

    @staticmethod
    def evidence(case: CasePlan) -> set[str]:
        ev = {f"p:{p.pid}" for p in case.people}
        for e in case.entities:
            if not e.public:
                ev.add(f"e:{e.eid}")
                if e.domain_eid:
                    ev.add(f"e:{e.domain_eid}")
        return ev

    def _ensure_linked(self, cases: list[CasePlan], crew: Crew, mode: str, blind: int) -> None:
        rng = self.rng
        for i, case in enumerate(cases):
            others = set().union(*(self.evidence(c) for j, c in enumerate(cases) if j != i))
            if self.evidence(case) & others:
                continue
            j = rng.choice([k for k in range(len(cases)) if k != i])
            other = cases[j]
            by_person = mode == "suspect" or (mode == "both" and rng.random() < 0.5)
            if by_person and blind not in (i, j):
                p = rng.choice(other.people) if other.people else crew.people[0]
                for c in (case, other):
                    if p not in c.people:
                        c.people.append(p)
                continue
            shared = [e for e in other.entities if not e.public]
            if shared:
                e = rng.choice(shared)
            else:
                e = rng.choice([e for e in crew.entities if not e.public])
                other.entities.append(e)
            if e not in case.entities:
                case.entities.append(e)

    # ------------------------------------------------------------ single-state cases

    def single(self, state: str, common=None, culture: str | None = None) -> CasePlan:
        rng = self.rng
        if culture is None:
            home_cultures = [c for c in STATES[state].native_cultures if c in CULTURES]
            culture = rng.choice(home_cultures) if home_cultures and rng.random() < 0.45 else self.culture()
        crew = self.crew(culture, solo=common is not None, common=common)
        case = CasePlan(state, None, crew)
        if common or rng.random() < 0.9:
            case.people = [p for j, p in enumerate(crew.people) if j == 0 or rng.random() < 0.6]
        rate = rng.uniform(0.4, 0.85)
        case.entities = [e for e in crew.entities if rng.random() < rate]
        self._url_as_domain(case, crew)
        case.entities += noise_entities(rng, self.world, f"s{self.n_crews}")
        return case

    def namesake_pair(self) -> list[CasePlan]:
        """Two unrelated single-state cases whose suspects share a common name."""
        rng = self.rng
        common = rng.choice(COMMON_NAMES)
        a_state, b_state = self.states(2, None)
        a = self.single(a_state, common, common[0])
        b = self.single(b_state, common, common[0])
        pa, pb = a.crew.people[0], b.crew.people[0]
        while pb.birth == pa.birth:
            pb.birth = pb.birth.replace(year=pb.birth.year - 1)
        return [a, b]


def plan_cases(rng: random.Random, world: World, n_cases: int) -> tuple[list[CasePlan], int]:
    """All proceedings (about 40 % of them in multi-state clusters); returns (plans, clusters)."""
    b = Builder(rng, world)
    plans: list[CasePlan] = []
    target = round(0.40 * n_cases)
    clustered = n_clusters = 0
    while n_cases - clustered >= 2 and clustered < target:
        size = rng.choices(_SIZES, _SIZE_W)[0]
        size = max(2, min(size, max(target - clustered, 2),
                          n_cases - clustered))
        n_clusters += 1
        forced = FORCED[n_clusters - 1] if n_clusters <= len(FORCED) and target >= 20 else None
        plans += b.cluster(f"op-{n_clusters:04d}", size, forced)
        clustered += size
    singles = n_cases - clustered
    n_pairs = round(0.035 * singles) if singles >= 10 else 0
    for _ in range(n_pairs):
        plans += b.namesake_pair()
    weights = [STATES[s].weight for s in STATE_CODES]
    for _ in range(singles - 2 * n_pairs):
        plans.append(b.single(rng.choices(STATE_CODES, weights)[0]))
    rng.shuffle(plans)
    return plans, n_clusters
