"""The core's ``ValueError`` messages, reworded for the window.

The core names parameters by key (``batch_size=50: must be between 1 and
n_samples (20)``), which is right for the command line. Beside a form, the
same message uses the labels the user sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...core.fields import Field

_KEYED = re.compile(r"^(?P<key>\w+)=(?P<value>.*?): must be (?P<rule>.*)$", re.S)


def plain_words(message: str, fields: Sequence[Field]) -> str:
    """``message`` with field keys replaced by their labels; an empty choice asks for one."""
    labels = {f.name: f.label for f in fields}
    match = _KEYED.match(message)
    if not match or match["key"] not in labels:
        return message
    label = labels[match["key"]]
    if "(none chosen)" in match["value"]:
        return f"Choose at least one of the {label}."
    rule = match["rule"]
    for key, other in labels.items():
        rule = re.sub(rf"\b{key}\b", other, rule)
    value = match["value"].strip("'\"")
    return f"{label[0].upper()}{label[1:]} {value}: must be {rule}."
