"""The seeds report in a real headless browser: what a reader sees and what clicking and hovering do.

Drives Debian's ``chromium`` through its ``chromedriver`` with selenium (nato_quotes.render.browser;
nothing is downloaded);
skips with the reason where either is missing. CI installs both (``.ci/run``).
"""

from __future__ import annotations

import pytest

from nato_quotes.render import speaker_label, to_html
from nato_quotes.render.browser import chromium, missing_browser

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=f"no browser: {missing_browser()}")

OPEN = 3  # documents unfolded at first; the others are folded


@pytest.fixture(scope="module")
def results(seed_results):
    return list(seed_results.values())


@pytest.fixture(scope="module")
def page(results, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "seeds.html"
    path.write_text(to_html(results, open_documents=OPEN), encoding="utf-8")
    driver = chromium(1200, 900)
    try:
        driver.get(path.as_uri())
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(page):
    """The page, reset to all speakers and no hover before each test."""
    from selenium.webdriver.common.by import By

    page.find_element(By.CSS_SELECTOR, ".nq-all").click()
    page.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    return page


def css(driver, selector: str) -> list:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def background(driver, element) -> str:
    return driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", element)


def hover(driver, element) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(driver).move_to_element(element).perform()


def test_marked_quotes_are_visible_and_coloured(browser, results) -> None:
    parts = css(browser, ".nq-quote")
    assert len(parts) == sum(len(q.spans) for r in results for q in r.quotes)
    unfolded = [p for p in parts if browser.execute_script("return arguments[0].closest('details').open", p)]
    assert len(unfolded) == sum(len(q.spans) for r in results[:OPEN] for q in r.quotes)
    for part in unfolded:
        assert part.is_displayed()
        assert background(browser, part) != "rgba(0, 0, 0, 0)"
        assert part.text.strip()
    folded = [p for p in parts if p not in unfolded]
    assert folded and not any(p.is_displayed() for p in folded)


def test_legend_lists_every_speaker_with_its_count(browser, results) -> None:
    counts: dict[str, int] = {}
    for quote in (q for r in results for q in r.quotes):
        counts[speaker_label(quote)] = counts.get(speaker_label(quote), 0) + 1
    items = css(browser, ".nq-legend-item")
    assert all(item.is_displayed() for item in items)
    shown = {item.find_element("css selector", ".nq-name").text: int(item.find_element("css selector", ".nq-n").text)
             for item in items}
    assert shown == counts
    swatches = {background(browser, item.find_element("css selector", ".nq-swatch")) for item in items}
    assert len(swatches) == len(items)


def test_hovering_a_quote_shows_its_speaker_and_explanation(browser, results) -> None:
    tip = css(browser, ".nq-tip")[0]
    assert not tip.is_displayed()
    quote = next(q for r in results[:OPEN] for q in r.quotes  # a speaker found indirectly ("er" -> Biden)
                 if q.speaker and q.speaker.name and q.speaker.resolution in ("pronoun", "role", "demonym"))
    part = next(p for p in css(browser, ".nq-quote") if p.text == quote.spans[0].text)
    hover(browser, part)
    assert tip.is_displayed()
    assert quote.speaker.name in tip.text
    assert quote.speaker.explanation in tip.text
    assert quote.rule in tip.text and quote.kind in tip.text and f"{quote.confidence:.2f}" in tip.text
    hover(browser, css(browser, "h1")[0])
    assert not tip.is_displayed()


def test_focus_shows_the_tooltip_too(browser) -> None:
    part = css(browser, ".nq-quote")[0]
    browser.execute_script("arguments[0].focus()", part)
    tip = css(browser, ".nq-tip")[0]
    assert tip.is_displayed() and part.get_attribute("data-speaker") in tip.text


def test_hovering_one_part_of_a_split_quote_highlights_all_parts(browser) -> None:
    first = next(p for p in css(browser, ".nq-quote[data-parts]") if p.is_displayed())
    quote_id = first.get_attribute("data-quote")
    hover(browser, first)
    parts = css(browser, f'.nq-quote[data-quote="{quote_id}"]')
    assert len(parts) > 1 and all("nq-active" in p.get_attribute("class") for p in parts)
    assert "split quote, part 1/" in css(browser, ".nq-tip")[0].text


def test_filtering_by_a_speaker_hides_the_others(browser, results) -> None:
    folded = [speaker_label(q) for r in results[OPEN:] for q in r.quotes]
    unfolded = {speaker_label(q) for r in results[:OPEN] for q in r.quotes}
    name = next(n for n in folded if folded.count(n) > 1 and n not in unfolded)  # e.g. Jen Psaki
    button = next(b for b in css(browser, ".nq-legend-item") if b.get_attribute("data-speaker") == name)
    button.click()
    parts = css(browser, ".nq-quote")
    mine = [p for p in parts if p.get_attribute("data-speaker") == name]
    assert mine and all(p.is_displayed() for p in mine)  # its document was folded and is now open
    assert all(background(browser, p) != "rgba(0, 0, 0, 0)" for p in mine)
    for other in (p for p in parts if p.get_attribute("data-speaker") != name):
        assert not other.is_displayed() or background(browser, other) == "rgba(0, 0, 0, 0)"
    documents = css(browser, "details.nq-doc")
    quoting = [r.doc for r in results if any(speaker_label(q) == name for q in r.quotes)]
    assert [d.is_displayed() for d in documents] == [r.doc in quoting for r in results]
    assert f"by {name}" in css(browser, ".nq-status")[0].text
    first = browser.switch_to.active_element.get_attribute("data-quote")  # the click jumped to the first one
    button.click()
    assert browser.switch_to.active_element.get_attribute("data-quote") != first  # and again to the next
    css(browser, ".nq-all")[0].click()
    assert all(d.is_displayed() for d in documents)
    assert all(background(browser, p) != "rgba(0, 0, 0, 0)" for p in parts if p.is_displayed())
