#!/usr/bin/env python3
"""Size and speed of the HTML report for many documents, and how it behaves in headless Chromium.

    python benchmarks/report.py [--docs 300 1000]

For each size: the seed results repeated under new ids, rendered with ``nato_quotes.render.to_html``
(seconds, MB), then, where Chromium and chromedriver are installed, the page load and a click on
a speaker in the index (filtering; it unfolds the documents quoting them) and on "all speakers".
Prints numbers; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nato_quotes.batch import process_files  # noqa: E402
from nato_quotes.render import to_html  # noqa: E402
from nato_quotes.render.browser import chromium, missing_browser  # noqa: E402


def in_browser(path: Path, speaker: str) -> str:
    from selenium.webdriver.common.by import By

    driver = chromium(1200, 900)
    try:
        start = time.perf_counter()
        driver.get(path.as_uri())
        load = time.perf_counter() - start
        button = next(b for b in driver.find_elements(By.CSS_SELECTOR, ".nq-legend-item")
                      if b.get_attribute("data-speaker") == speaker)
        filter_s = _timed_click(driver, button)
        shown = driver.execute_script("return document.querySelectorAll('details.nq-doc.nq-has').length")
        reset_s = _timed_click(driver, driver.find_element(By.CSS_SELECTOR, ".nq-all"))
    finally:
        driver.quit()
    return f"load {load:.2f} s, filter by {speaker} {filter_s:.2f} s ({shown} documents), show all {reset_s:.2f} s"


def _timed_click(driver, element) -> float:
    start = time.perf_counter()
    element.click()
    driver.execute_script("return document.body.offsetHeight")  # wait for the layout
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[300, 1000])
    args = parser.parse_args()
    seeds = list(process_files([ROOT / "seeds"], analyzer="rules"))
    missing = missing_browser()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.docs:
            results = [seeds[i % len(seeds)].model_copy(update={"doc": f"doc-{i}"}) for i in range(count)]
            start = time.perf_counter()
            html = to_html(results)
            seconds = time.perf_counter() - start
            path = Path(tmp) / f"report-{count}.html"
            path.write_text(html, encoding="utf-8")
            browser = f"no browser ({missing})" if missing else in_browser(path, "Mark Rutte")
            print(f"{count} documents: render {seconds:.2f} s, {len(html.encode()) / 1e6:.1f} MB; {browser}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
