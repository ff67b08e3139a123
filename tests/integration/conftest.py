"""Real services for the integration tests: `deploy/local/services up` once per session (idempotent;
services someone else started are reused and never stopped here)."""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Services:
    kafka_bootstrap: str
    elasticsearch_url: str
    session_id: str  # unique per test session: prefixes topics, groups and indices


@pytest.fixture(scope="session")
def services() -> Services:
    done = subprocess.run([str(ROOT / "deploy" / "local" / "services"), "up"], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, f"deploy/local/services up failed:\n{done.stdout}\n{done.stderr}"
    return Services(
        kafka_bootstrap=os.environ.get("PPD_KAFKA_BOOTSTRAP",
                                       f"127.0.0.1:{os.environ.get('PPD_KAFKA_PORT', '9092')}"),
        elasticsearch_url=os.environ.get("PPD_ELASTICSEARCH_URL",
                                         f"http://127.0.0.1:{os.environ.get('PPD_ES_PORT', '9200')}"),
        session_id=uuid.uuid4().hex[:8],
    )
