"""Score two cases of a notifications file as the engine would at the end (tuning aid).

Usage: python bench/pair_debug.py NOTIFICATIONS CASE_A CASE_B
Rarity counts are taken over the final versions of all cases in the file.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from detector.blocking import blocking_keys
from detector.contract import CaseNotification
from detector.ingest import parse_notification
from detector.matching.scoring import score_pair
from detector.profile import build_profile


def main() -> None:
    path, a, b = sys.argv[1:4]
    latest: dict[str, CaseNotification] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        n = parse_notification(line)
        if isinstance(n, CaseNotification) and (
                n.case_key not in latest or latest[n.case_key].case.version < n.case.version):
                if n.event in ("closed", "withdrawn") and not (n.suspects or n.indicators or n.conduct) and n.case_key in latest:
                    prev = latest[n.case_key]
                    n = n.model_copy(update={"suspects": prev.suspects, "indicators": prev.indicators, "conduct": prev.conduct})
                latest[n.case_key] = n
    counts: Counter = Counter()
    profiles = {}
    for key, n in latest.items():
        if n.event == "withdrawn":
            continue
        profiles[key] = build_profile(n)
        counts.update(blocking_keys(profiles[key]))
    for key in (a, b):
        n = latest[key]
        print(key, n.event, "v", n.case.version)
        for s in n.suspects or ():
            print("   suspect", [x.full for x in s.names], s.birth_date, s.nationalities)
        print("   indicators", [(i.type, i.value) for i in n.indicators or ()])
        if n.conduct:
            print("   conduct", n.conduct.offences, n.conduct.period, n.conduct.modus_operandi, n.conduct.malware)
    shared = blocking_keys(profiles[a]) & blocking_keys(profiles[b])
    print("shared keys", {k: counts[k] for k in shared})
    s = score_pair(profiles[a], profiles[b], counts, 30)
    print(f"p={s.probability} bits={s.log2_odds} corroborated={s.corroborated} incompatible={s.conduct_incompatible}")
    for f in s.features:
        print(f"  {f.weight:+6.2f} {f.name:24} {f.summary} | {f.detail}")


if __name__ == "__main__":
    main()
