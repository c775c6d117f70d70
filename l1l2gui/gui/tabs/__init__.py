"""One module per tab. A tab is a QWidget with the attributes :class:`MainWindow` uses:
``name``, ``title``, ``model`` (its core :class:`~l1l2gui.core.tabs.TabModel`),
``figure`` (a QGraphicsView), ``finished_run``, ``preset``, ``statusMessage``,
``state()``/``restore()``, ``reset_defaults()`` and ``stop()``.
Adding a tab means adding its class to :data:`TAB_CLASSES`.
"""

from __future__ import annotations

from .training import TrainingTab

TAB_CLASSES = (TrainingTab,)
