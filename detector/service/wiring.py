"""What `ppd serve` runs beside the API: the delivery and escalation loop."""

from __future__ import annotations

import threading

from detector.service.context import ServiceContext


def start_background(ctx: ServiceContext, stop: threading.Event) -> list[threading.Thread]:
    """Start the background loops; they end when ``stop`` is set."""
    return []
