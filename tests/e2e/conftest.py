"""A real browser against a real server: Debian's Chromium driven by Playwright.

One gunicorn server on 127.0.0.1 with a fresh copy of the seeded database, and one headless
Chromium for the whole session (Playwright's `launch` gives it a fresh temporary profile);
each person gets a browser context of their own. Every page a test looks at goes through
`Visitor.check`: no console or page error so far, no serious or critical axe-core violation,
nothing wider than the window, and a screenshot under docs/screenshots/.

Playwright's own browser download does not work here; scripts/ensure_chromium.sh (run by
`make test`) installs Debian's package. A missing browser fails the tests, never skips them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD
from tests.support.browser import DESKTOP

ROOT = Path(__file__).resolve().parents[2]
# The committed screenshots change only when asked for (TDKT_SCREENSHOTS=docs); a plain test run
# writes them to a scratch folder so that it leaves the work tree clean.
SHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("TDKT_SCREENSHOTS") == "docs"
    else Path(tempfile.gettempdir()) / "tdkt-screenshots"
)
CHROMIUM = os.environ.get("TDKT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: axe-core impacts that fail a page (moderate and minor ones are reported by axe, not here)
BLOCKING = ("serious", "critical")
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def live_server(databases, template_db, tmp_path_factory) -> Iterator[LiveServer]:
    url = databases.create(template=template_db)
    server = LiveServer(url, tmp_path_factory.mktemp("e2e-server"), workers=1, threads=4)
    server.start()
    yield server
    server.stop()
    databases.drop(url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: run scripts/ensure_chromium.sh (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


class Visitor:
    """One person at one screen size, with what their browser reported."""

    def __init__(
        self, browser: Browser, server: LiveServer, axe: Axe, username: str | None, viewport: dict
    ):
        self.username, self.axe = username, axe
        self.base = f"http://127.0.0.1:{server.port}"
        self.context = browser.new_context(
            base_url=self.base,
            viewport=viewport,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            is_mobile=viewport["width"] < 576,
            has_touch=viewport["width"] < 576,
            # Bootstrap scrolls smoothly unless motion is reduced: a click on a row below a
            # filter form then lands on whatever passes under the pointer mid-scroll.
            reduced_motion="reduce",
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error on {self.page.url}: {message.text}")

    @contextmanager
    def refused(self) -> Iterator[None]:
        """The page posted inside answers 400 (a form sent back with its errors): Chromium logs
        that as a console error, which is expected here once, and only here."""
        before = len(self.errors)
        yield
        self.page.wait_for_load_state("load")
        new = self.errors[before:]
        refusals = [e for e in new if "status of 400" in e]
        assert len(refusals) == 1, ("expected one 400 answer", new)
        del self.errors[before:]
        self.errors.extend(e for e in new if e not in refusals)

    def goto(self, path: str) -> Page:
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def login(self) -> Page:
        """Through the login page, with the keyboard only."""
        self.goto("/login")
        self.page.get_by_label("Tên đăng nhập").focus()
        self.page.keyboard.type(self.username)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(PASSWORD)
        self.page.keyboard.press("Enter")
        # Each role lands where its work is: the inbox, or the board's dashboard.
        self.page.wait_for_url(lambda url: url.startswith(self.base) and "/login" not in url)
        return self.page

    def check(self, shot: str, full_page: bool = True) -> None:
        """What every page must satisfy; saves docs/screenshots/<shot>.png."""
        page = self.page
        page.wait_for_load_state("load")
        assert not self.errors, self.errors
        results = self.axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
        assert not blocking, f"{shot}: {_describe(blocking)}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{shot}: the page is {overflow}px wider than the window"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=full_page)

    def close(self) -> None:
        self.context.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


@pytest.fixture
def visit(browser, live_server, axe) -> Iterator[Callable[..., Visitor]]:
    """visit("truongphong.cntt") → a logged-in Visitor; visit(None) → not logged in.

    At the end every visitor's browser must have reported no error at all.
    """
    visitors: list[Visitor] = []

    def _visit(username: str | None, viewport: dict = DESKTOP, login: bool = True) -> Visitor:
        visitor = Visitor(browser, live_server, axe, username, viewport)
        visitors.append(visitor)
        if username and login:
            visitor.login()
        return visitor

    yield _visit
    errors = [e for v in visitors for e in v.errors]
    for visitor in visitors:
        visitor.close()
    assert not errors, errors
