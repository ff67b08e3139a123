"""What each reader of an alert may see of it (pure): TLP applied per viewer.

The stored alert keeps, next to each marked evidence item, the matched value and both sides'
markings. Nothing leaves the service with them: every output goes through :func:`alert_view`.

- A party to an evidence item sees it under the *other* side's marking only (its own items are its
  own): CLEAR/GREEN shown, AMBER masked to type and fingerprint, RED only as "contact the
  originating point of contact".
- Anyone else (a third state in a group alert, the alerts topic, an export) sees the summary made
  under the strictest of both markings, which is what the stored ``summary`` already says.
"""

from __future__ import annotations

import copy

from detector.matching.features import disclose


def _state(ref: str) -> str:
    return ref.split(":", 1)[0]


def alert_view(body: dict, viewer_state: str | None) -> dict:
    """The contract v1 alert as ``viewer_state`` may see it (None: as a non-party)."""
    out = copy.deepcopy(body)
    for item in out.get("evidence", ()):
        marked = item.pop("disclosure", None)
        if not marked or viewer_state is None:
            continue
        sides = item.get("between") or []
        if len(sides) != len(marked["tlp"]):
            continue
        others = [tlp for ref, tlp in zip(sides, marked["tlp"]) if _state(ref) != viewer_state]
        if others and len(others) < len(sides):
            item["summary"] = disclose(marked["label"], marked["value"], *others) + marked["suffix"]
    return out


def public_view(body: dict) -> dict:
    """The alert for a reader that is no party to it (topics, exports, files)."""
    return alert_view(body, None)
