"""The refund reason and feedback lists as the merchant picks from them: Jet accepts both a lower-case and a
capitalised spelling of many entries, which the merchant sees once, by its capitalised spelling."""

from __future__ import annotations

from collections.abc import Iterable

from jetcart.jet.models.vocabulary import REFUND_FEEDBACK, REFUND_REASONS


def _preferred(spellings: list[str]) -> str:
    """The spelling sent to Jet for one entry: a capitalised one when Jet has it, else the first in order."""
    capitalised = sorted(s for s in spellings if s[:1].isupper())
    return capitalised[0] if capitalised else sorted(spellings)[0]


def _label(value: str) -> str:
    return value[:1].upper() + value[1:]


def distinct_choices(values: Iterable[str]) -> list[tuple[str, str]]:
    """(value sent to Jet, label) once per entry whatever its case, in alphabetical order of the labels."""
    by_entry: dict[str, list[str]] = {}
    for value in values:
        by_entry.setdefault(value.casefold(), []).append(value)
    chosen = [_preferred(spellings) for spellings in by_entry.values()]
    return sorted(((value, _label(value)) for value in chosen), key=lambda choice: choice[1].casefold())


def refund_reason_choices() -> list[tuple[str, str]]:
    return distinct_choices(REFUND_REASONS)


def refund_feedback_choices() -> list[tuple[str, str]]:
    return distinct_choices(REFUND_FEEDBACK)
