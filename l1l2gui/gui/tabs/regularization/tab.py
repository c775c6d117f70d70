"""The Regularization tab: the diamond and the circle (view 1), how often L1 gives a zero
(view 2), one weight step by step (view 3), coefficient paths on real data (view 4).

Worker channels: the geometry (exact optima, paths, contours: about a millisecond)
follows every drag of c; the Monte Carlo streams its counts on its own channel and
only restarts when its own parameters change. Views 3 and 4 own their channels
(``regularization/walkthrough``, ``regularization/paths`` and ``…/paths-alpha``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import QSignalThrottler

from ....core.fields import as_dict
from ....core.presets import presets_for
from ....core.regularization_geometry import Geometry, geometry, path_facts
from ....core.regularization_mc import MonteCarlo, RegularizationResult, run_monte_carlo
from ....core.tabs import tab_model
from ...widgets.explanation import ExplanationPanel
from ...widgets.live_widgets import LiveLabel, LiveProgressBar
from ...widgets.param_form import ParamForm
from ...widgets.tips import PRESET_TIP, defaults_tip
from ...worker import ComputeWorker
from .all_figure import view_figure
from .figure import GeometryView, MonteCarloView
from .mc_figure import SCATTER_STEP
from .paths_view import PathsView
from .text import geometry_html, geometry_readout, mc_html, mc_readout
from .walkthrough_view import WalkthroughView

GEOMETRY_KEYS = ("center_w1", "center_w2", "axis_ratio", "angle_deg", "radius")
MC_KEYS = ("radius", "trials", "seed", "tolerance")
WALK_KEYS = ("x", "y", "lam", "alpha", "w0", "steps")
PATHS_KEYS = ("path_alpha", "cv_folds", "cv_seed")
VIEW_LABELS = (
    "Diamond and circle",
    "How often exactly zero?",
    "One weight, step by step",
    "Coefficient paths",
)
GEO_CHANNEL = "regularization/geometry"
MC_CHANNEL = "regularization/mc"
DEFAULT_PRESET = "diamond-vs-circle"
VIEW_TIPS = (
    "The L1 diamond and the L2 circle under elliptic loss contours: drag the centre c",
    "Thousands of random problems: how often each penalty gives a weight exactly 0",
    "One weight, step by step: subgradient, proximal and clipped L1 steps against L2",
    "Lasso and ridge coefficient paths on the diabetes data, with cross-validation",
)
CUSTOM = "(custom)"
TEXT_MS = 200


def _geometry_job(params):
    def make(_is_cancelled):
        geo = geometry(params)
        yield geo, path_facts(geo)

    return make


def _mc_job(params):
    return lambda _is_cancelled: run_monte_carlo(params)


class RegularizationTab(QWidget):
    """Parameters left; two views (each with its explanation) on the right."""

    name = "regularization"
    title = "Regularization"
    statusMessage = Signal(str)
    runFinished = Signal(int)
    geometryDrawn = Signal(int)  # request id of the geometry just drawn
    monteCarloDrawn = Signal(int)  # trials drawn so far

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = tab_model(self.name)
        self._worker = worker
        by_name = {f.name: f for f in self.model.fields}
        self.form = ParamForm(tuple(by_name[k] for k in GEOMETRY_KEYS))
        self.mc_form = ParamForm(tuple(by_name[k] for k in MC_KEYS if k != "radius"))
        self._geo_request = self._mc_request = -1
        self._geo_key: tuple | None = None
        self._mc_key: tuple | None = None
        self._geo: Geometry | None = None
        self._facts = None
        self._mc: MonteCarlo | None = None
        self._finished: RegularizationResult | None = None
        self._preset: str | None = None

        self.preset_box = QComboBox()
        self.preset_box.setToolTip(PRESET_TIP)
        self.preset_box.addItem(CUSTOM)
        for preset in presets_for(self.name):
            self.preset_box.addItem(preset.name)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        # preset names are long: the combo shrinks with the panel and tooltips say the rest
        self.preset_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset_box.setMinimumContentsLength(10)
        self.defaults_button = QPushButton("Defaults")
        self.defaults_button.setToolTip(defaults_tip(DEFAULT_PRESET))
        self.geometry_view = GeometryView()
        self.mc_view = MonteCarloView()
        self.geo_readout = LiveLabel(wrap=True)  # both change every frame of a drag
        self.mc_readout = LiveLabel(wrap=True)
        self.geo_text = ExplanationPanel()
        self.mc_text = ExplanationPanel()
        self.progress = LiveProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat("trials %p%")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the Monte Carlo; the trials counted so far stay shown")
        self.rerun_button = QPushButton("Run again")
        self.rerun_button.setToolTip("Run the Monte Carlo again with the current parameters")
        self.walk_view = WalkthroughView(worker)
        self.paths_view = PathsView(worker)
        self.views = QTabWidget()
        self._layout()

        self._throttler = QSignalThrottler(parent=self)
        self._throttler.setTimeout(16)
        self._throttler.triggered.connect(self.recompute)
        # re-laying out an explanation costs several ms: while c is dragged or trials
        # stream, it follows at most every TEXT_MS (the readouts follow every frame)
        self._text_throttler = QSignalThrottler(parent=self)
        self._text_throttler.setTimeout(TEXT_MS)
        self._text_throttler.triggered.connect(self._update_texts)
        self._texts_for: tuple = (None, None)
        self._mc_more = QTimer(self)  # the scatters' next step, in the next turn
        self._mc_more.setSingleShot(True)
        self._mc_more.setInterval(0)
        self._mc_more.timeout.connect(self._show_mc)
        self.form.edited.connect(self._on_edited)
        self.mc_form.edited.connect(self._on_edited)
        self.preset_box.activated.connect(lambda i: self.apply_preset(self.preset_box.itemText(i)))
        self.defaults_button.clicked.connect(self.reset_defaults)
        self.geometry_view.parts.target.sigPositionChanged.connect(self._on_target_moved)
        for panel in (self.geo_text, self.mc_text):
            panel.setOpenLinks(False)
            panel.anchorClicked.connect(self._on_anchor)
        for view in (self.walk_view, self.paths_view):
            view.edited.connect(self._on_edited)
            view.linkActivated.connect(lambda text: self._on_anchor(QUrl(text)))
        self.walk_view.drawn.connect(self._check_complete)
        self.paths_view.drawn.connect(self._check_complete)
        self.paths_view.alphaDrawn.connect(lambda _a: self._check_complete(-1))
        self.views.currentChanged.connect(self._show_groups)
        self.cancel_button.clicked.connect(self.cancel_monte_carlo)
        self.rerun_button.clicked.connect(lambda: self.recompute(force=True))
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)
        worker.busyChanged.connect(self._on_busy)
        self.apply_preset(DEFAULT_PRESET)

    def _layout(self) -> None:
        left = QWidget()
        col = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel("Preset"))
        row.addWidget(self.preset_box, 1)
        col.addLayout(row)
        col.addWidget(self.defaults_button)
        # each view's parameters; only the current view's groups are shown
        self._groups: list[tuple[QGroupBox, tuple[int, ...]]] = []
        for title, form, views in (
            ("Loss and ball", self.form, (0, 1)),
            ("Monte Carlo", self.mc_form, (1,)),
            ("One weight", self.walk_view.form, (2,)),
            ("Diabetes paths", self.paths_view.form, (3,)),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(form)
            col.addWidget(box)
            self._groups.append((box, views))
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # wide enough for the widest view's groups with a vertical scroll bar beside them:
        # a narrower panel cut the preset combo's arrow and the spin boxes' right edges
        for box, _views in self._groups:
            box.setVisible(True)
        needed = (
            left.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
        )
        scroll.setMinimumWidth(max(250, needed))
        self.left_panel = scroll

        geo_page = QWidget()
        geo_col = QVBoxLayout(geo_page)
        geo_col.setContentsMargins(0, 0, 0, 0)
        geo_col.addWidget(self.geometry_view, 1)
        geo_col.addWidget(self.geo_readout)
        mc_page = QWidget()
        mc_col = QVBoxLayout(mc_page)
        mc_col.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.rerun_button)
        mc_col.addLayout(bar)
        mc_col.addWidget(self.mc_view, 1)
        mc_col.addWidget(self.mc_readout)
        for page, text, label in (
            (geo_page, self.geo_text, "Diamond and circle"),
            (mc_page, self.mc_text, "How often exactly zero?"),
        ):
            split = QSplitter(Qt.Orientation.Horizontal)
            split.addWidget(page)
            split.addWidget(text)
            split.setStretchFactor(0, 1)
            split.setSizes([700, 300])
            self.views.addTab(split, label)
        self.views.addTab(self.walk_view, VIEW_LABELS[2])
        self.views.addTab(self.paths_view, VIEW_LABELS[3])
        self.views.setDocumentMode(True)
        for i, tip in enumerate(VIEW_TIPS):
            self.views.setTabToolTip(i, tip)
        self._show_groups(0)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.views)
        split.setStretchFactor(1, 1)
        split.setSizes([scroll.minimumWidth(), 1050])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    @Slot(int)
    def _show_groups(self, index: int) -> None:
        # view 1 also shows the Monte Carlo's settings: both views share the ball size t
        for box, views in self._groups:
            box.setVisible(index in views or (index == 0 and 1 in views))

    @property
    def figure(self):
        """The view on screen (what File → Export figure saves)."""
        return (
            self.geometry_view,
            self.mc_view,
            self.walk_view.figure,
            self.paths_view.figure,
        )[self.views.currentIndex()]

    @property
    def explanation(self) -> ExplanationPanel:
        """The explanation beside the view on screen."""
        return (self.geo_text, self.mc_text, self.walk_view.text, self.paths_view.text)[
            self.views.currentIndex()
        ]

    def show_explanation(self) -> None:
        """F1: the current view's explanation gets the keyboard."""
        self.explanation.show()
        self.explanation.setFocus()

    def fit_view(self) -> None:
        """Ctrl+0: the balls and c in the weight plane; the Monte Carlo plots reset."""
        index = self.views.currentIndex()
        if index == 2:
            self.walk_view.figure.parts.reset()
        elif index == 3:
            self.paths_view.figure.parts.reset()
        elif index == 0 and self._geo is not None:
            self.geometry_view.parts.frame(self._geo.params.center, self._geo.params.radius)
        elif self._mc is not None:
            self.mc_view.parts.reset()
            self._show_mc()

    @staticmethod
    def export_figure(
        result: RegularizationResult,
        width: int | None = None,
        height: int | None = None,
        view: str = "all",
    ):
        """A complete result as the tab draws it (for the CLI): the four views two by two
        (``view="all"``, 1400×1360 unless sized), or one of ``geometry``, ``monte-carlo``,
        ``walkthrough``, ``paths`` (1000×760 unless sized)."""
        default = (1400, 1360) if view == "all" else (1000, 760)
        return view_figure(result, view, width or default[0], height or default[1])

    # ---------------------------------------------------------------- state
    def form_values(self) -> dict[str, Any]:
        return {
            **self.form.values(),
            **self.mc_form.values(),
            **self.walk_view.values(),
            **self.paths_view.values(),
        }

    def params(self) -> Any:
        """The forms' parameters, validated by the core (raises ``ValueError``)."""
        return self.model.params(values=self.form_values())

    @property
    def finished_run(self) -> RegularizationResult | None:
        return self._finished

    @property
    def geometry_result(self) -> Geometry | None:
        return self._geo

    @property
    def monte_carlo(self) -> MonteCarlo | None:
        return self._mc

    @property
    def preset(self) -> str | None:
        return self._preset

    def state(self) -> dict[str, Any]:
        return {
            "params": as_dict(self.model.params_type(**self.form_values())),
            "preset": self._preset,
            "view": self.views.currentIndex(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Apply saved state; raises ``ValueError`` naming a bad key, changing nothing."""
        params = self.model.params(values=state.get("params", {}))
        view = state.get("view", 0)
        if view not in range(len(VIEW_LABELS)):
            raise ValueError(f"view={view!r}: must be 0, 1, 2 or 3")
        self._show_params(params)
        self.views.setCurrentIndex(view)
        preset = state.get("preset")
        self._set_preset_label(preset if self._matches_preset(preset, params) else None)
        self.recompute(force=True)

    def apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            return
        self._show_params(self.model.params(preset=name))
        self._set_preset_label(name)
        self.recompute(force=True)

    def reset_defaults(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    @property
    def forms(self) -> tuple[ParamForm, ...]:
        return (self.form, self.mc_form, self.walk_view.form, self.paths_view.form)

    def set_values(self, values: dict[str, Any]) -> None:
        """Show ``values`` in the forms (unnamed keys keep theirs) and recompute."""
        for form in self.forms:
            form.set_values(values)
        self._on_edited()

    def _show_params(self, params: Any) -> None:
        values = as_dict(params)
        for form in self.forms:
            form.set_values(values)

    def _matches_preset(self, name: str | None, params: Any) -> bool:
        try:
            return name is not None and self.model.params(preset=name) == params
        except ValueError:
            return False

    def _set_preset_label(self, name: str | None) -> None:
        self._preset = name
        index = self.preset_box.findText(name) if name else 0
        self.preset_box.setCurrentIndex(max(index, 0))

    # -------------------------------------------------------------- compute
    def _on_edited(self) -> None:
        self._throttler.throttle()

    def _on_target_moved(self, target) -> None:
        pos = target.pos()
        x, y = float(pos.x()), float(pos.y())
        field = next(f for f in self.model.fields if f.name == "center_w1")
        cx = min(max(x, field.minimum), field.maximum)
        cy = min(max(y, field.minimum), field.maximum)
        if (cx, cy) != (x, y):
            self.statusMessage.emit(
                f"c stays within {field.minimum:g} … {field.maximum:g} in each weight"
            )
            target.blockSignals(True)
            target.setPos(cx, cy)
            target.blockSignals(False)
        self.form.set_values({"center_w1": cx, "center_w2": cy})
        self._on_edited()

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        kind, _, rest = text.partition(":")
        if kind == "preset":
            self.apply_preset(rest)
        elif kind == "set":
            values = dict(item.split("=", 1) for item in rest.split("&"))
            self.set_values({k: float(v) for k, v in values.items()})
            if "path_alpha" in values:  # the line moves now, not one round trip later
                self.paths_view.figure.parts.set_alpha(float(values["path_alpha"]))

    def recompute(self, force: bool = False) -> None:
        """Validate the forms; ask for the geometry and the Monte Carlo if their inputs changed."""
        try:
            params = self.params()
        except ValueError as exc:
            key = str(exc).split("=", 1)[0]
            owner = self._form_of(key)
            for form in self.forms:
                form.show_error(str(exc) if form is owner else "")
            self.statusMessage.emit(str(exc))
            return
        for form in self.forms:
            form.show_error("")
        if self._preset and not self._matches_preset(self._preset, params):
            self._set_preset_label(None)
        geo_key = tuple(getattr(params, k) for k in GEOMETRY_KEYS)
        mc_key = tuple(getattr(params, k) for k in MC_KEYS)
        if force or geo_key != self._geo_key:
            self._geo_key = geo_key
            self._geo_request = self._worker.submit(GEO_CHANNEL, _geometry_job(params))
        if force or mc_key != self._mc_key:
            self._mc_key = mc_key
            self._mc_request = self._worker.submit(MC_CHANNEL, _mc_job(params))
            self.progress.setValue(0)
            self.cancel_button.setEnabled(True)
        self.walk_view.submit(params.walkthrough, force)
        self.paths_view.submit(params.paths, force)

    def _form_of(self, key: str) -> ParamForm:
        if key in MC_KEYS and key != "radius":
            return self.mc_form
        if key in WALK_KEYS:
            return self.walk_view.form
        if key in PATHS_KEYS:
            return self.paths_view.form
        return self.form

    def cancel_monte_carlo(self) -> None:
        """Stop the Monte Carlo; the counts so far stay on screen."""
        self._worker.cancel(MC_CHANNEL)
        self._mc_key = None  # the next edit or "Run again" starts it afresh
        done = self._mc.done if self._mc is not None else 0
        self.statusMessage.emit(f"Monte Carlo cancelled after {done} trials per family.")

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel == GEO_CHANNEL and request == self._geo_request:
            geo, facts = result
            first, self._geo = self._geo is None, geo
            parts = self.geometry_view.parts
            dragging = parts.target.moving
            parts.show(geo, move_target=not dragging)
            # the first picture is framed whether the tab was on screen or not (the
            # auto-range of a shown plot takes in every contour and shrinks the balls)
            if not dragging and (first or not self._visible(geo)):
                parts.frame(geo.params.center, geo.params.radius)
            self._facts = facts
            self.geo_readout.setText(geometry_readout(geo))
            self._text_throttler.throttle()
            self.geometryDrawn.emit(request)
            self._check_complete(request)
        elif channel == MC_CHANNEL and request == self._mc_request:
            self._mc = result
            self._show_mc()
            self.mc_readout.setText(mc_readout(result))
            self.progress.setValue(int(1000 * result.progress))
            if result.finished:
                self._update_texts()  # the final numbers at once
            else:
                self._text_throttler.throttle()
            self.monteCarloDrawn.emit(result.done)
            self._check_complete(request)

    def _show_mc(self) -> None:
        """Draw the newest Monte Carlo; its scatters catch up a step per turn."""
        if self._mc is not None and not self.mc_view.parts.show(self._mc, SCATTER_STEP):
            self._mc_more.start()

    def _update_texts(self) -> None:
        """Explain the newest geometry and Monte Carlo (each only if it changed)."""
        geo, mc = self._geo, self._mc
        if geo is not None and geo is not self._texts_for[0]:
            self.geo_text.set_html(geometry_html(geo, self._facts))
        if mc is not None and mc is not self._texts_for[1]:
            self.mc_text.set_html(mc_html(mc))
        self._texts_for = (geo, mc)

    def _visible(self, geo: Geometry) -> bool:
        (x0, x1), (y0, y1) = self.geometry_view.parts.plot.viewRange()
        c, t = geo.params.center, geo.params.radius
        inside_x = x0 < min(c[0], -t) and max(c[0], t) < x1
        return bool(inside_x and y0 < min(c[1], -t) and max(c[1], t) < y1)

    def _check_complete(self, request: int) -> None:
        geo, mc, walk = self._geo, self._mc, self.walk_view.result
        if geo is None or mc is None or not mc.finished or walk is None:
            return
        try:
            params = self.params()
        except ValueError:
            return
        paths = self.paths_view.result(params.paths)
        if paths is None or walk.params != params.walkthrough:
            return
        same_geo = tuple(getattr(geo.params, k) for k in GEOMETRY_KEYS) == self._geo_key
        same_mc = tuple(getattr(mc.params, k) for k in MC_KEYS) == self._mc_key
        if (
            same_geo
            and same_mc
            and self._geo_key == tuple(getattr(params, k) for k in GEOMETRY_KEYS)
        ):
            self._finished = RegularizationResult(params, geo, mc, walk, paths)
            self.statusMessage.emit(
                f"Solved exactly: {mc.done} trials per family; L1 optimum {_where(geo)}."
            )
            self.runFinished.emit(request if request >= 0 else self._mc_request)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel == MC_CHANNEL:
            self.cancel_button.setEnabled(busy)

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if (channel, request) in ((GEO_CHANNEL, self._geo_request), (MC_CHANNEL, self._mc_request)):
            self.form.show_error(message)
            self.statusMessage.emit(message)

    def stop(self) -> None:
        """Cancel both computations (the window is closing)."""
        self._throttler.cancel()
        self._text_throttler.cancel()
        self._mc_more.stop()
        self._worker.cancel(GEO_CHANNEL)
        self._worker.cancel(MC_CHANNEL)
        self.walk_view.stop()
        self.paths_view.stop()


def _where(geo: Geometry) -> str:
    if geo.l1_where == "vertex":
        zero = "w1" if geo.l1[0] == 0.0 else "w2"
        return f"at a vertex ({zero} exactly 0)"
    return "on an edge" if geo.l1_where == "edge" else "inside the diamond (w = c)"
