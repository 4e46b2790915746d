"""docs/tour.md shows the merchant's day chapter by chapter of the manual: a section per chapter of the manual's
contents, and every picture it shows is in docs/tour/ and taken by a stop of `make screenshots`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.stores import shared_dir

REPO = Path(__file__).resolve().parents[2]
TOUR = REPO / "docs" / "tour.md"
CONTENTS_LINE = re.compile(r"^(\d+)\. ([^\t]+)\t\d+$")


def manual_chapters() -> list[tuple[str, str]]:
    manual = shared_dir() / "seed" / "jet-opencart-user-manual.txt"
    if not manual.is_file():
        pytest.skip(f"the merchant manual {manual} is only in the team's shared folder")
    found = [m.groups() for line in manual.read_text(encoding="utf-8").splitlines()
             if (m := CONTENTS_LINE.match(line.strip()))]
    assert len(found) >= 9, found
    return found


def test_the_tour_has_a_section_for_each_chapter_of_the_manual():
    headings = re.findall(r"^## (\d+)\. (.+)$", TOUR.read_text(encoding="utf-8"), re.MULTILINE)
    numbered = {number: title for number, title in headings}
    for number, title in manual_chapters():
        assert number in numbered, f"docs/tour.md has no section '## {number}. {title}'"
        assert title.lower() in numbered[number].lower(), (number, title, numbered[number])


def test_every_picture_of_the_tour_is_there_and_taken_by_a_stop():
    shown = set(re.findall(r"\(tour/([\w-]+)\.png\)", TOUR.read_text(encoding="utf-8")))
    stops = set(re.findall(r'\bstop\("([\w-]+)"', (REPO / "tests/browser/merchant_day.py").read_text(encoding="utf-8")))
    assert shown, "docs/tour.md shows no picture"
    assert not {name for name in shown if not (REPO / "docs" / "tour" / f"{name}.png").is_file()}
    assert shown <= stops, shown - stops
