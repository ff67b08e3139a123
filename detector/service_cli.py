"""`ppd users add|list|revoke` and `ppd serve`: the people side of the command line."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import click
from pydantic import ValidationError

from detector.settings import Settings

log = logging.getLogger(__name__)
DATA_DIR = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
                        help="The embedded store directory (in cluster mode: where the API keeps its dead letter).")
CLUSTER = click.option("--cluster", is_flag=True,
                       help="Use the cluster store (PPD_CLUSTER_STORE, Elasticsearch by default) instead of SQLite.")


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise click.UsageError(f"invalid settings: {exc}") from None


def _open(data_dir: Path, cluster: bool):
    from detector.service.context import open_context

    try:
        return open_context(_settings(), data_dir, cluster=cluster)
    except click.UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - a backend that cannot be reached ends here, said plainly
        raise click.ClickException(f"cannot open the store: {exc}") from None


@click.group()
def users() -> None:
    """Manage API users (points of contact, liaison officers, coordinators, admins)."""


@users.command("add")
@DATA_DIR
@CLUSTER
@click.option("--state", default=None, help="Two-letter state code (poc and liaison users).")
@click.option("--role", type=click.Choice(["poc", "liaison", "coordinator", "admin"]), required=True)
@click.option("--name", required=True, help="Who this is, e.g. 'DE 24/7 desk'.")
def users_add(data_dir: Path, cluster: bool, state: str | None, role: str, name: str) -> None:
    """Create a user; its bearer token is printed on the last line (shown once, stored as a hash)."""
    from detector.service.accounts import new_user
    from detector.service.context import stamp

    ctx = _open(data_dir, cluster)
    try:
        try:
            user, token = new_user(name, role, state.upper() if state else None, stamp(ctx.now()))
        except ValidationError as exc:
            problems = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            raise click.UsageError(problems) from None
        ctx.accounts.add_user(user)
        ctx.audit(None, "user.add", user.user_id, "ok", role=role, state=user.state, name=name, via="cli")
        click.echo(f"created {user.describe()}; its token (shown once):")
        click.echo(token)
    finally:
        ctx.close()


@users.command("list")
@DATA_DIR
@CLUSTER
def users_list(data_dir: Path, cluster: bool) -> None:
    """List users (never their tokens)."""
    ctx = _open(data_dir, cluster)
    try:
        for u in ctx.accounts.list_users():
            status = f"revoked {u.revoked_at}" if u.revoked_at else "active"
            click.echo(f"{u.user_id}\t{u.role}\t{u.state or '-'}\t{status}\t{u.name}")
    finally:
        ctx.close()


@users.command("revoke")
@DATA_DIR
@CLUSTER
@click.argument("user_id")
def users_revoke(data_dir: Path, cluster: bool, user_id: str) -> None:
    """Revoke a user's token at once."""
    from detector.service.context import stamp

    ctx = _open(data_dir, cluster)
    try:
        user = ctx.accounts.revoke_user(user_id, stamp(ctx.now()))
        if user is None:
            ctx.audit(None, "user.revoke", user_id, "not_found", via="cli")
            raise click.ClickException(f"no user {user_id} (see ppd users list)")
        ctx.audit(None, "user.revoke", user_id, "ok", via="cli")
        click.echo(f"revoked {user.describe()}")
    finally:
        ctx.close()


@click.command()
@DATA_DIR
@CLUSTER
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
def serve(data_dir: Path, cluster: bool, host: str, port: int) -> None:
    """Serve the HTTP API and dashboard, and run the delivery and escalation loop."""
    import uvicorn

    from detector.service.app import create_app
    from detector.service.wiring import start_background

    ctx = _open(data_dir, cluster)
    stop = threading.Event()
    workers = start_background(ctx, stop)
    try:
        uvicorn.run(create_app(ctx), host=host, port=port, log_config=None, access_log=False)
    finally:
        stop.set()
        for w in workers:
            w.join(timeout=10)
        ctx.close()


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
@DATA_DIR
@CLUSTER
def audit_verify(data_dir: Path, cluster: bool) -> None:
    """Recompute the hash chain: exit 0 when intact, 1 naming the first broken entry."""
    from detector.service.audit import verify_chain

    ctx = _open(data_dir, cluster)
    try:
        entries, after = [], 0
        while page := ctx.accounts.audit_page(after, 1000):
            entries += page
            after = page[-1].seq
        ok, where = verify_chain(entries)
    finally:
        ctx.close()
    if not ok:
        raise click.ClickException(f"audit trail broken: {where}")
    click.echo(f"audit trail intact: {len(entries)} entries")
