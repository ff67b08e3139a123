"""The production compose file stays consistent with the settings and the command line."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from detector.cli import main
from detector.settings import Settings

COMPOSE = Path(__file__).resolve().parents[1] / "deploy" / "production" / "compose.yaml"


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_has_the_production_shape():
    services = compose()["services"]
    assert {"kafka-1", "kafka-2", "kafka-3", "es-1", "es-2", "es-3", "worker", "api", "topics"} <= set(services)
    voters = services["kafka-1"]["environment"]["KAFKA_CONTROLLER_QUORUM_VOTERS"]
    assert voters.count("@") == 3
    assert services["kafka-2"]["environment"]["KAFKA_NODE_ID"] == "2"


def test_every_ppd_setting_named_in_compose_exists():
    fields = {f"PPD_{name.upper()}" for name in Settings.model_fields}
    for name, service in compose()["services"].items():
        for key in (service.get("environment") or {}):
            if key.startswith("PPD_"):
                assert key in fields, f"{name}: {key} is not a setting"


def test_every_command_in_compose_exists():
    commands = set(main.commands)
    for name, service in compose()["services"].items():
        command = service.get("command")
        if command and command[0] == "ppd":
            assert command[1] in commands, f"{name}: ppd {command[1]} does not exist"
            help_text = CliRunner().invoke(main, [*command[1:], "--help"])
            assert help_text.exit_code == 0, help_text.output
