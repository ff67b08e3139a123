"""Waterfall explanation of an alert: prior, then each feature's bits, then the score."""

from __future__ import annotations

import json

from detector.matching.weights import WEIGHTS, to_probability
from detector.policy import payload_features
from detector.runner import open_store
from detector.settings import Settings


def explain_alert(settings: Settings, alert_id: str) -> str:
    """Readable waterfall for each matched pair of the alert. Raises LookupError."""
    with open_store(settings.data_dir) as store:
        record = store.get_alert(alert_id)
        if record is None:
            raise LookupError(f"no alert {alert_id} in {settings.data_dir}")
        alert = json.loads(record.body)
        members = set(record.members)
        pairs = [p for p in store.pairs_of_cases(members) if p.a in members and p.b in members]
    lines = [
        f"Alert {alert_id} v{alert['version']}: band {alert['band']}, status {alert['status']}, "
        f"score {alert['score']:.3f}" + ("  URGENT (suspect in custody)" if alert.get("urgent") else ""),
        "Parties: " + ", ".join(f"{p['state']}:{p['reference']} ({p['point_of_contact']})" for p in alert["parties"]),
    ]
    if not pairs:
        lines.append("(no current matched pair: the alert is withdrawn or superseded)")
    for pair in pairs:
        prior = WEIGHTS["prior"].bits
        running = prior
        lines += ["", f"{pair.a}  <->  {pair.b}   [{pair.band}, p={pair.probability:.3f}]",
                  f"  {'':>1}{prior:+7.2f}  {running:+7.2f}  prior: {WEIGHTS['prior'].reason}"]
        for f in payload_features(pair):
            running += f.weight
            mark = "against" if f.weight < 0 else ""
            lines.append(f"  {'':>1}{f.weight:+7.2f}  {running:+7.2f}  {f.summary} {mark}".rstrip())
            if f.detail:
                lines.append(f"  {'':>18}{f.detail}   [{f.name}: {WEIGHTS[f.name].reason}]")
        lines.append(f"  = log2 odds {running:+.2f} -> probability {to_probability(running):.3f}")
    return "\n".join(lines)
