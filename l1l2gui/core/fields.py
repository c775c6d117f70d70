"""Parameter fields: one description of each parameter's type and range.

The GUI builds its spin boxes from these, the CLI parses ``--set KEY=VALUE``
with them, and the core validates with them again, so a range is written once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    """One parameter: its name, type, allowed range and how to present it."""

    name: str
    label: str
    kind: type  # int, float, str (one of ``choices``; any text without) or tuple (several)
    minimum: float = 0.0
    maximum: float = 0.0
    choices: tuple[str, ...] = ()
    help: str = ""
    log_scale: bool = False  # GUI hint: steps multiply rather than add

    def range_text(self) -> str:
        if self.kind is str:
            return "one of " + ", ".join(self.choices) if self.choices else "a text"
        if self.kind is tuple:
            return "a comma-separated subset of " + ", ".join(self.choices)
        return f"between {_fmt(self.minimum)} and {_fmt(self.maximum)}"

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to this field's type, or raise ``ValueError``."""
        if self.kind is str:
            name = value.strip() if isinstance(value, str) else value
            if not self.choices and isinstance(name, str):
                return name  # free text (a file path): its reader checks it
            if name not in self.choices:
                raise ValueError(f"{self.name}={value!r}: must be {self.range_text()}")
            return name
        if self.kind is tuple:
            try:
                names = tuple(value.split(",")) if isinstance(value, str) else tuple(value)
                names = tuple(n.strip() for n in names if n.strip())
            except (TypeError, AttributeError):
                raise ValueError(f"{self.name}={value!r}: must be {self.range_text()}") from None
            if not names:  # reads "kinds=: …" otherwise, when every box is unticked
                raise ValueError(
                    f"{self.name}= (none chosen): must be {self.range_text()}, at least one"
                )
            unknown = [n for n in names if n not in self.choices]
            if unknown or len(set(names)) != len(names):
                raise ValueError(f"{self.name}={','.join(names)!s}: must be {self.range_text()}")
            # keep the canonical order so equal selections compare equal
            return tuple(c for c in self.choices if c in names)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"{self.name}={value!r}: must be a number {self.range_text()}"
            ) from None
        if self.kind is int:
            if not math.isfinite(number) or number != int(number):
                raise ValueError(f"{self.name}={value}: must be a whole number {self.range_text()}")
            number = int(number)
        if not (math.isfinite(number) and self.minimum <= number <= self.maximum):
            raise ValueError(f"{self.name}={value}: must be {self.range_text()}")
        return number


def _fmt(x: float) -> str:
    # whole numbers in full (a seed's limit is 2147483647, not 2.14748e+09)
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}"


def validate(params: Any, fields: Sequence[Field]) -> None:
    """Raise ``ValueError`` naming the first field of ``params`` that is out of range."""
    for field in fields:
        field.check(getattr(params, field.name))


def with_values(params: Any, fields: Sequence[Field], values: Mapping[str, Any]) -> Any:
    """Return a copy of ``params`` with ``values`` applied, each checked against its field.

    Raises ``ValueError`` for an unknown key (listing the known ones) or a value
    out of range (naming the key and its range).
    """
    by_name = {f.name: f for f in fields}
    changes = {}
    for key, value in values.items():
        if key not in by_name:
            raise ValueError(f"unknown key {key!r}: known keys are {', '.join(by_name)}")
        changes[key] = by_name[key].check(value)
    return dataclasses.replace(params, **changes)


def as_dict(params: Any) -> dict[str, Any]:
    """Plain-JSON dict of a parameter dataclass (tuples become lists)."""
    out = {}
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out
