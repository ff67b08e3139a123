"""Print the evidence behind false positives and false negatives of one run (tuning aid).

Usage: python bench/inspect_errors.py ALERTS TRUTH [N]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from detector.evaluate import evaluate


def main() -> None:
    alerts_path, truth_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    alert_lines = Path(alerts_path).read_text(encoding="utf-8").splitlines()
    result, details = evaluate(alert_lines, Path(truth_path).read_text(encoding="utf-8").splitlines())
    print(result)
    by_pair = {}
    for line in alert_lines:
        a = json.loads(line)
        members = [f"{p['state']}:{p['reference']}" for p in a["parties"]]
        for x in members:
            for y in members:
                if x < y:
                    by_pair.setdefault((x, y), []).append(a)
    for label in ("false_positives", "false_negatives", "review_false"):
        print(f"\n===== {label}: {len(details[label])}")
        for pair in details[label][:limit]:
            print("--", pair)
            for a in by_pair.get(pair, []):
                print(f"   {a['band']} {a['status']} score={a['score']} parties={len(a['parties'])}")
                for e in a["evidence"]:
                    between = e.get("between") or []
                    if len(between) == 2 and all(any(b == c or b.startswith(c + "/") for b in between) for c in pair):
                        print(f"      {e['weight']:+6.2f} {e['summary']}")


if __name__ == "__main__":
    main()
