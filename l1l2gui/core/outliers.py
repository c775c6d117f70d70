"""One outlier against gradient-boosted trees fitted with absolute and squared error.

Base points ``x_i = i·x_step`` (i = 0..n_points−1) with
``y_i = slope·x_i + intercept + noise·u_i``, ``u_i`` uniform in [−1, 1] drawn from
``seed``; one outlier at (``outlier_x``, ``outlier_y``). Each chosen loss fits a
scikit-learn ``GradientBoostingRegressor`` with and without the outlier, predicted
over a dense x grid. Fits grow in chunks of trees with ``warm_start=True`` so a
partial ensemble can be drawn at once; the complete fit equals a single ``fit()``
with the same arguments (scikit-learn keeps its random state across warm starts).

scikit-learn is imported inside the functions that fit: the window shows first.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cooperate import pause_point
from .csv_points import CsvPoints, load_points
from .fields import Field, validate
from .imported_data import adopted, data_path

LOSSES = ("l1", "l2", "huber", "quantile")
REQUIRED_LOSSES = ("l1", "l2")
SKLEARN_LOSS = {
    "l1": "absolute_error",
    "l2": "squared_error",
    "huber": "huber",
    "quantile": "quantile",
}
LOSS_LABELS = {
    "l1": "L1 absolute_error",
    "l2": "L2 squared_error",
    "huber": "Huber",
    "quantile": "quantile 0.5",
}
MODEL_FAMILIES = ("boosting", "linear")
FAMILY_HELP = (
    "boosting: GradientBoostingRegressor; linear: LinearRegression (L2), "
    "QuantileRegressor at 0.5 (L1), HuberRegressor"
)
GRID_POINTS = 601
GRID_PAD_STEPS = 2.0  # the source notebook plotted from x_first − 2·x_step to x_last + 2·x_step
CHUNK_SECONDS = 0.010  # compute per chunk of trees (and its prediction), one chunk per yield


@dataclass(frozen=True)
class OutlierParams:
    """Data, outlier and GradientBoostingRegressor settings (scikit-learn's names)."""

    n_points: int = 4
    x_step: float = 3.0
    slope: float = 2.0
    intercept: float = 5.0
    noise: float = 2.0
    seed: int = 0
    outlier_x: float = 5.0
    outlier_y: float = 10.0
    n_estimators: int = 5
    learning_rate: float = 0.1
    max_depth: int = 3
    random_state: int = 0
    losses: tuple[str, ...] = ("l1", "l2")
    model_family: str = "boosting"
    sweep_points: int = 31
    seeds_repeat: int = 0
    data_file: str = ""  # a CSV of base points replaces the generated ones
    data_sha256: str = ""  # set from the file's bytes by resolve_data(), not typed

    @property
    def x_range(self) -> tuple[float, float]:
        """The plotted (and fitted-over) x range; depends on the base data only."""
        first, last, step = data_extent(self)
        pad = GRID_PAD_STEPS * step
        return first - pad, last + pad


OUTLIER_FIELDS: tuple[Field, ...] = (
    Field("n_points", "base points", int, 2, 200, help="number of points without the outlier"),
    Field("x_step", "x step", float, 0.1, 100.0, help="x_i = i·x_step"),
    Field("slope", "slope", float, -100.0, 100.0, help="y = slope·x + intercept + noise"),
    Field("intercept", "intercept", float, -1000.0, 1000.0, help="y at x = 0 before noise"),
    Field("noise", "noise", float, 0.0, 100.0, help="uniform noise in [−noise, noise]"),
    Field("seed", "seed", int, 0, 2**31 - 1, help="seed of the noise"),
    Field("outlier_x", "outlier x", float, -10_000.0, 10_000.0, help="drag it, or type it"),
    Field("outlier_y", "outlier y", float, -10_000.0, 10_000.0, help="drag it, or type it"),
    Field("n_estimators", "n_estimators", int, 1, 1000, help="trees per fit"),
    Field("learning_rate", "learning_rate", float, 0.001, 1.0, log_scale=True, help="shrinkage"),
    Field("max_depth", "max_depth", int, 1, 10, help="depth of each tree"),
    Field("random_state", "random_state", int, 0, 2**31 - 1, help="passed to scikit-learn"),
    Field("losses", "losses", tuple, choices=LOSSES, help="L1 and L2 always; Huber, quantile"),
    Field("model_family", "model", str, choices=MODEL_FAMILIES, help=FAMILY_HELP),
    Field("sweep_points", "sweep points", int, 3, 200, help="outlier x positions of the sweep"),
    Field("seeds_repeat", "seeds", int, 0, 1000, help="noise draws for the claim over seeds"),
    Field("data_file", "data file", str, help="CSV of base points x,y (empty: generated)"),
)


def validate_outliers(params: OutlierParams) -> None:
    """Raise ``ValueError`` naming the parameter that is out of range."""
    validate(params, OUTLIER_FIELDS)
    missing = [loss for loss in REQUIRED_LOSSES if loss not in params.losses]
    if missing:
        raise ValueError(
            f"losses={','.join(params.losses)}: must include l1 and l2 (missing {missing[0]})"
        )
    if params.data_file and params.seeds_repeat:
        raise ValueError(
            f"seeds_repeat={params.seeds_repeat}: the claim over seeds redraws the noise of "
            "generated data; with a data file it must be 0"
        )
    lo, hi = params.x_range
    if not lo <= params.outlier_x <= hi:
        raise ValueError(
            f"outlier_x={params.outlier_x:g}: must be between {lo:g} and {hi:g} "
            "(the plotted x range)"
        )


def base_data(params: OutlierParams) -> tuple[np.ndarray, np.ndarray]:
    """The base points (x, y) without the outlier; the noise scales one fixed draw.

    With ``data_file`` set, the file's points (checked against ``data_sha256``).
    """
    if params.data_file:
        points = file_points(params)
        return points.x, points.y
    x = np.arange(params.n_points) * params.x_step
    u = np.random.default_rng(params.seed).uniform(-1.0, 1.0, params.n_points)
    return x, params.slope * x + params.intercept + params.noise * u


def file_points(params: OutlierParams) -> CsvPoints:
    """The points of ``params.data_file``, refused if its bytes no longer hash as recorded.

    Points already read for this path and hash are reused without touching the disk:
    drawing code asks for them often, and a file deleted after it was read must not
    break a picture of the points it held.
    """
    known = _BY_HASH.get((params.data_file, params.data_sha256))
    if known is not None:
        return known
    known = adopted(params.data_file)
    if known is not None and known.sha256 == params.data_sha256:
        return known
    points = _read_points(params.data_file)
    if params.data_sha256 and points.sha256 != params.data_sha256:
        raise ValueError(
            f"data_file={params.data_file}: the file changed since it was read "
            "(its content hash differs); import it again"
        )
    return points


def _read_points(path: str) -> CsvPoints:
    # read once per version of the file: params are rebuilt on every drag move
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise ValueError(f"data_file={path}: {exc.strerror or exc}") from None
    return _read_points_cached(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read_points_cached(path: str, _mtime_ns: int, _size: int) -> CsvPoints:
    points = load_points(path)
    _remember(points)
    return points


def _remember(points: CsvPoints) -> None:
    if (points.path, points.sha256) in _BY_HASH:
        return
    if len(_BY_HASH) >= 16:  # the oldest goes (a worker may be reading the others)
        _BY_HASH.pop(next(iter(_BY_HASH)), None)
    _BY_HASH[(points.path, points.sha256)] = points


_BY_HASH: dict[tuple[str, str], CsvPoints] = {}


def resolve_data(params: OutlierParams, points: CsvPoints | None = None) -> OutlierParams:
    """``params`` with ``data_file`` made absolute and ``data_sha256`` its content hash.

    The points are ``points`` when given (an import or a session being checked),
    else those adopted for the path (:mod:`.imported_data`), else the file's.
    Raises ``ValueError`` naming the line of a malformed file. Without a data
    file, the hash is cleared.
    """
    if not params.data_file:
        return dataclasses.replace(params, data_sha256="")
    if points is None:
        path = data_path(params.data_file)
        points = adopted(path) or _read_points(path)
    _remember(points)
    return dataclasses.replace(params, data_file=points.path, data_sha256=points.sha256)


def data_extent(params: OutlierParams) -> tuple[float, float, float]:
    """First and last base x and the x step the plot is padded by."""
    if params.data_file:
        points = file_points(params)
        return float(points.x.min()), float(points.x.max()), points.x_step
    return 0.0, (params.n_points - 1) * params.x_step, params.x_step


def fit_grid(params: OutlierParams) -> np.ndarray:
    """The dense x grid every fit is predicted on."""
    return np.linspace(*params.x_range, GRID_POINTS)


def training_set(params: OutlierParams, with_outlier: bool) -> tuple[np.ndarray, np.ndarray]:
    """The (X, y) a fit is trained on: the base points, the outlier last if included."""
    x, y = base_data(params)
    if with_outlier:
        x, y = np.append(x, params.outlier_x), np.append(y, params.outlier_y)
    return x[:, None], y


def regressor_kwargs(params: OutlierParams, loss: str) -> dict[str, Any]:
    """GradientBoostingRegressor arguments for ``loss``; everything else at its default."""
    kwargs: dict[str, Any] = {
        "loss": SKLEARN_LOSS[loss],
        "n_estimators": params.n_estimators,
        "learning_rate": params.learning_rate,
        "max_depth": params.max_depth,
        "random_state": params.random_state,
    }
    if loss == "quantile":
        kwargs["alpha"] = 0.5  # the median: the quantile loss is then half the L1 loss
    return kwargs


def single_fit(params: OutlierParams, loss: str, with_outlier: bool):
    """One plain ``fit()`` (no warm start): the reference the grown fits must equal."""
    from sklearn.ensemble import GradientBoostingRegressor

    X, y = training_set(params, with_outlier)
    return GradientBoostingRegressor(**regressor_kwargs(params, loss)).fit(X, y)


def without_key(params: OutlierParams) -> OutlierParams:
    """What the fits without the outlier depend on: everything but the outlier."""
    # the views' settings (sweep, seeds) do not change a fit either
    return dataclasses.replace(params, outlier_x=0.0, outlier_y=0.0, sweep_points=0, seeds_repeat=0)


@dataclass(frozen=True)
class Fit:
    """One loss's fit so far: ``trees`` of ``n_estimators`` grown, predicted on the grid.

    ``model`` is the fitted regressor once complete (None while growing: the
    estimator is still being changed by later chunks).
    """

    loss: str
    with_outlier: bool
    trees: int
    total: int
    y: np.ndarray
    init: float  # the constant the trees start from (median for L1, mean for L2)
    model: Any = None
    key: Any = None  # the without_key of the parameters it was fitted for

    @property
    def name(self) -> str:
        return self.loss if self.with_outlier else f"{self.loss}_without"

    @property
    def complete(self) -> bool:
        return self.trees == self.total


@dataclass(frozen=True)
class OutlierRun:
    """A snapshot: every fit with at least one tree so far (keyed by :attr:`Fit.name`)."""

    params: OutlierParams
    grid: np.ndarray
    x: np.ndarray
    y: np.ndarray
    fits: Mapping[str, Fit] = field(default_factory=dict)
    at_outlier: Mapping[str, float] = field(default_factory=dict)  # each fit at outlier_x

    @property
    def finished(self) -> bool:
        names = fit_names(self.params)
        return all(n in self.fits and self.fits[n].complete for n in names)

    @property
    def progress(self) -> float:
        total = len(fit_names(self.params)) * self.params.n_estimators
        return sum(f.trees for f in self.fits.values()) / total

    def shift(self, loss: str) -> float:
        """Mean |fit with − fit without| over the grid (NaN until both exist)."""
        a, b = self.fits.get(loss), self.fits.get(f"{loss}_without")
        if a is None or b is None:
            return float("nan")
        return float(np.mean(np.abs(a.y - b.y)))

    def residual(self, name: str) -> float:
        """outlier_y − fit ``name`` (as grown so far) at outlier_x; NaN before its first tree."""
        at = self.at_outlier.get(name)
        return float("nan") if at is None else self.params.outlier_y - at

    def without_fits(self) -> dict[str, Fit]:
        """The complete fits without the outlier, to reuse while only the outlier moves."""
        return {n: f for n, f in self.fits.items() if not f.with_outlier and f.complete}


def fit_names(params: OutlierParams) -> tuple[str, ...]:
    return (*params.losses, *(f"{loss}_without" for loss in params.losses))


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _pause_between_trees(_stage, _model, _state) -> bool:
    """scikit-learn's ``monitor``, called after each tree: a pause point (see
    :mod:`.cooperate`), never a stop, so the trees are those of one ``fit()``."""
    pause_point()
    return False


class _Grower:
    """One warm-started regressor grown chunk by chunk (lives inside one stream)."""

    def __init__(self, params: OutlierParams, loss: str, with_outlier: bool, grid_X, point) -> None:
        from sklearn import config_context
        from sklearn.ensemble import GradientBoostingRegressor

        # the data were checked once here: skipping scikit-learn's per-call validation
        # cuts the fixed cost of each warm-started chunk (the arithmetic is the same)
        self.fast = lambda: config_context(assume_finite=True, skip_parameter_validation=True)

        self.loss, self.with_outlier, self.total = loss, with_outlier, params.n_estimators
        self.key = without_key(params)
        self.X, self.y = training_set(params, with_outlier)
        self.grid_X, self.point = grid_X, point
        # grid and outlier in one float32 array, as predict() converts them: partial
        # ensembles add only their new trees to the running sum (the loop predict() runs)
        self.Xq = np.ascontiguousarray(np.vstack([grid_X, point]), dtype=np.float32)
        self.raw: np.ndarray | None = None
        kwargs = regressor_kwargs(params, loss) | {"n_estimators": 0, "warm_start": True}
        self.model = GradientBoostingRegressor(**kwargs)
        self.trees = 0
        self.seconds_per_tree = 0.0

    def grow(self, chunk_seconds: float) -> tuple[Fit, float]:
        # first chunk one tree: a picture appears at once; then as many as fit the budget
        if self.trees == 0 or self.seconds_per_tree <= 0:
            n = 1
        else:
            n = max(1, int(chunk_seconds / self.seconds_per_tree))
        n = min(n, self.total - self.trees)
        # sized by this thread's CPU time, not wall time: on a busy machine the wall
        # time of a chunk includes waiting for a core, and sizing by it would shrink
        # the chunks and multiply scikit-learn's fixed cost per fit() call
        start = time.thread_time()
        self.model.set_params(n_estimators=self.trees + n)
        from sklearn.ensemble._gradient_boosting import predict_stages

        with self.fast():
            self.model.fit(self.X, self.y, monitor=_pause_between_trees)
            if self.raw is None:
                self.raw = self.model._raw_predict_init(self.Xq)
            new = self.model.estimators_[self.trees : self.trees + n]
            predict_stages(new, self.Xq, self.model.learning_rate, self.raw)
            if self.trees + n == self.total:  # the complete fit through the public API
                y = _readonly(self.model.predict(self.grid_X))
                at = float(self.model.predict(self.point)[0])
            else:
                y, at = _readonly(self.raw[:-1, 0].copy()), float(self.raw[-1, 0])
        self.seconds_per_tree = (time.thread_time() - start) / n
        self.trees += n
        done = self.trees == self.total
        init = float(self.model.init_.constant_.ravel()[0])
        model = self.model if done else None
        fit = Fit(self.loss, self.with_outlier, self.trees, self.total, y, init, model, self.key)
        return fit, at


def stream_fits(
    params: OutlierParams,
    without: Mapping[str, Fit] | None = None,
    chunk_seconds: float | Callable[[], float] = CHUNK_SECONDS,
) -> Iterator[OutlierRun]:
    """Grow every fit of ``params`` in chunks, yielding a snapshot after each chunk.

    ``without`` holds complete fits without the outlier from an earlier run; those
    fitted for the same :func:`without_key` are reused, the others refitted. Each
    step fits one chunk of about ``chunk_seconds`` of CPU (a callable is asked before
    each chunk: a caller may want short steps while it is busy, and full ones once it
    waits for the result; the fits are the same either way); the fit with the smallest
    share of its trees goes next, so all fits grow together. Raises ``ValueError``
    for out-of-range parameters.
    """
    validate_outliers(params)
    if params.model_family == "linear":
        from .linear_fits import stream_linear_fits

        yield from stream_linear_fits(params, without)
        return
    grid = _readonly(fit_grid(params))
    x, y = base_data(params)
    fits: dict[str, Fit] = {}
    for name in fit_names(params):
        reused = (without or {}).get(name)
        if reused is not None and reused.complete and reused.key == without_key(params):
            fits[name] = reused
    point = np.array([[params.outlier_x]])
    growers = [
        _Grower(params, loss, with_outlier, grid[:, None], point)
        for with_outlier in (True, False)
        for loss in params.losses
        if (loss if with_outlier else f"{loss}_without") not in fits
    ]
    at_outlier = {name: float(fit.model.predict(point)[0]) for name, fit in fits.items()}
    if not growers:
        yield OutlierRun(params, grid, x, y, dict(fits), dict(at_outlier))
        return
    while growers:
        grower = min(growers, key=lambda g: g.trees / g.total)
        seconds = chunk_seconds() if callable(chunk_seconds) else chunk_seconds
        fit, at_outlier[fit.name] = grower.grow(seconds)
        fits[fit.name] = fit
        if fit.complete:
            growers.remove(grower)
        yield OutlierRun(params, grid, x, y, dict(fits), dict(at_outlier))


def compute(params: OutlierParams) -> OutlierRun:
    """Every fit of ``params`` grown to the end (the CLI's and the tests' entry)."""
    return deque(stream_fits(params), maxlen=1)[0]
