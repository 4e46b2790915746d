"""Shared pydantic bases and field types: strict request models, tolerant response models, problem lists."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from jetcart.jet.errors import JetValidationError, Problem
from jetcart.jet.timestamps import format_jet_datetime, parse_jet_datetime, parse_wire_datetime

__all__ = [
    "Dimension",
    "JetBool",
    "JetDateTime",
    "JetObject",
    "JetRequest",
    "LenientDateTime",
    "Money",
    "NonNegativeInt",
    "Number",
    "Rule",
    "StrictInt",
    "UNKNOWN_FIELD",
    "problems_from_pydantic",
    "strict_mode",
    "strict_responses",
]

UNKNOWN_FIELD = "is not a field Jet knows"
"""Message of a field the model does not declare (the client refuses such fields; Jet ignored them)."""

_STRICT_RESPONSES: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "jet_strict_responses", default=False
)


@contextlib.contextmanager
def strict_responses(enabled: bool = True) -> Iterator[None]:
    """Inside this block response models refuse fields they do not declare (contract tests)."""
    token = _STRICT_RESPONSES.set(enabled)
    try:
        yield
    finally:
        _STRICT_RESPONSES.reset(token)


def strict_mode() -> bool:
    """True inside `strict_responses()`."""
    return _STRICT_RESPONSES.get()


def _json_number(value: Any) -> Any:
    """Accept JSON numbers only (int, float, Decimal); refuse strings and booleans, as Jet does."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a JSON number")
    if isinstance(value, float):
        try:
            return Decimal(repr(value))
        except InvalidOperation as exc:
            raise ValueError("must be a finite number") from exc
    return value


def _decimal_to_json(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _lenient_number(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


Number = Annotated[
    Decimal,
    BeforeValidator(_json_number),
    Field(allow_inf_nan=False),
    PlainSerializer(_decimal_to_json, return_type=int | float, when_used="json"),
]
"""A JSON number in a request (never a string), kept as Decimal."""

MONEY_MAXIMUM = Decimal("999999999999999999.99")
"""The largest amount in a request [G]: 18 digits before the point and 2 after, as the msrp field's limit and
the sandbox's amount columns hold (Jet's own limit is unrecorded; a .NET decimal would hold more)."""

Money = Annotated[
    Decimal,
    BeforeValidator(_json_number),
    Field(ge=0, le=MONEY_MAXIMUM, decimal_places=2, allow_inf_nan=False),
    PlainSerializer(_decimal_to_json, return_type=int | float, when_used="json"),
]
"""Dollars in a request: a JSON number from 0 to MONEY_MAXIMUM with at most 2 decimals, kept as Decimal."""

def _dimension(value: Any) -> Decimal:
    """A JSON number ≥ 0 with at most 2 decimals (trailing zeros aside) and 6 digits before the point, checked
    in one pass: the constraints apart cost a third of a whole MerchantSKU's validation. A float or int that
    plainly passes (what a parsed bulk file holds), or a Decimal with at most 2 decimals in range (what the
    export builds), takes a shortcut with the same result."""
    kind = type(value)
    if kind is float and 0 <= value < 1e6:  # NaN and infinities fail the comparison
        text = repr(value)
        point = text.find(".")
        if point >= 0 and "e" not in text and len(text) - point <= 3:
            return Decimal(text)
    elif kind is int and 0 <= value < 1_000_000:
        return Decimal(value)
    elif kind is Decimal and value.is_finite() and 0 <= value < _A_MILLION and value.as_tuple().exponent >= -2:
        return value  # what the store's units give (Decimals to the cent)
    return _checked_dimension(value)


def _checked_dimension(value: Any) -> Decimal:
    """_dimension's rules, every one checked."""
    number = _json_number(value)
    if not isinstance(number, Decimal):
        number = Decimal(number)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if number < 0:
        raise ValueError("must be at least 0")
    _, digits, exponent = number.as_tuple()
    if exponent < -2:
        zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))
        if zeros < len(digits) and exponent + zeros < -2:
            raise ValueError("must have at most 2 decimals")
    if number >= _A_MILLION:
        raise ValueError("must have at most 6 digits before the decimal point")
    return number


_A_MILLION = Decimal(10) ** 6
Dimension = Annotated[Decimal, PlainValidator(_dimension),
                      PlainSerializer(_decimal_to_json, return_type=int | float, when_used="json")]
"""Inches or pounds in a MerchantSKU: a JSON number ≥ 0, at most 2 decimals and 6 digits before the point."""

ResponseNumber = Annotated[
    Decimal,
    BeforeValidator(_lenient_number),
    PlainSerializer(_decimal_to_json, return_type=int | float, when_used="json"),
]
"""A number in a response: numbers or numeric strings accepted, kept as Decimal."""

INT32_MAXIMUM = 2**31 - 1
"""The largest count in a request [G]: Jet's API ran on .NET, whose `int` quantities stop here."""

NonNegativeInt = Annotated[StrictInt, Field(ge=0, le=INT32_MAXIMUM)]
"""A quantity or day count: a JSON integer from 0 to INT32_MAXIMUM."""


def _bool_ish(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    return value


JetBool = Annotated[bool, BeforeValidator(_bool_ish)]
"""A boolean in a response: true/false, 0/1 or their strings."""


def _to_datetime(value: Any) -> Any:
    if isinstance(value, str):
        return parse_wire_datetime(value).astimezone(UTC)
    if isinstance(value, datetime):
        return parse_jet_datetime(value)
    return value


def _lenient_datetime(value: Any) -> Any:
    if isinstance(value, str | datetime):
        try:
            return parse_jet_datetime(value)
        except ValueError:
            return value
    return value


def _datetime_to_json(value: datetime | str) -> str:
    return format_jet_datetime(value) if isinstance(value, datetime) else value


JetDateTime = Annotated[
    datetime,
    BeforeValidator(_to_datetime),
    PlainSerializer(_datetime_to_json, return_type=str, when_used="json"),
]
"""A date-time in a request: aware datetime, or a string in Jet's request format (`parse_wire_datetime`);
sent in Jet's 7-digit .NET style."""

LenientDateTime = Annotated[
    datetime | str,
    BeforeValidator(_lenient_datetime),
    PlainSerializer(_datetime_to_json, return_type=str, when_used="json"),
]
"""A date-time in a response: aware UTC datetime, or the raw text when Jet sent something unparsable."""

Rule = Callable[[Mapping[str, Any]], Iterable[Problem]]


_TYPE_LABELS = frozenset({"str", "int", "bool", "one address", "address list"})
"""Union member labels pydantic puts in an error's location; they are no Jet field."""


def _path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item.startswith(("function-", "union[", "tagged-union[")) or item in _TYPE_LABELS:
            continue
        else:
            parts.append(f".{item}" if parts else item)
    return "".join(parts)


_FIXED_MESSAGES = {
    "missing": "is required",
    "int_type": "must be a JSON integer",
    "int_parsing": "must be a JSON integer",
    "int_from_float": "must be a JSON integer",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "bool_type": "must be true or false",
    "model_type": "must be an object",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
}
_CONTEXT_MESSAGES = {  # filled from the error's context
    "string_too_short": "must be at least {min_length} characters",
    "string_too_long": "must be at most {max_length} characters",
    "too_long": "must have at most {max_length} entries",
    "too_short": "must have at least {min_length} entries",
    "literal_error": "must be one of {expected}",
    "enum": "must be one of {expected}",
    "decimal_max_places": "must have at most {decimal_places} decimals",
    "decimal_whole_digits": "must have at most {whole_digits} digits before the decimal point",
}
_BOUND_WORDS = {
    "greater_than_equal": "at least",
    "less_than_equal": "at most",
    "greater_than": "greater than",
    "less_than": "less than",
}


class _Context(dict):
    def __missing__(self, key: str) -> None:
        return None


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return UNKNOWN_FIELD
    if kind in _FIXED_MESSAGES:
        return _FIXED_MESSAGES[kind]
    if kind in _CONTEXT_MESSAGES:
        return _CONTEXT_MESSAGES[kind].format_map(_Context(ctx))
    if kind in _BOUND_WORDS:
        bound = next(iter(ctx.values()), "")
        if isinstance(bound, str) and bound.startswith("Decimal('"):
            bound = bound.removeprefix("Decimal('").removesuffix("')")
        return f"must be {_BOUND_WORDS[kind]} {bound}"
    message = str(error.get("msg", kind))
    return message.removeprefix("Value error, ")


def problems_from_pydantic(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """Turn a pydantic ValidationError into Problems with Jet field paths (`items[0].refund_amount.tax`)."""
    problems = []
    for error in exc.errors(include_url=False):
        path = _path(tuple(error["loc"]))
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else f"{prefix}{path}"
        problems.append(Problem(path, _message(error)))
    return problems


class JetRequest(BaseModel):
    """Base of request bodies: strict types, unknown fields refused, cross-field `rules` run on every parse.

    Build one with `Model.parse(data)` to get ONE `JetValidationError` listing every problem; constructing
    it directly raises pydantic's ValidationError for the same rules.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=False)

    rules: ClassVar[tuple[Rule, ...]] = ()
    """Cross-field rules over the raw mapping (field types may still be wrong there: read defensively)."""

    rules_read_json: ClassVar[bool] = False
    """True when the rules give the same answer over the JSON body as over a Python dump (they read no number
    or date as Decimal or datetime): `parse_json` may then run them over its single dump."""

    @model_validator(mode="after")
    def _check_rules(self, info: ValidationInfo) -> Self:
        if not self.rules:
            return self
        if info.context is not None and info.context.get(_RULES_ON_JSON) is type(self):
            return self  # parse_json runs them over the body's single dump
        problems = list(self.rule_problems(self.model_dump(by_alias=True, exclude_none=True)))
        if problems:
            raise ValueError("; ".join(str(problem) for problem in problems))
        return self

    @classmethod
    def rule_problems(cls, data: Mapping[str, Any]) -> Iterator[Problem]:
        for rule in cls.rules:
            yield from rule(data)

    @classmethod
    def problems(cls, data: Any, *, allow_unknown_fields: bool = False) -> list[Problem]:
        """Every problem in `data` (a mapping) as Problems; empty when it is a valid request body.

        With `allow_unknown_fields`, undeclared fields are not reported (Jet's server ignored them).
        """
        try:
            cls.model_validate(data)
        except ValidationError as exc:
            problems = [p for p in problems_from_pydantic(exc) if p.path]
            if allow_unknown_fields:
                problems = [p for p in problems if p.message != UNKNOWN_FIELD]
            if isinstance(data, Mapping):
                problems.extend(cls.rule_problems(data))
            else:
                problems = problems or [Problem("", "must be a JSON object")]
            return _unique(problems)
        return []

    @classmethod
    def parse(cls, data: Any) -> Self:
        """Validate `data` into this model, or raise one JetValidationError listing every problem."""
        try:
            return cls.model_validate(data)
        except ValidationError:
            pass
        raise JetValidationError(cls.problems(data) or [Problem("", "invalid")], model=cls.__name__)

    @classmethod
    def parse_json(cls, data: Any) -> dict[str, Any]:
        """`parse(data).to_json()`; with `rules_read_json`, one dump instead of two: the model's own rules run
        over the JSON body rather than over a Python dump of their own. Raises JetValidationError listing every
        problem, as `parse` does."""
        if not cls.rules_read_json:
            return cls.parse(data).to_json()
        try:
            body = cls.model_validate(data, context={_RULES_ON_JSON: cls}).to_json()
        except ValidationError:
            pass
        else:
            if not any(True for _ in cls.rule_problems(body)):
                return body
        raise JetValidationError(cls.problems(data) or [Problem("", "invalid")], model=cls.__name__)

    def to_json(self) -> dict[str, Any]:
        """The body as Jet expects it: JSON types, wire names, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


_RULES_ON_JSON = "jetcart_rules_on_json"
"""Validation context key: the request model (class) whose rules parse_json runs after the dump."""


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    result = []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            result.append(problem)
    return result


class JetObject(BaseModel):
    """Base of response objects: unknown fields kept (`model_extra`), types coerced; strict mode refuses extras."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    @model_validator(mode="after")
    def _strict_extras(self) -> Self:
        if _STRICT_RESPONSES.get() and self.model_extra:
            raise ValueError(f"undeclared fields {sorted(self.model_extra)}")
        return self
