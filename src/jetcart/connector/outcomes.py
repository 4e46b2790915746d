"""What a use case hands back: the error for input that breaks rules, and the one-line summary of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


class InputInvalid(Exception):
    """The input breaks a rule; `errors` maps each form field (`line-<id>-<name>` for lines) to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class FieldErrors(dict[str, list[str]]):
    """Messages per form field, in the order the rules found them (what InputInvalid carries)."""

    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


@dataclass
class RunSummary:
    """Counts of one run and its problems; `line()` is what the command prints and the job records."""

    problems: list[str] = field(default_factory=list)
    COUNTS_PROBLEMS: ClassVar[bool] = True  # "…, N problem(s): a; b" (else "…; problems: a; b")

    def headline(self) -> str:
        raise NotImplementedError

    def line(self) -> str:
        text = self.headline()
        if self.COUNTS_PROBLEMS:
            return f"{text}, {len(self.problems)} problem(s)" + (f": {'; '.join(self.problems[:5])}"
                                                                  if self.problems else "")
        return text + (f"; problems: {'; '.join(self.problems[:5])}" if self.problems else "")
