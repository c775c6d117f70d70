"""What the Training tab's plots draw of a run: min/max pyramids of every series.

Built where the run is computed (the worker), grown with each snapshot, and cut
by the figure for the visible steps with :func:`~l1l2gui.core.envelope.envelope`,
so a frame touches a few thousand points however long the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .descent import TrainingRun
from .envelope import MinMaxPyramid


@dataclass
class RunPyramids:
    """Pyramids of one run's w and loss per kind and of its learning rate.

    Grown in place by :meth:`update` from successive snapshots of the *same*
    run; what was taken in never changes, so the figure may read them meanwhile.
    """

    steps: int
    w: dict[str, MinMaxPyramid] = field(default_factory=dict)
    loss: dict[str, MinMaxPyramid] = field(default_factory=dict)
    lr: MinMaxPyramid | None = None

    def update(self, run: TrainingRun) -> RunPyramids:
        for kind, trace in run.traces.items():
            if kind not in self.w:
                self.w[kind] = MinMaxPyramid(self.steps + 1)
                self.loss[kind] = MinMaxPyramid(self.steps + 1)
            self.w[kind].extend(trace.w)
            self.loss[kind].extend(trace.loss)
        if self.lr is None:
            self.lr = MinMaxPyramid(self.steps)
        self.lr.extend(run.lr)
        return self


def run_pyramids(run: TrainingRun) -> RunPyramids:
    """Pyramids of a run snapshot (e.g. a finished run, for an exported figure)."""
    return RunPyramids(run.params.steps).update(run)
