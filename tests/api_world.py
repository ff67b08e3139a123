"""A small world of three states for API tests, served by a real uvicorn on a free port."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

from detector.contract import CaseNotification
from detector.service.accounts import new_user
from detector.service.app import create_app
from detector.service.context import ServiceContext, open_context, stamp
from detector.settings import Settings
from tests.delivery_helpers import Clock as FakeClock
from tests.factories import notification, person

WALLET = {"type": "crypto_wallet", "value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "network": "BTC"}
EMAIL = "kovalenko.op@protonmail.com"  # RED in DE's file, GREEN in FR's
HOST = "files-update-secure.top"  # GREEN in DE's file, AMBER in FR's
ROLES = {"poc_de": ("poc", "DE"), "liaison_de": ("liaison", "DE"), "poc_fr": ("poc", "FR"),
         "poc_nl": ("poc", "NL"), "liaison_nl": ("liaison", "NL"), "coordinator": ("coordinator", None),
         "admin": ("admin", None)}


def world_notifications() -> list[dict]:
    return [
        notification("DE", "ZIT-1", suspects=[person("Oleksandr Kovalenko", "1991-04-17")],
                     indicators=[WALLET, {"type": "email", "value": EMAIL, "tlp": "RED"},
                                 {"type": "domain", "value": HOST, "tlp": "GREEN"}]),
        notification("FR", "PNC-77", suspects=[person("Oleksandr Kovalenko", "1991-04-17")],
                     indicators=[WALLET, {"type": "email", "value": EMAIL, "tlp": "GREEN"},
                                 {"type": "domain", "value": HOST, "tlp": "AMBER"}]),
        notification("NL", "OM-5", suspects=[person("Pieter de Vries", "1980-02-03")],
                     indicators=[{"type": "ipv4", "value": "185.220.101.4"}], offences=["forgery"]),
        notification("FR", "PNC-90", suspects=[person("Piet de Vries", "1980-02-03")],
                     indicators=[{"type": "ipv4", "value": "185.220.101.4"}], offences=["forgery"]),
        # a strong namesake with unrelated conduct: review band, for liaison officers
        notification("DE", "ZIT-20", suspects=[person("Dragan Petrović", "1983-06-01")], offences=["theft_or_fraud"]),
        notification("NL", "OM-20", suspects=[person("Dragan Petrović", "1983-06-01")], offences=["forgery"],
                     period=("2019-01-01", "2019-03-01")),
    ]


@dataclass
class World:
    ctx: ServiceContext
    clock: FakeClock
    tokens: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # name -> user_id
    alerts: dict[str, str] = field(default_factory=dict)  # "DE-FR" / "FR-NL" / "review" -> alert_id

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}


def build_world(data_dir: Path, settings: Settings | None = None, ctx: ServiceContext | None = None,
                clock: FakeClock | None = None) -> World:
    """The world on the embedded store in data_dir, or on ``ctx`` (built with ``clock``)."""
    clock = clock or FakeClock()
    ctx = ctx or open_context(settings or Settings(), data_dir, now=clock)
    world = World(ctx, clock)
    for doc in world_notifications():
        ctx.engine.apply(CaseNotification.model_validate(doc))
    for name, (role, state) in ROLES.items():
        user, token = new_user(name, role, state, stamp(clock()))
        ctx.accounts.add_user(user)
        world.tokens[name], world.users[name] = token, user.user_id
    revoked, token = new_user("revoked", "poc", "DE", stamp(clock()))
    ctx.accounts.add_user(revoked)
    ctx.accounts.revoke_user(revoked.user_id, stamp(clock()))
    world.tokens["revoked"] = token
    import json

    for record in ctx.store.iter_alerts():
        body = json.loads(record.body)
        states = "-".join(sorted(p["state"] for p in body["parties"]))
        world.alerts["review" if body["band"] == "review" else states] = record.alert_id
    assert set(world.alerts) == {"DE-FR", "FR-NL", "review"}, world.alerts
    return world


@contextmanager
def serving(ctx: ServiceContext):
    """The real ASGI server on 127.0.0.1 and a free port; yields an httpx client for it."""
    server = uvicorn.Server(uvicorn.Config(create_app(ctx), host="127.0.0.1", port=0, log_config=None,
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def served_world(data_dir: Path):
    """A fresh world on the embedded store, served over HTTP; closed afterwards."""
    world = build_world(data_dir)
    with serving(world.ctx) as client:
        yield world, client
    world.ctx.close()
