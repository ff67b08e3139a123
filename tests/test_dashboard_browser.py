"""The dashboard in real Chromium (Debian's, driven by its chromedriver) over simulated traffic."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from detector.service.accounts import new_user
from detector.service.context import open_context, stamp
from detector.service.wiring import start_background
from detector.settings import Settings
from tests.api_world import serving

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / ".cache" / "screenshots"
DEADLINE_SECONDS = 3  # acknowledgement deadline in the simulated world, so that alerts fall due during the test
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    done = subprocess.run([str(ROOT / "deploy" / "local" / "browser"), "install"], capture_output=True, text=True,
                          timeout=900, check=False)
    if done.returncode == 3:  # the script's "cannot install here" (no apt-get, no root or sudo)
        pytest.skip(f"Debian's chromium cannot be installed here: {done.stderr.strip()}")
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
    """A store filled by `ppd simulate` traffic through `ppd run`, a user per role, and the delivery
    loop of `ppd serve` running with deadlines of seconds: by the time the pages load, the point of
    contact has overdue alerts and has acknowledged two late, so deadlines, overdue rows and the
    time to acknowledge all show."""
    base = tmp_path_factory.mktemp("browser")
    for args in (["simulate", "--operations", "600", "--seed", "11", "--out", str(base / "traffic")],
                 ["run", "--input", str(base / "traffic" / "notifications.jsonl"), "--output",
                  str(base / "alerts.jsonl"), "--data-dir", str(base / "data")]):
        done = subprocess.run([sys.executable, "-m", "detector.cli", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    settings = Settings(ack_deadline_minutes=DEADLINE_SECONDS / 60, custody_ack_deadline_minutes=DEADLINE_SECONDS / 60,
                        delivery_poll_seconds=0.2)
    ctx = open_context(settings, base / "data")
    stop = threading.Event()
    workers = start_background(ctx, stop)
    bodies = [json.loads(r.body) for r in ctx.store.iter_alerts()]
    live = [b for b in bodies if b["band"] == "alert" and b["status"] == "open"]
    state = max({p["state"] for b in live for p in b["parties"]},
                key=lambda s: sum(s in {p["state"] for p in b["parties"]} for b in live))
    tokens = {}
    for role, user_state in (("coordinator", None), ("poc", state)):
        user, token = new_user(f"{role} user", role, user_state, stamp(ctx.now()))
        ctx.accounts.add_user(user)
        tokens[role] = token
    theirs = [b["alert_id"] for b in live if state in {p["state"] for p in b["parties"]}]
    assert len(theirs) >= 3, "the simulation should give the busiest state several open alerts"
    deadline = time.monotonic() + 60
    while not all(t.get(state, {}).get("overdue") for t in ctx.tracking(theirs).values()) \
            or len(ctx.tracking(theirs)) < len(theirs):
        assert time.monotonic() < deadline, "the delivery loop never took the alerts up or they never fell due"
        time.sleep(0.2)
    try:
        with serving(ctx) as client:
            for alert_id in theirs[:2]:
                done = client.post(f"/v1/alerts/{alert_id}/acknowledge",
                                   headers={"Authorization": f"Bearer {tokens['poc']}"})
                assert done.status_code == 200, done.text
            yield str(client.base_url), tokens, base, len(theirs)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=10)
        ctx.close()


def log_in(driver, url: str, token: str) -> None:
    """By keyboard only: the token field has the focus when the page opens; Enter submits."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get(f"{url}/login")
    # autofocus happens at the page's first rendering, which may come just after the load event
    WebDriverWait(driver, 10).until(lambda d: d.switch_to.active_element.get_attribute("name") == "token")
    driver.switch_to.active_element.send_keys(token + Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: not d.current_url.endswith("/login"))


def tab_to(driver, css: str, most: int = 80):
    """Press Tab until the focus is on an element matching css: what a keyboard user can reach."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(most):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement.matches(arguments[0])", css):
            return driver.switch_to.active_element
    raise AssertionError(f"Tab never reached {css}")


def rendered_charts(driver, minimum: int) -> int:
    from selenium.webdriver.support.ui import WebDriverWait

    script = "return document.querySelectorAll('.chart .main-svg').length"
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(script) >= minimum)
    return driver.execute_script("return document.querySelectorAll('.chart.js-plotly-plot').length")


def test_point_of_contact_dashboard_renders_charts_without_console_errors(chromium, simulated):
    url, tokens, _, open_alerts = simulated
    log_in(chromium, url, tokens["poc"])
    assert chromium.current_url.endswith("/dashboard")
    assert rendered_charts(chromium, 3) >= 3
    errors = [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    # deadlines from the delivery loop: overdue rows first, the two acknowledged ones say so
    from selenium.webdriver.common.by import By

    # Under a loaded full run the first rendering has been seen with no row overdue yet (deadlines
    # of 3 s, the delivery loop a tick behind): the page must show them within a few reloads.
    deadline = time.monotonic() + 20
    while len(chromium.find_elements(By.CSS_SELECTOR, "table.alerts tr.overdue")) != open_alerts - 2 \
            and time.monotonic() < deadline:
        time.sleep(1)
        chromium.refresh()
    rows = [r.text for r in chromium.find_elements(By.CSS_SELECTOR, "table.alerts tr")]
    assert len(chromium.find_elements(By.CSS_SELECTOR, "table.alerts tr.overdue")) == open_alerts - 2, rows
    tiles = {t.find_element(By.CLASS_NAME, "label").text: t.find_element(By.CLASS_NAME, "value").text
             for t in chromium.find_elements(By.CLASS_NAME, "tile")}
    # the state's own lateness: the two it acknowledged no longer count, whatever the loop has seen yet
    assert tiles["Overdue acknowledgements"] == str(open_alerts - 2) and tiles["Mean time to acknowledge"] != "n/a"
    assert chromium.page_source.count(">acknowledged<") == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert chromium.save_screenshot(str(SCREENSHOTS / "dashboard-poc.png"))
    # one alert's "why", reached by keyboard: the skip link comes first, then Tab to an alert, Enter
    from selenium.webdriver.common.keys import Keys

    assert tab_to(chromium, "a.skip", most=1).text == "Skip to content"
    link = tab_to(chromium, "table.alerts a")
    alert_id = link.text
    link.send_keys(Keys.ENTER)
    assert rendered_charts(chromium, 1) == 1 and chromium.current_url.endswith(f"/dashboard/alerts/{alert_id}")
    assert [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"] == []
    chromium.save_screenshot(str(SCREENSHOTS / "alert-waterfall.png"))


def test_coordinator_page_shows_no_suspect_name_or_indicator_value(chromium, simulated):
    url, tokens, base, _ = simulated
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


def test_an_empty_store_says_so_instead_of_drawing_bare_axes(chromium, tmp_path):
    ctx = open_context(Settings(), tmp_path)
    user, token = new_user("first coordinator", "coordinator", None, stamp(ctx.now()))
    ctx.accounts.add_user(user)
    try:
        with serving(ctx) as client:
            log_in(chromium, str(client.base_url), token)
            from selenium.webdriver.support.ui import WebDriverWait

            script = "return Array.from(document.querySelectorAll('.chart.empty'), e => e.textContent)"
            WebDriverWait(chromium, 30).until(lambda d: len(d.execute_script(script)) == 4)
            assert set(chromium.execute_script(script)) == {"No alerts match these filters yet."}
            assert chromium.execute_script("return document.querySelectorAll('.chart .main-svg').length") == 0
            assert [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        ctx.close()
