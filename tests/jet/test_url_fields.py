"""Absolute image URLs: the quick check accepts only what urlsplit accepts, and the field still refuses what
Jet would."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jetcart.jet.models import MerchantSku
from jetcart.jet.models.fields import plainly_absolute


def _urlsplit_accepts(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


PIECES = st.sampled_from(["http", "https", "HTTP", "ftp", "://", ":", "/", "//", "?", "#", "[", "]", "@", " ",
                          "\t", "\n", "\x00", "é", "e.com", "a", "80", "img.jpg", "::1", "%2F"])


@given(st.lists(PIECES, max_size=8).map("".join))
def test_the_quick_check_accepts_only_what_urlsplit_accepts(value):
    if plainly_absolute(value):
        assert _urlsplit_accepts(value), value


@given(st.text(max_size=40))
def test_any_text_the_quick_check_accepts_urlsplit_accepts(value):
    if plainly_absolute(value):
        assert _urlsplit_accepts(value), value


@pytest.mark.parametrize(("url", "ok"), [
    ("https://shop.example.com/image/catalog/a.jpg", True),
    ("HTTP://shop.example.com/a.jpg?x=1#y", True),
    ("http://user@host:8080/a", True),
    ("http://[::1]/a.jpg", True),  # IPv6: urlsplit decides
    ("https://exämple.com/a.jpg", True),
    ("http://\t/a.jpg", False),  # urlsplit drops the tab: no host
    ("https:///a.jpg", False),
    ("ftp://e.com/a.jpg", False),
    ("/image/a.jpg", False),
    ("http://[::1/a.jpg", False),  # urlsplit refuses the bracket
])
def test_main_image_urls_are_judged_as_before(url, ok):
    problems = MerchantSku.problems({"main_image_url": url, "brand": "B", "mfr_part_number": "M"})
    assert (not problems) == ok, problems
