"""Schemathesis against the published OpenAPI of a live `ppd serve` app, as each role."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.api_world import build_world, serving

ST = Path(sys.executable).with_name("st")


@pytest.mark.parametrize("who", ["poc_de", "liaison_nl", "coordinator", "admin"])
def test_openapi_holds_for_every_role(tmp_path, who):
    world = build_world(tmp_path)
    with serving(world.ctx) as client:
        proc = subprocess.run(
            [str(ST), "run", f"{client.base_url}/openapi.json", "--checks", "all", "--max-examples", "40",
             "--seed", "20261122", "--generation-database", "none", "--no-color", "-H", f"Authorization: Bearer {world.tokens[who]}"],
            capture_output=True, text=True, timeout=600, check=False)
    world.ctx.close()
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "Tested: 10" in proc.stdout  # every operation was exercised
