"""`ppd users`, `ppd serve` and `ppd audit verify` as an operator runs them: real processes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import httpx

from tests.delivery_helpers import WebhookReceiver, free_port
from tests.factories import line, notification, person
from tests.test_cli import ROOT, ppd

SECRET = "de-webhook-secret-0123456789"


def add_user(data_dir, *args) -> tuple[str, str]:
    done = ppd("users", "add", "--data-dir", str(data_dir), *args)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    return lines[0].split()[1], lines[-1]  # user id, token (always the last line)


def test_users_serve_and_audit_end_to_end(tmp_path):
    data = tmp_path / "data"
    de_id, de_token = add_user(data, "--role", "poc", "--state", "DE", "--name", "DE 24/7 desk")
    _, fr_token = add_user(data, "--role", "poc", "--state", "FR", "--name", "FR 24/7 desk")
    listed = ppd("users", "list", "--data-dir", str(data)).stdout
    assert "DE 24/7 desk" in listed and de_token not in listed
    bad = ppd("users", "add", "--data-dir", str(data), "--role", "liaison", "--name", "no state")
    assert bad.returncode == 2 and "belongs to a state" in bad.stderr

    port = free_port()
    receiver = WebhookReceiver(SECRET)
    env = os.environ | {"PPD_DELIVERY_POLL_SECONDS": "0.2", "PPD_CHANNELS": json.dumps(
        {"DE": {"primary": {"webhook_url": receiver.url, "webhook_secret": SECRET}}})}
    server = subprocess.Popen([sys.executable, "-m", "detector.cli", "serve", "--data-dir", str(data), "--port",
                               str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "ppd serve did not come up"
            time.sleep(0.1)
        suspect = [person("Oleksandr Kovalenko", "1991-04-17")]
        wallet = [{"type": "crypto_wallet", "value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}]
        for token, state, ref in ((de_token, "DE", "ZIT-1"), (fr_token, "FR", "PNC-7")):
            sent = httpx.post(f"{url}/v1/notifications", headers={"Authorization": f"Bearer {token}"},
                              content=line(notification(state, ref, suspects=suspect, indicators=wallet)))
            assert sent.status_code == 200 and sent.json()["accepted"] == 1
        alerts = httpx.get(f"{url}/v1/alerts", headers={"Authorization": f"Bearer {de_token}"}).json()["items"]
        assert [sorted(p["state"] for p in a["parties"]) for a in alerts] == [["DE", "FR"]]
        deadline = time.monotonic() + 30
        while not receiver.accepted:  # the delivery loop of ppd serve pushes it to DE's webhook
            assert time.monotonic() < deadline, f"nothing delivered: {receiver.requests}"
            time.sleep(0.1)
        pushed = receiver.accepted[0]
        assert pushed.signature_ok and pushed.json["alert_id"] == alerts[0]["alert_id"]
        assert "disclosure" not in pushed.body.decode()
        shown = httpx.get(f"{url}/v1/alerts/{alerts[0]['alert_id']}",
                          headers={"Authorization": f"Bearer {de_token}"}).json()
        assert all(p["ack_due"] for p in shown["parties"]) and shown["overdue"] is False
        assert ppd("users", "revoke", "--data-dir", str(data), de_id).returncode == 0
        revoked = httpx.get(f"{url}/v1/alerts", headers={"Authorization": f"Bearer {de_token}"})
        assert revoked.status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)
        receiver.close()
    assert server.returncode in (0, -15), server.stderr.read().decode()[-3000:]

    verified = ppd("audit", "verify", "--data-dir", str(data))
    assert verified.returncode == 0 and "intact" in verified.stdout
    db = sqlite3.connect(data / "ppd.sqlite3")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq = 3")
    db.commit()
    db.close()
    broken = ppd("audit", "verify", "--data-dir", str(data))
    assert broken.returncode == 1 and "entry 3 is missing" in broken.stderr
