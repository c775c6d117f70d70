"""Session files: every tab's parameters (and view settings) in one JSON document.

::

    {"app": "l1l2gui", "format": 1, "version": "0.1.0", "current_tab": "training",
     "tabs": {"training": {"params": {...}, "...": "the tab's view settings"}}}

Each tab's entry is what the tab's ``state()`` returns; ``params`` holds the
values of its fields, so the CLI can render a tab from a session without a window.
The Outliers tab's entry also holds its imported points by content, ``"data":
{"path", "sha256", "text"}`` (:mod:`.imported_data`): a session opens with them
wherever the file went. A tab refusing its entry raises :class:`SessionKeyError`
with the key inside the entry, which :func:`tab_error` names from the top.
Reading a file never changes anything by itself: :func:`parse_session` checks
the document and raises ``ValueError`` naming the first bad key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import APP_NAME, __version__

SESSION_FORMAT = 1
SESSION_SUFFIX = ".l1l2.json"
MAX_SESSION_BYTES = 10_000_000


class SessionKeyError(ValueError):
    """A tab refuses its entry: ``key`` is the path inside the entry (``data.text``)."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def tab_error(tab: str, exc: Exception) -> str:
    """What refused ``tab``'s entry, named from the document's top (``tabs.outliers.data``)."""
    if isinstance(exc, SessionKeyError):
        return f"tabs.{tab}.{exc.key}: {exc.reason}"
    return f"tabs.{tab}: {exc}"


@dataclass(frozen=True)
class Session:
    """A checked session: the tab on screen and each tab's saved state."""

    current_tab: str | None
    states: Mapping[str, Mapping[str, Any]]


def session_text(current_tab: str, states: Mapping[str, Mapping[str, Any]]) -> str:
    """The JSON text of a session holding ``states`` (tab name → its ``state()``)."""
    document = {
        "app": APP_NAME,
        "format": SESSION_FORMAT,
        "version": __version__,
        "current_tab": current_tab,
        "tabs": {name: dict(state) for name, state in states.items()},
    }
    return json.dumps(document, indent=1, allow_nan=False) + "\n"


def parse_session(text: str, known_tabs: Sequence[str]) -> Session:
    """Check a session's text; raise ``ValueError`` naming the key (or line) that is wrong."""
    if len(text) > MAX_SESSION_BYTES:
        raise ValueError(f"the file is larger than {MAX_SESSION_BYTES // 1_000_000} MB")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(document, dict):
        raise ValueError("not a session: the file holds no JSON object")
    if document.get("app") != APP_NAME:
        raise ValueError(f"key 'app': not an {APP_NAME} session (found {document.get('app')!r})")
    fmt = document.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise ValueError(f"key 'format': must be a whole number from 1 (found {fmt!r})")
    if fmt > SESSION_FORMAT:
        raise ValueError(
            f"key 'format': {fmt} was written by a newer {APP_NAME}; "
            f"this one ({__version__}) reads format {SESSION_FORMAT}"
        )
    tabs = document.get("tabs")
    if not isinstance(tabs, dict) or not tabs:
        raise ValueError("key 'tabs': must be an object with at least one tab")
    for name, state in tabs.items():
        if name not in known_tabs:
            raise ValueError(f"key 'tabs.{name}': unknown tab (known: {', '.join(known_tabs)})")
        if not isinstance(state, dict):
            raise ValueError(f"key 'tabs.{name}': must be an object")
        if not isinstance(state.get("params", {}), dict):
            raise ValueError(f"key 'tabs.{name}.params': must be an object")
    current = document.get("current_tab")
    if current is not None and current not in known_tabs:
        raise ValueError(f"key 'current_tab': unknown tab {current!r}")
    return Session(current, tabs)
