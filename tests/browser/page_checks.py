"""What every merchant page must be: no server error, no horizontal overflow at a laptop's 1366 px, no Python
repr shown as data, no date-time in Jet's wire format instead of the one date format; and a crawl of every Jet
page reachable by links from the menu, details and edits included."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Page

LAPTOP = {"width": 1366, "height": 768}
NARROW = {"width": 800, "height": 768}

# Links that act (cron job URLs), download, or leave the merchant UI are not visited.
NOT_PAGES = re.compile(r"^/jet/(api/|cron/)|\.csv$|/search/|^/jet/[^/]+/(run|send)/")
# A repr of Python data: a dict or a list of strings, or None/True/False standing alone as a value.
REPR_OPENERS = ("{'", "['")
REPR_WORDS = re.compile(r"(^|[:=]\s*)(None|True|False)$")
# Text of the page that is data: the text of every element without child elements, of every table cell, and
# the values of the form's inputs (a repr pre-filled into a field is sent back by the next save).
DATA_TEXTS = """() => {
  const root = document.querySelector('#content') || document.body || document.documentElement;
  const texts = [root.innerText || ''];
  for (const el of root.querySelectorAll('*')) {
    if (el.matches('option, script, style, template, noscript')) continue;
    if (el.children.length === 0 || el.matches('td, th, dd, li')) texts.push(el.innerText.trim());
  }
  for (const el of root.querySelectorAll('input:not([type=hidden]), textarea')) texts.push((el.value || '').trim());
  for (const el of root.querySelectorAll('select option:checked')) texts.push(el.textContent.trim());
  return texts;
}"""
# A date-time as Jet writes it, shown as page text instead of in the one date format (form values and JSON
# blocks, which show data as it is sent, are not page text here).
RAW_DATETIME = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
PAGE_TEXTS = """() => {
  const root = document.querySelector('#content') || document.body || document.documentElement;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest('pre, script, style, template, textarea, option')) continue;
    texts.push(node.textContent);
  }
  return texts;
}"""
# Pages of one kind (a detail, an edit) differ by their ids: this many of each kind are visited.
PER_KIND = 40
KIND = re.compile(r"/\d+(?=/|$)")


@dataclass
class PageProblem:
    url: str
    width: int
    problem: str

    def __str__(self) -> str:
        return f"{self.url} at {self.width} px: {self.problem}"


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def header_shortfall(page: Page) -> int:
    """How many pixels of the page's width the admin header leaves uncovered (0 when it spans the page)."""
    return page.evaluate("""() => {
      const header = document.querySelector('#header');
      if (!header) return 0;
      return Math.max(0, Math.round(document.documentElement.scrollWidth - header.getBoundingClientRect().right));
    }""")


def widest_elements(page: Page) -> list[str]:
    """The elements reaching past the window's right edge, to say what to fix."""
    return page.evaluate("""() => {
      const found = [];
      for (const el of document.querySelectorAll('#content *')) {
        const box = el.getBoundingClientRect();
        if (box.right > window.innerWidth + 1 && box.width > 0) {
          found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
                     + ' ' + Math.round(box.right) + 'px');
        }
      }
      return found.slice(0, 5);
    }""")


def python_reprs(page: Page) -> list[str]:
    """Texts of the page's data that look like Python reprs."""
    found = []
    for text in page.evaluate(DATA_TEXTS):
        for opener in REPR_OPENERS:
            if (at := text.find(opener)) >= 0:
                found.append(text[max(0, at - 40):at + 80])
        if REPR_WORDS.search(text) and len(text) < 80:
            found.append(text)
    return sorted(set(found))


def raw_datetimes(page: Page) -> list[str]:
    """Texts of the page showing a date-time in Jet's wire format (2026-12-07T23:18:47…) rather than the UI's."""
    return sorted({text.strip()[:80] for text in page.evaluate(PAGE_TEXTS) if RAW_DATETIME.search(text)})


def check_page(page: Page, url: str, status: int | None, *, check_overflow: bool) -> list[PageProblem]:
    page.wait_for_load_state("load")  # a stop right after a click may find the next page still arriving
    width = page.viewport_size["width"] if page.viewport_size else 0
    problems = []
    if status is None or status >= 500 or "Server Error" in page.title():
        problems.append(PageProblem(url, width, f"server error (HTTP {status})"))
        return problems
    if check_overflow and (extra := overflow(page)) > 0:
        problems.append(PageProblem(url, width, f"{extra} px wider than the window: {widest_elements(page)}"))
    if check_overflow and (short := header_shortfall(page)) > 0:
        problems.append(PageProblem(url, width, f"the page header stops {short} px before the page's right edge"))
    for text in python_reprs(page):
        problems.append(PageProblem(url, width, f"Python repr shown: {text!r}"))
    if "/api/" not in urlsplit(url).path:  # the merchant's pages, not the sandbox's portal
        for text in raw_datetimes(page):
            problems.append(PageProblem(url, width, f"date-time not in the one date format: {text!r}"))
    return problems


def _kind(path: str) -> str:
    return KIND.sub("/N", path)


def _key(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    return parts.path, tuple(sorted(name for name, _ in parse_qsl(parts.query)))


def page_links(page: Page, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        if not href.startswith(base_url):
            continue
        path = href[len(base_url):].split("#", 1)[0]
        if path.startswith("/jet/") and not NOT_PAGES.search(urlsplit(path).path):
            found.append(path)
    return found


def crawl(page: Page, base_url: str, start: list[str], *, check_overflow: bool) -> Crawl:
    """Visits the start pages and every Jet page linked from them, PER_KIND of each kind of detail page."""
    result = Crawl()
    queue, seen, kinds = list(start), set(), Counter()
    while queue:
        url = queue.pop(0)
        key = _key(url)
        if key in seen:
            continue
        seen.add(key)
        kind = _kind(key[0])
        if kind != key[0]:
            kinds[kind] += 1
            if kinds[kind] > PER_KIND:
                continue
        response = page.goto(url)
        page.wait_for_load_state("load")
        result.visited.append(url)
        result.problems += check_page(page, url, response.status if response else None,
                                      check_overflow=check_overflow)
        queue.extend(page_links(page, base_url))
    return result
