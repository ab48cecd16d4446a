"""A headless Chromium for the report, driven by selenium (the browser test, the README screenshot).

Uses the ``chromium`` and ``chromedriver`` found on PATH (Debian: ``apt-get install chromium
chromium-driver``) and never lets selenium download anything. selenium comes with the ``dev`` extra.
"""

from __future__ import annotations

import shutil
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
DRIVERS = ("chromedriver",)
INSTALL_HINT = "apt-get install chromium chromium-driver; pip install selenium"


def browser_paths() -> tuple[str, str] | None:
    """(browser, driver) executables found on PATH, or None."""
    browser = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = next((p for p in map(shutil.which, DRIVERS) if p), None)
    return (browser, driver) if browser and driver else None


def missing_browser() -> str | None:
    """Why no browser can be driven here (None when one can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return f"selenium is not installed - {INSTALL_HINT}"
    if browser_paths() is None:
        return f"no chromium and chromedriver on PATH - {INSTALL_HINT}"
    return None


def chromium(width: int = 1200, height: int = 1350) -> Any:
    """A headless Chromium (a selenium WebDriver) with a window of ``width`` x ``height`` pixels."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = browser_paths()
    if paths is None:
        raise RuntimeError(f"no chromium/chromedriver: {INSTALL_HINT}")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--force-device-scale-factor=1", "--hide-scrollbars", f"--window-size={width},{height}"):
        options.add_argument(arg)
    # an explicit driver path: selenium skips its Selenium Manager, which would download one
    return webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
