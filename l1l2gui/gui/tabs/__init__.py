"""One package per tab (``tab.py`` controls and wiring, ``figure.py`` plot items,
``text.py`` explanation). A tab is a QWidget with what :class:`MainWindow`, the CLI
and the self-test use:

- ``name``, ``title``: the registry key (as in :data:`l1l2gui.core.tabs.TAB_MODELS`)
  and the tab's label, as class attributes: the window lists every tab at start-up
  but builds one only when it is first shown or asked for (``window.tabs[name]``);
- ``model``: its core :class:`~l1l2gui.core.tabs.TabModel`;
- ``figure``: the QGraphicsView that File → Export figure saves (for a tab with
  several views, the view on screen);
- ``finished_run``: the last complete result (``model.series``/``model.metrics``
  accept it; it has ``.params``), or None;
- ``export_result`` (optional): what File → Export data writes when it is more
  than ``finished_run`` (views completed apart from the main run);
- ``preset``: the preset name the parameters match, or None;
- ``statusMessage`` (Signal(str)) and ``runFinished`` (Signal(int), a request id:
  emitted when a complete result has been drawn);
- ``state()``/``restore(state)`` for the settings (restore raises ``ValueError``
  naming the bad key and changes nothing), ``reset_defaults()``, ``stop()``;
- ``export_figure(result, width, height)`` (static): a stand-alone figure of a
  complete result, drawn as the tab draws it, for the CLI.

Adding a tab means adding its class to :data:`TAB_CLASSES`.
"""

from __future__ import annotations

from .likelihood import LikelihoodTab
from .outliers import OutliersTab
from .regularization import RegularizationTab
from .training import TrainingTab

TAB_CLASSES = (TrainingTab, RegularizationTab, OutliersTab, LikelihoodTab)
