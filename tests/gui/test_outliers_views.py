"""The Outliers tab's other views: the influence curve under the drag, the 3×3 figure,
the claim over seeds, linear fits, and CSV import (good and bad files)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from l1l2gui.core.influence import compute_influence
from l1l2gui.core.outliers import compute, fit_grid, single_fit
from l1l2gui.core.seed_claim import SeedClaim
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.outliers.background import (
    GRID_CHANNEL,
    INFLUENCE_CHANNEL,
    SEEDS_CHANNEL,
)
from l1l2gui.gui.tabs.outliers.seeds_view import claim_html, counts

WAIT_MS = 60_000
MODEL = tab_model("outliers")


@pytest.fixture
def outliers(qtbot, window):
    tab = window.tabs["outliers"]
    window.tabs_widget.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
    tab.apply_values({"sweep_points": 7})
    return tab


def view_done(tab, channel: str, **values):
    def check() -> bool:
        result = tab.background.results[channel]
        return (
            result is not None
            and tab.background._request[channel] == tab._worker.latest_id(channel)
            and all(getattr(result.params, k) == v for k, v in values.items())
        )

    return check


def test_influence_curve_drawn_equals_the_shift_at_each_position(qtbot, outliers):
    qtbot.waitUntil(view_done(outliers, INFLUENCE_CHANNEL, sweep_points=7), timeout=WAIT_MS)
    curve = outliers.background.results[INFLUENCE_CHANNEL]
    x, y = outliers.influence_view.curves["l1"].getData()
    assert np.array_equal(x, curve.x) and np.array_equal(y, curve.shift["l1"])
    i = 3
    direct = compute(dataclasses.replace(curve.params, outlier_x=float(curve.x[i])))
    assert y[i] == direct.shift("l1")
    assert outliers.influence_view.curves["l2"].getData()[1][i] == direct.shift("l2")
    assert outliers.influence_view.marker.value() == outliers.params().outlier_x
    data = outliers.export_result
    assert data.influence is curve and data.grid is None
    assert MODEL.series(data)["influence/l2"][1].tolist() == curve.shift["l2"].tolist()


def test_moving_the_outlier_sideways_keeps_the_curve_and_moves_the_marker(qtbot, outliers):
    qtbot.waitUntil(view_done(outliers, INFLUENCE_CHANNEL, sweep_points=7), timeout=WAIT_MS)
    request = outliers.background._request[INFLUENCE_CHANNEL]
    outliers.apply_values({"outlier_x": 8.0})
    assert outliers.background._request[INFLUENCE_CHANNEL] == request  # x is swept anyway
    assert outliers.influence_view.marker.value() == 8.0
    outliers.apply_values({"outlier_y": 20.0})
    assert outliers.background._request[INFLUENCE_CHANNEL] != request
    qtbot.waitUntil(view_done(outliers, INFLUENCE_CHANNEL, outlier_y=20.0), timeout=WAIT_MS)
    expected = compute_influence(outliers.params())
    got = outliers.background.results[INFLUENCE_CHANNEL]
    assert np.array_equal(got.shift["l1"], expected.shift["l1"])


def test_a_drag_pauses_the_sweep_and_restarts_it_after_the_final_fit(qtbot, outliers):
    outliers.apply_values({"n_estimators": 30})  # a sweep long enough to be caught running
    channel = INFLUENCE_CHANNEL
    qtbot.waitUntil(lambda: outliers.run is not None and outliers.run.finished, timeout=WAIT_MS)
    request = outliers.background._request[channel]
    assert outliers._worker.is_busy(channel)
    target = outliers.drag_figure.target
    target.setPos(6.0, 15.0)  # emits sigPositionChanged, as a mouse move does
    assert outliers.background.paused.is_set()
    qtbot.wait(60)
    assert outliers.background._request[channel] == request  # not restarted on a move
    target.sigPositionChangeFinished.emit(target)
    qtbot.waitUntil(lambda: outliers.background._request[channel] != request, timeout=WAIT_MS)
    # the new sweep starts only once the final position's fits are complete
    assert outliers.run.finished and outliers.run.params.outlier_y == 15.0
    assert not outliers.background.paused.is_set()
    qtbot.waitUntil(view_done(outliers, channel, outlier_y=15.0), timeout=WAIT_MS)


def test_grid_view_matches_nine_direct_fits_and_exports(qtbot, window, outliers, tmp_path):
    outliers.view_bar.setCurrentIndex(1)
    assert outliers.figure is outliers.grid_view
    qtbot.waitUntil(view_done(outliers, GRID_CHANNEL), timeout=WAIT_MS)
    figure = outliers.background.results[GRID_CHANNEL]
    params = outliers.params()
    X = fit_grid(params)[:, None]
    for i in (0, 4, 8):
        at = dataclasses.replace(params, outlier_x=float(figure.positions[i]))
        _, drawn = outliers.grid_view.curves[i]["l1"].getData()
        direct = single_fit(at, "l1", True).predict(X)
        assert np.array_equal(figure.with_fits[i]["l1"], direct)
        assert set(np.unique(drawn)) == set(np.unique(direct))
    for suffix in ("png", "svg"):
        assert window.export_figure(str(tmp_path / f"grid.{suffix}"))
        assert (tmp_path / f"grid.{suffix}").stat().st_size > 5000
    assert window.export_data(str(tmp_path / "all.json"))
    doc = json.loads((tmp_path / "all.json").read_text())
    assert doc["series"]["grid/4/fit/l2"]["y"] == figure.with_fits[4]["l2"].tolist()


def test_seeds_view_counts_and_says_what_holds(qtbot, outliers):
    outliers.apply_values({"seeds_repeat": 3})
    outliers.view_bar.setCurrentIndex(2)
    qtbot.waitUntil(view_done(outliers, SEEDS_CHANNEL, seeds_repeat=3), timeout=WAIT_MS)
    claim = outliers.background.results[SEEDS_CHANNEL]
    assert "Over 3 noise draws (seeds 0–2)" in outliers.seeds_view.text.text()
    c = counts(claim)
    heights = outliers.seeds_view.bars["l1"].opts["height"]
    assert heights.tolist() == [c[p]["l1"] / 3 for p in ("left", "middle", "right")]
    metrics = MODEL.metrics(outliers.export_result)
    assert metrics["claim/l1_shift_exceeds_l2_fraction/middle"] == claim.fraction("middle")


def fake_claim(l1: list[list[float]], l2: list[list[float]]) -> SeedClaim:
    params = MODEL.params(values={"seeds_repeat": len(l1)})
    positions = {"left": -6.0, "middle": 4.5, "right": 15.0}
    seeds = np.arange(len(l1))
    return SeedClaim(params, positions, seeds, {"l1": np.array(l1), "l2": np.array(l2)}, len(l1))


def test_claim_sentences_at_their_edges():
    holds = claim_html(fake_claim([[1, 2, 1], [1, 2, 1]], [[2, 1, 2], [2, 1, 2]]))
    assert "in 2 of 2 in the middle" in holds and "in 0 of 2 at the left end" in holds
    assert "L1 moves more in most draws" in holds and "more often than at either end" in holds
    fails = claim_html(fake_claim([[2, 1, 1], [2, 2, 1]], [[1, 2, 2], [1, 1, 2]]))
    assert "not in most draws: L1 moves more in only 50%" in fails  # 1 of 2 is not most
    assert "more at an end more often (100%)" in fails
    tied = claim_html(fake_claim([[2, 2, 1]], [[1, 1, 1]]))
    assert "in 1 of 1 in the middle" in tied and "as often as at the end" in tied
    assert "seed 0)" in tied


def test_linear_family_draws_lines(qtbot, outliers):
    outliers.form.set_values({"model_family": "linear"})
    outliers.recompute()
    qtbot.waitUntil(
        lambda: (
            outliers.finished_run is not None
            and outliers.finished_run.params.model_family == "linear"
        ),
        timeout=WAIT_MS,
    )
    run = outliers.finished_run
    for name in ("l1", "l2", "l1_without", "l2_without"):
        assert np.allclose(np.diff(run.fits[name].y, 2), 0, atol=1e-9)
    assert "line" in outliers.readout.text()
    html = outliers.explanation.toHtml()
    assert "QuantileRegressor" in html and "GradientBoostingRegressor" not in html


def test_csv_import_good_then_bad_keeps_the_data(qtbot, outliers, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("x,y\n0,1\n2,3\n4,2\n6,8\n")
    assert outliers.set_data_file(str(good))
    qtbot.waitUntil(
        lambda: (
            outliers.finished_run is not None
            and outliers.finished_run.params.data_file == str(good)
        ),
        timeout=WAIT_MS,
    )
    assert outliers.finished_run.x.tolist() == [0, 2, 4, 6]
    drawn_x, drawn_y = outliers.drag_figure.points.getData()
    assert drawn_x.tolist() == [0, 2, 4, 6] and drawn_y.tolist() == [1, 3, 2, 8]
    html = " ".join(outliers.explanation.toPlainText().split())
    assert "4 base points from good.csv" in html and "is among the base points" in html
    assert outliers.state()["params"]["data_file"] == str(good)
    before = outliers.params()
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n0,1\n2,oops\n")
    assert not outliers.set_data_file(str(bad))
    assert "line 3" in outliers.data_message.text() and outliers.data_message.isVisible()
    assert outliers.params() == before
    assert outliers.form.values()["data_file"] == str(good)
    for text in ("", "1,2,3\n", "0,inf\n1,2\n", "0,1\n" * 2000):
        bad.write_text(text)
        assert not outliers.set_data_file(str(bad))
        assert outliers.params() == before


def test_state_round_trip_with_a_file_and_refusal_when_it_is_gone(qtbot, outliers, tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("0,1\n3,4\n6,5\n")
    assert outliers.set_data_file(str(data))
    outliers.view_bar.setCurrentIndex(1)
    state = json.loads(json.dumps(outliers.state()))
    assert state["view"] == "grid" and state["params"]["data_file"] == str(data)
    assert state["data"]["text"] == "0,1\n3,4\n6,5\n"  # the points by content
    assert outliers.set_data_file("")
    outliers.restore(state)
    assert outliers.params().data_file == str(data) and outliers.current_view() == "grid"
    data.unlink()
    assert outliers.set_data_file("")
    outliers.restore(state)  # the file is gone: the state's own points
    assert outliers.params().data_file == str(data)
    assert outliers.params().data_sha256 == state["data"]["sha256"]
    # a state that names the file only (an older session) is refused when it is gone
    assert outliers.set_data_file("")
    path_only = {key: value for key, value in state.items() if key != "data"}
    with pytest.raises(ValueError, match=r"data_file=.*d\.csv"):
        outliers.restore(path_only)
    assert outliers.params().data_file == ""


def test_try_this_seeds_link_opens_the_seeds_view(qtbot, outliers):
    from PySide6.QtCore import QUrl

    outliers._on_link(QUrl("set:seeds_repeat=2"))
    assert outliers.current_view() == "seeds" and outliers.params().seeds_repeat == 2
    assert outliers.figure is outliers.seeds_view.figure


def test_cli_exports_each_view_and_refuses_an_empty_one(tmp_path, capsys):
    from l1l2gui.cli import main

    base = ["export", "outliers", "--set", "sweep_points=3"]
    assert main([*base, "--view", "grid", "--out", str(tmp_path / "g.png")]) == 0
    assert (tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    seeds = ["--set", "seeds_repeat=1", "--view", "seeds"]
    assert main([*base, *seeds, "--out", str(tmp_path / "s.svg")]) == 0
    assert b"<svg" in (tmp_path / "s.svg").read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main([*base, "--view", "seeds", "--out", str(tmp_path / "none.png")])
    assert exit_.value.code == 2 and not (tmp_path / "none.png").exists()
    assert "seeds_repeat=0" in capsys.readouterr().err


def test_presets_for_the_new_views(qtbot, outliers):
    outliers.apply_preset("claim-over-seeds")
    assert outliers.current_view() == "seeds" and outliers.params().seeds_repeat == 50
    outliers.apply_preset("linear-counterparts")
    assert outliers.params().model_family == "linear" and outliers.params().seeds_repeat == 0
    qtbot.waitUntil(
        lambda: (
            outliers.finished_run is not None
            and outliers.finished_run.params.model_family == "linear"
        ),
        timeout=WAIT_MS,
    )
    assert outliers.finished_run.shift("l1") < outliers.finished_run.shift("l2")


def test_closing_while_a_sweep_streams_stops_within_a_step(qtbot, window, outliers):
    import time

    outliers.apply_values({"n_estimators": 100, "sweep_points": 60})
    qtbot.waitUntil(lambda: window.worker.is_busy(INFLUENCE_CHANNEL), timeout=WAIT_MS)
    start = time.perf_counter()
    window.close()
    assert not window.worker._thread.isRunning()
    assert time.perf_counter() - start < 3.0  # one ~10 ms chunk, not the 60-position sweep
