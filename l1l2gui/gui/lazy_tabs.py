"""The main window's tabs by name, each built the first time it is asked for.

Building a tab means building its plots and starting its computations: for the
four tabs together that took longer than the start-up budget, and the hidden
ones then computed for nobody. :class:`LazyTabs` is the mapping ``window.tabs``:
``tabs[name]`` always returns the built tab (building it at once if needed), so
the CLI, the self-test, sessions and tests see every tab as before; iterating
gives the names in tab order without building anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from PySide6.QtWidgets import QWidget


class LazyTabs(Mapping[str, QWidget]):
    """Tab name → tab, built on first access by ``build(cls)``.

    Parameters
    ----------
    classes
        The tab classes in tab order; each has ``name`` and ``title`` class attributes.
    build
        Builds and installs one tab; called at most once per class.
    """

    def __init__(self, classes: Sequence[type], build: Callable[[type], QWidget]) -> None:
        self._classes = {cls.name: cls for cls in classes}
        self._build = build
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, name: str) -> QWidget:
        tab = self._built.get(name)
        if tab is None:
            cls = self._classes[name]  # KeyError for an unknown name, as a dict
            tab = self._built[name] = self._build(cls)
        return tab

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def titles(self) -> dict[str, str]:
        """Name → title of every tab, built or not."""
        return {name: cls.title for name, cls in self._classes.items()}

    def built(self) -> dict[str, QWidget]:
        """The tabs built so far, in tab order."""
        return {name: self._built[name] for name in self._classes if name in self._built}
