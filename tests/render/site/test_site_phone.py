"""The site on a 360 px phone in headless Chromium: every built page fits the screen's width
(charts too: a wide chart scrolls inside its own frame), and the header stays compact."""

from __future__ import annotations

import pytest

from .conftest import CHROMIUM

pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
pytestmark = [pytest.mark.chromium,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs {CHROMIUM}")]
PHONE = {"width": 360, "height": 780}


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


# Loads pages into 360 px frames, a batch at a time (far quicker than one navigation each):
# each frame is its own viewport, so the phone styles apply inside it.
MEASURE = """async (urls) => Promise.all(urls.map(u => new Promise(done => {
  const f = document.createElement('iframe');
  f.style.cssText = 'width: 360px; height: 780px; border: 0';
  f.onload = () => {
    const d = f.contentDocument, w = f.contentWindow;
    const culprits = [...d.querySelectorAll('main *, header *, footer *')]
      .filter(e => e.getBoundingClientRect().right > w.innerWidth + 0.5
                   && !e.closest('.chart-frame, .visually-hidden, .skip-link'))
      .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className);
    done([u, w.innerWidth, d.documentElement.scrollWidth, culprits]);
    f.remove();
  };
  f.src = u;
  document.body.appendChild(f);
})))"""


def test_no_page_is_wider_than_a_360_px_phone(phone, base, site):
    """Every page of both languages (step-through pages included) at 360 px: the document
    never scrolls sideways."""
    pages = sorted("/" + p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 400
    phone.goto(f"{base}/index.html")
    measured = []
    for i in range(0, len(pages), 16):
        measured += phone.evaluate(MEASURE, pages[i:i + 16])
    assert sorted(m[0] for m in measured) == pages
    assert {m[1] for m in measured} == {PHONE["width"]}
    too_wide = [f"{u}: {width} px {culprits}" for u, _, width, culprits in sorted(measured)
                if width > PHONE["width"]]
    assert not too_wide, "\n".join(too_wide[:20])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_header_is_compact_on_a_phone(phone, base, lang):
    """Name, language switch, search and navigation take at most three short rows, so the
    page's heading shows in the first quarter of the screen."""
    phone.goto(f"{base}/{lang}/flows/hbv.html")
    header = phone.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")
    assert header <= 0.2 * PHONE["height"], header
    assert phone.eval_on_selector("h1", "e => e.getBoundingClientRect().top") < PHONE["height"] / 4
    assert phone.is_visible(".site-search input") and phone.is_visible("a.lang-switch")
