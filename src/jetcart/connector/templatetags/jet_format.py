"""How the merchant UI shows dates and Jet values: one date format everywhere (the one the browser's date
fields use in a US locale, mm/dd/yyyy), the time zone beside every time, and Jet data as JSON, never a repr."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

register = template.Library()

DATE_FORMAT = "%m/%d/%Y"
TIME_FORMAT = "%H:%M"
EMPTY = "—"
# A date-time as Jet writes it (2026-12-07T23:18:47.2194800+00:00): shown in the one format, with its zone.
JET_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})")


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter
def jet_date(value: date | datetime | None) -> str:
    """07/12/2026 (month first, as the date filters expect)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return value.strftime(DATE_FORMAT)


@register.filter
def jet_datetime(value: datetime | None, seconds: str = "") -> str:
    """07/12/2026 14:05 UTC: the date as everywhere, the time on a 24-hour clock and its time zone."""
    if value is None or value == "":
        return ""
    moment = _local(value)
    clock = f"{TIME_FORMAT}:%S" if seconds else TIME_FORMAT
    zone = moment.tzname() or timezone.get_current_timezone_name()
    return f"{moment.strftime(DATE_FORMAT)} {moment.strftime(clock)} {zone}"


@register.filter
def jet_time(value: datetime | None) -> str:
    """14:05 UTC, for times of today (a job running since, an import started at)."""
    if value is None or value == "":
        return ""
    moment = _local(value)
    return f"{moment.strftime(TIME_FORMAT)} {moment.tzname() or timezone.get_current_timezone_name()}"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | Decimal | bool | date)


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and JET_DATETIME.fullmatch(value):
        return _jet_moment(value)
    return str(_plain(value))


def _jet_moment(text: str) -> str:
    try:
        return jet_datetime(datetime.fromisoformat(text), "s")
    except ValueError:  # a date-time shape Python cannot read: shown as Jet sent it
        return text


@register.filter
def jet_value(value: Any) -> str:
    """One value of Jet data: text as is, a list of texts as a list, anything nested as indented JSON."""
    if _is_scalar(value):
        return _scalar(value)
    if isinstance(value, list | tuple) and all(_is_scalar(item) for item in value):
        if not value:
            return EMPTY
        return format_html('<ul class="jet-list">{}</ul>', format_html_join("", "<li>{}</li>",
                                                                            ((_scalar(item),) for item in value)))
    return format_html('<pre class="jet-json">{}</pre>', json.dumps(value, indent=2, default=_plain,
                                                                    ensure_ascii=False))
