"""The command line: `readtui [PATH ...]` opens the reader; `readtui export FILE` prints one."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from readtui import __version__
from readtui.article.sanitize import sanitize, sanitize_name
from readtui.errors import ReadtuiError


class ArgumentParser(argparse.ArgumentParser):
    """argparse echoes unknown arguments, and a shell glob may fill them with hostile file names
    (`readtui *` beside a file named `--` ESC `]0;x` BEL): its errors are sanitised first."""

    def error(self, message: str) -> NoReturn:
        super().error(sanitize_name(message))


def reader_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="readtui",
        description="Read saved articles in the terminal. With no PATH, opens the sample library.",
        epilog="Also: readtui export FILE [--format json|markdown|text] prints a parsed article.",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="article files or folders"
    )
    parser.add_argument("--data-dir", type=Path, help="where reading state is kept")
    parser.add_argument("--version", action="version", version=f"readtui {__version__}")
    return parser


def export_parser() -> argparse.ArgumentParser:
    from readtui.article.export import FORMATS

    parser = ArgumentParser(prog="readtui export", description="Print a parsed article.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--format", choices=FORMATS, default="json")
    return parser


def run_export(argv: Sequence[str]) -> int:
    """Imported here, not at the top: the reader's start-up does not pay for the exporters."""
    from readtui.article.export import export
    from readtui.article.load import load_article

    args = export_parser().parse_args(argv)
    article = load_article(args.file)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    text = export(article, args.format)
    try:
        sys.stdout.write(sanitize(text) if sys.stdout.isatty() else text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def run_reader(argv: Sequence[str]) -> int:
    args = reader_parser().parse_args(argv)
    from readtui.app import ReadtuiApp
    from readtui.paths import data_dir, sample_articles_dir, state_db_path
    from readtui.store import Store

    paths = args.paths or [sample_articles_dir()]
    folder = data_dir(args.data_dir)
    store = Store(state_db_path(folder))
    app = ReadtuiApp(paths, store)
    try:
        app.run()
    finally:
        store.close()
    if app.return_code:
        print(f"readtui: {crash_summary(app.crash_report(), folder)}", file=sys.stderr)
    return app.return_code or 0


def crash_summary(report: str, folder: Path) -> str:
    """One line for stderr; the full report goes to crash.log in the data dir when it can."""
    lines = [line.strip() for line in report.splitlines() if line.strip()]
    summary = sanitize_name(lines[-1]) if lines else "the app stopped with an error"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "crash.log").write_text(report, encoding="utf-8")
    except OSError:
        return f"crashed: {summary}"
    return f"crashed: {summary} (full report in {sanitize_name(str(folder / 'crash.log'))})"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["export"]:
            return run_export(argv[1:])
        return run_reader(argv)
    except ReadtuiError as exc:
        print(f"readtui: {sanitize_name(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
