#!/usr/bin/env python3
"""Screenshot of the HTML report, taken in headless Chromium (for the README).

    python scripts/screenshot_report.py seeds/ docs/report.png [--html report.html] [--size 1200x1350]

Runs nato-quotes (rule analyzer) over PATH..., writes the report (``--html``, else a temporary file),
opens it in Debian's ``chromium`` through its ``chromedriver`` (``apt-get install chromium
chromium-driver``; nothing is downloaded; see ``nato_quotes.render.browser``), hovers a quote whose
speaker was found through a role, demonym or pronoun so that its explanation shows, and saves the
screenshot as PNG.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWCASE = ("demonym", "role+date", "role", "pronoun")  # resolutions worth showing in the tooltip


def write_report(paths: list[str], html_path: Path) -> None:
    from nato_quotes.batch import process_files
    from nato_quotes.render import write_html

    results = list(process_files(paths, analyzer="rules"))
    with open(html_path, "w", encoding="utf-8") as out:
        write_html(results, out, title="nato-quotes: who said what in the seed articles")


def hover_showcase(driver) -> None:
    """Move the mouse onto a quote whose speaker was found indirectly, so its explanation is visible."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    quotes = driver.find_elements(By.CSS_SELECTOR, "details[open] .nq-quote")
    visible = [q for q in quotes if q.is_displayed() and 250 < q.location["y"] < 900]
    chosen = next((q for r in SHOWCASE for q in visible if q.get_attribute("data-resolution") == r),
                  visible[0] if visible else None)
    if chosen is not None:
        ActionChains(driver).move_to_element(chosen).perform()


def screenshot(html_path: Path, png_path: Path, width: int, height: int) -> None:
    from nato_quotes.render.browser import chromium

    driver = chromium(width, height)
    try:
        driver.get(html_path.resolve().as_uri())
        hover_showcase(driver)
        png_path.parent.mkdir(parents=True, exist_ok=True)
        if not driver.save_screenshot(str(png_path)):
            raise RuntimeError(f"chromium could not write {png_path}")
    finally:
        driver.quit()


def main(argv: list[str] | None = None) -> int:
    from nato_quotes.render.browser import missing_browser

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="inputs as for nato-quotes")
    parser.add_argument("png", metavar="PNG", help="where to write the screenshot")
    parser.add_argument("--html", metavar="FILE", help="keep the report here (default: a temporary file)")
    parser.add_argument("--size", default="1200x1350", help="browser window WIDTHxHEIGHT (default 1200x1350)")
    args = parser.parse_args(argv)
    reason = missing_browser()
    if reason:
        print(f"screenshot_report: {reason}", file=sys.stderr)
        return 2
    width, height = (int(v) for v in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(args.html) if args.html else Path(tmp) / "report.html"
        write_report(args.paths, html_path)
        screenshot(html_path, Path(args.png), width, height)
    print(f"wrote {args.png} (report {args.html or 'in a temporary file'})")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
