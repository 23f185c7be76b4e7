"""What the browser tests (tests/e2e) share: the two screen sizes and reading a page's text."""

from __future__ import annotations

import re

from playwright.sync_api import Page

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}


def text_of(page: Page, selector: str) -> str:
    return re.sub(r"\s+", " ", page.locator(selector).inner_text()).strip()
