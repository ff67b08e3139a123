"""What `ppd serve` runs beside the API: the delivery and escalation loop."""

from __future__ import annotations

import threading

from detector.delivery.ledger import open_ledger
from detector.delivery.loop import DeliveryLoop
from detector.delivery.tracking import tracking_for
from detector.service.context import ServiceContext


def start_background(ctx: ServiceContext, stop: threading.Event) -> list[threading.Thread]:
    """Start the delivery loop and let API views show its deadlines; the thread ends when ``stop`` is set."""
    ledger = open_ledger(ctx.store, ctx.settings)
    ctx.tracking = lambda alert_ids: tracking_for(ledger, alert_ids, ctx.settings, ctx.now())
    ctx.closers.append(ledger.close)
    loop = DeliveryLoop(ctx, ledger)
    thread = threading.Thread(target=loop.run_forever, args=(stop,), name="ppd-delivery", daemon=True)
    thread.start()
    return [thread]
