"""Command line: open the window, list presets, export a tab headless, or self-test.

l1l2gui                                   open the window
l1l2gui presets                           list presets
l1l2gui export TAB [--preset NAME | --session FILE] [--set KEY=VALUE ...] --out FILE
                  [--theme light|dark]    (FILE.json, .csv, .png or .svg; figures light by default)
l1l2gui --version
l1l2gui --selftest
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import APP_NAME, __version__
from .core.export import DATA_SUFFIXES, FIGURE_SUFFIXES, export_document, write_data
from .core.fields import as_dict
from .core.presets import PRESETS
from .core.session import parse_session, tab_error
from .core.tabs import TAB_MODELS, tab_model


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        fail(message)


def fail(message: str) -> NoReturn:
    """One clear line on stderr, exit status 2."""
    print(f"{APP_NAME}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=APP_NAME, description="See why L1 and L2 behave differently.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--selftest", action="store_true", help="build every tab offscreen, run one job each"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("presets", help="list presets: name, tab, description")
    export = sub.add_parser(
        "export",
        help="compute a tab headless and write .json, .csv, .png or .svg",
        epilog="l1l2gui export TAB --help lists TAB's keys (--set), ranges, defaults and views.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    export.add_argument("-h", "--help", action=_TabHelp, help="show the tab's keys and views")
    export.add_argument("tab", help=f"one of: {', '.join(TAB_MODELS)}")
    export.add_argument("--preset", help="start from this preset's values")
    export.add_argument(
        "--session", metavar="FILE", help="start from the tab's values in a saved session"
    )
    export.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="override a parameter"
    )
    export.add_argument(
        "--view", help="which of the tab's views a .png/.svg shows (see export TAB --help)"
    )
    export.add_argument("--out", required=True, help="output file; its suffix picks the format")
    export.add_argument(
        "--theme",
        choices=("light", "dark"),
        default="light",
        help="colours of a .png/.svg figure: light (default, for slides) or dark",
    )
    return parser


class _TabHelp(argparse.Action):
    """``export TAB --help``: the usage, then TAB's keys and views (every tab's without TAB)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> NoReturn:
        tab = getattr(namespace, "tab", None)
        if tab is not None and tab not in TAB_MODELS:
            fail(f"unknown tab {tab!r}: known tabs are {', '.join(TAB_MODELS)}")
        parser.print_help()
        print(f"\ntabs: {', '.join(TAB_MODELS)}" if tab is None else "\n" + keys_help(tab))
        parser.exit()


def keys_help(tab: str) -> str:
    """``tab``'s --set keys with their ranges and defaults (from its fields), and its views."""
    model = TAB_MODELS[tab]
    lines = [f"keys for {tab} (--set KEY=VALUE):"]
    defaults = as_dict(model.params_type())
    width = max(len(f.name) for f in model.fields)
    for f in model.fields:
        default = defaults[f.name]
        if isinstance(default, list):
            default = ",".join(default)
        lines.append(f"  {f.name:<{width}}  {f.range_text()}; default {default}")
        if f.help:
            lines.append(f"  {'':<{width}}  {f.help}")
    if model.views:
        lines.append(f"views of {tab} (--view NAME, for .png and .svg; default {model.views[0]}):")
        width = max(len(v) for v in model.views)
        for view, title in zip(model.views, model.view_titles, strict=True):
            lines.append(f"  {view:<{width}}  {title}")
    return "\n".join(lines)


def parse_settings(items: Sequence[str]) -> dict[str, str]:
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--set {item!r}: expected KEY=VALUE")
        values[key.strip()] = value.strip()
    return values


def list_presets() -> int:
    width = max(len(p.name) for p in PRESETS)
    for p in PRESETS:
        print(f"{p.name:<{width}}  {p.tab:<10}  {p.description}")
    return 0


def session_values(path: str, tab: str) -> dict:
    """The parameter values ``tab`` has in the session file ``path`` (exit 2 if unusable).

    What else the tab's entry holds for its parameters (imported points) is adopted.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
        session = parse_session(text, list(TAB_MODELS))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"--session {path}: {getattr(exc, 'strerror', None) or exc}")
    except ValueError as exc:
        fail(f"--session {path}: {exc}")
    if tab not in session.states:
        fail(f"--session {path}: holds no {tab!r} tab (it has {', '.join(session.states)})")
    state = session.states[tab]
    adopt = TAB_MODELS[tab].adopt
    if adopt is not None:
        try:
            adopt(state)
        except ValueError as exc:
            fail(f"--session {path}: {tab_error(tab, exc)}")
    return dict(state.get("params", {}))


def export(
    tab: str,
    preset: str | None,
    settings: Sequence[str],
    out: str,
    session: str | None = None,
    view: str | None = None,
    theme: str = "light",
) -> int:
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in DATA_SUFFIXES + FIGURE_SUFFIXES:
        fail(f"--out {out}: the suffix must be one of {', '.join(DATA_SUFFIXES + FIGURE_SUFFIXES)}")
    if not path.parent.is_dir():
        fail(f"--out {out}: folder {path.parent} does not exist")
    if preset and session:
        fail("--preset and --session: choose one starting point")
    try:
        model = tab_model(tab)
        values = session_values(session, tab) if session else {}
        if values:
            try:
                model.params(values=values)
            except ValueError as exc:
                fail(f"--session {session}: tabs.{tab}.params: {exc}")
        if view is not None and view not in model.views:
            known = ", ".join(model.views) if model.views else "none (one figure)"
            fail(f"--view {view}: the {tab} tab's views are {known}")
        params = model.params(preset, values | parse_settings(settings))
        # a figure of the default view needs the main result only; data hold every view
        wants_all = suffix in DATA_SUFFIXES or view is not None
        result = model.compute_export(params) if wants_all else model.compute(params)
    except ValueError as exc:
        fail(str(exc))
    try:
        if suffix in DATA_SUFFIXES:
            series = model.series(result)
            document = export_document(tab, preset, params, series, model.metrics(result))
            write_data(path, document, series)
        else:
            _export_figure(tab, result, path, view, theme)
    except ValueError as exc:  # a view with nothing to draw for these parameters
        fail(str(exc))
    except OSError as exc:
        fail(f"--out {out}: {exc.strerror or exc}")
    return 0


def _export_figure(
    tab: str, result: object, path: Path, view: str | None = None, theme: str = "light"
) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .gui.app import application

    app = application()
    from .gui.figure_export import save_figure
    from .gui.tabs import TAB_CLASSES

    cls = next(c for c in TAB_CLASSES if c.name == tab)
    figure = cls.export_figure(result) if view is None else cls.export_figure(result, view=view)
    figure.show()
    app.processEvents()
    save_figure(figure, path, theme)
    figure.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.selftest:
        from .selftest import selftest

        return selftest()
    if args.command == "presets":
        return list_presets()
    if args.command == "export":
        return export(
            args.tab, args.preset, args.set, args.out, args.session, args.view, args.theme
        )
    from .gui.app import run_gui

    return run_gui()
