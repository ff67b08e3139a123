"""The dashboard in real Chromium (Debian's, driven by its chromedriver) over simulated traffic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from detector.service.accounts import new_user
from detector.service.context import open_context, stamp
from detector.settings import Settings
from tests.api_world import serving

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / ".cache" / "screenshots"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    done = subprocess.run([str(ROOT / "deploy" / "local" / "browser"), "install"], capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, f"deploy/local/browser install failed:\n{done.stdout}\n{done.stderr}"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--window-size=1440,1800"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """A store filled by `ppd simulate` traffic through `ppd run`, with a user per role."""
    base = tmp_path_factory.mktemp("browser")
    for args in (["simulate", "--operations", "600", "--seed", "11", "--out", str(base / "traffic")],
                 ["run", "--input", str(base / "traffic" / "notifications.jsonl"), "--output",
                  str(base / "alerts.jsonl"), "--data-dir", str(base / "data")]):
        done = subprocess.run([sys.executable, "-m", "detector.cli", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    ctx = open_context(Settings(), base / "data")
    alerts = [json.loads(x) for x in (base / "alerts.jsonl").read_text().splitlines()]
    state = max({p["state"] for a in alerts for p in a["parties"]},
                key=lambda s: sum(s in {p["state"] for p in a["parties"]} for a in alerts))
    tokens = {}
    for role, user_state in (("coordinator", None), ("poc", state)):
        user, token = new_user(f"{role} user", role, user_state, stamp(ctx.now()))
        ctx.accounts.add_user(user)
        tokens[role] = token
    with serving(ctx) as client:
        yield str(client.base_url), tokens, base
    ctx.close()


def log_in(driver, url: str, token: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{url}/login")
    field = driver.find_element(By.NAME, "token")
    field.send_keys(token)
    field.submit()


def rendered_charts(driver, minimum: int) -> int:
    from selenium.webdriver.support.ui import WebDriverWait

    script = "return document.querySelectorAll('.chart .main-svg').length"
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(script) >= minimum)
    return driver.execute_script("return document.querySelectorAll('.chart.js-plotly-plot').length")


def test_point_of_contact_dashboard_renders_charts_without_console_errors(chromium, simulated):
    url, tokens, _ = simulated
    log_in(chromium, url, tokens["poc"])
    assert chromium.current_url.endswith("/dashboard")
    assert rendered_charts(chromium, 3) >= 3
    errors = [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert chromium.save_screenshot(str(SCREENSHOTS / "dashboard-poc.png"))
    # one alert's "why": the waterfall renders too
    from selenium.webdriver.common.by import By

    link = chromium.find_elements(By.CSS_SELECTOR, "table.alerts a")[0]
    link.click()
    assert rendered_charts(chromium, 1) == 1
    assert [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"] == []
    chromium.save_screenshot(str(SCREENSHOTS / "alert-waterfall.png"))


def test_coordinator_page_shows_no_suspect_name_or_indicator_value(chromium, simulated):
    url, tokens, base = simulated
    log_in(chromium, url, tokens["coordinator"])
    assert rendered_charts(chromium, 4) >= 4
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chromium.save_screenshot(str(SCREENSHOTS / "dashboard-coordinator.png"))
    shown = chromium.page_source + chromium.find_element("tag name", "body").text
    secrets = set()
    for line in (base / "traffic" / "notifications.jsonl").read_text().splitlines():
        try:
            doc = json.loads(line)
        except json.JSONDecodeError:
            continue  # the simulation sends some broken lines on purpose
        if not isinstance(doc, dict):
            continue
        for suspect in doc.get("suspects") or ():
            secrets.update(n["full"] for n in suspect.get("names") or () if len(n.get("full", "")) >= 5)
        secrets.update(i["value"] for i in doc.get("indicators") or () if len(i.get("value", "")) >= 5)
        if doc.get("case", {}).get("reference"):
            secrets.add(doc["case"]["reference"])
    assert len(secrets) > 100
    leaked = sorted(s for s in secrets if s in shown)
    assert leaked == []
