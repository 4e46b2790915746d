"""plain_text: descriptions made of plain tags skip the HTML parser with exactly strip_tags's result."""

from __future__ import annotations

import random
import re
from html import unescape

import pytest
from django.utils.html import strip_tags

from jetcart.connector.mapping.fields import _simple_markup_stripped, plain_lines, plain_text


def _parsed(html: str) -> str:
    """What plain_text gave before the shortcut: Django's strip_tags for every input."""
    return re.sub(r"\s+", " ", unescape(strip_tags(html))).strip()


_PIECES = [
    "<p>", "</p>", "<br>", "<br/>", "<br />", "<b>", "</b>", "<ul>", "<li>", "</li>", "</ul>", "<h2>", "</h2>",
    '<a href="https://shop.example/x?a=1&amp;b=2">', "</a>", "<img src='a.png' alt='A'>", "<img src=a.png>",
    '<span class="x" data-id="7">', "</span>", "<div id=main>", "</div>", '<p style="color: red">',
    '<a title="1 > 0">', "<a title='<b>'>", "<!-- note -->", "<!DOCTYPE html>", "<?xml?>", "<script>", "</script>",
    "<style>p{}</style>", "<textarea>", "<TITLE>", "</Script>", "<scripts>", "<my-tag>", "</ p>", "< p>", "<p", "<", ">", "<<b>>", "<1>",
    "<p/ class=x>", "</p class='y'>", "&amp;", "&lt;", "&gt;b&lt;", "&#39;", "&#x27;", "&nbsp;", "&copy", "& ",
    "&", "&foo bar", "&#12", "&unknown;", "&-x;", "Bottle", " 750 ml ", "\n", "\t", "é", "Ünïcode ✓", "a>b",
    "50% off", "\xa0", "\u2003", "\x1f", "\u3000 ", "\r\n", '"quoted"', "'single'", "=", "/",
]


def _samples(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize("html", [
    "<p>Steel bottle: keeps <b>cold</b> 24 h.</p>",
    '<ul><li>750 ml</li><li>BPA&nbsp;free</li></ul><p><a href="https://x.example/?a=1&amp;b=2">More</a></p>',
    "<p>Fish &amp; chips &#39;n&#x27; peas</p>",
    "<div class='d' data-x=1>Tom & Jerry<br/>2 &lt; 3</div>",
    "<p>Ünïcode ✓</p>\n\n<h2>Care</h2>",
])
def test_plain_markup_takes_the_shortcut_with_strip_tags_result(html):
    assert _simple_markup_stripped(html) == strip_tags(html)
    assert plain_text(html) == _parsed(html)


@pytest.mark.parametrize("html", [
    "<p>a</p><!-- hidden -->", "<script>if (a < b) x()</script>", "<p>&copy 2024</p>", '<a title="1 > 0">x</a>',
    "<p>x & y</p>&", "<my-tag>x</my-tag>", "a < b", "<p>AT&T</p>",
])
def test_other_markup_goes_through_the_parser(html):
    assert _simple_markup_stripped(html) is None
    assert plain_text(html) == _parsed(html)


def test_generated_markup_gives_strip_tags_result():
    shortcut = 0
    for html in _samples(20_000, seed=20):
        stripped = _simple_markup_stripped(html)
        if stripped is not None:
            shortcut += 1
            assert stripped == strip_tags(html), html
        assert plain_text(html) == _parsed(html), html
    assert shortcut > 1_000  # the comparison covered the shortcut, not only the parser


def test_lines_unchanged():
    assert plain_lines("<ul><li>One &amp; two</li><li><b>Three</b></li></ul>") == ["One & two", "Three"]
