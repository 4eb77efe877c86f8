"""The command line: `readtui [PATH ...]` opens the reader; `readtui export FILE` prints one;
`readtui notes` prints the reader's bookmarks, notes and copied quotes."""

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
        epilog="Also: readtui export FILE [--format json|markdown|text] prints a parsed article;"
        " readtui notes [--format markdown|json] [--article FILE] prints your bookmarks, notes"
        " and copied quotes.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="article files or folders; - reads one article from stdin",
    )
    parser.add_argument("--data-dir", type=Path, help="where reading state is kept")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: config.toml in the config folder, or in $READTUI_CONFIG_DIR)",
    )
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
    print_out(export(article, args.format))
    return 0


def print_out(text: str) -> None:
    """UTF-8 whatever the locale; sanitised for a terminal; quiet when the reader (`| head`)
    has gone."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        sys.stdout.write(sanitize(text) if sys.stdout.isatty() else text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def notes_parser() -> argparse.ArgumentParser:
    from readtui.notes import FORMATS

    parser = ArgumentParser(
        prog="readtui notes",
        description="Print your bookmarks (with their notes) and copied quotes, by article.",
    )
    parser.add_argument("--format", choices=FORMATS, default="markdown")
    parser.add_argument(
        "--article", type=Path, metavar="FILE", help="only the notes of this article file"
    )
    parser.add_argument("--data-dir", type=Path, help="where reading state is kept")
    return parser


def run_notes(argv: Sequence[str]) -> int:
    """Read the store (creating nothing) and print the notes; none is not an error."""
    from readtui.notes import gather, render
    from readtui.paths import data_dir, state_db_path
    from readtui.store import Store

    args = notes_parser().parse_args(argv)
    article = None
    if args.article is not None:
        from readtui.article.load import load_article

        article = load_article(args.article)
    fingerprint = None if article is None else article.meta.fingerprint
    with Store(state_db_path(data_dir(args.data_dir))) as store:
        articles = gather(store.bookmarks(fingerprint), store.copied_quotes(fingerprint))
        for notice in store.notices:
            print(f"readtui: {sanitize_name(notice)}", file=sys.stderr)
    if article is not None:  # bookmarks older than the notes export kept no source or url
        meta = article.meta
        for notes in articles:
            notes.learn(article.title, meta.source, meta.url, meta.path)
    name = "" if args.article is None else f" for {sanitize_name(str(args.article))}"
    if not articles and args.format == "markdown":
        print(f"No notes yet{name}: bookmark with b, copy quotes with y.", file=sys.stderr)
        return 0
    print_out(render(articles, args.format))
    return 0


def run_reader(argv: Sequence[str]) -> int:
    args = reader_parser().parse_args(argv)
    from readtui.app import ReadtuiApp
    from readtui.config import library_folders, load_config
    from readtui.paths import config_path, data_dir, sample_articles_dir, state_db_path
    from readtui.store import Store

    named = [path for path in args.paths if str(path) != "-"]
    piped = None
    if len(named) < len(args.paths):  # `readtui -`: the article comes on stdin
        from readtui.launch import article_from_stdin

        piped = article_from_stdin()
    config, problems = load_config(args.config, config_path())
    library, missing = library_folders(config) if not args.paths else ([], [])
    paths = named or ([] if piped is not None else library or [sample_articles_dir()])
    folder = data_dir(args.data_dir)
    store = Store(state_db_path(folder))
    app = ReadtuiApp(paths, store, config=config, problems=[*problems, *missing], piped=piped)
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
        if argv[:1] == ["notes"]:
            return run_notes(argv[1:])
        return run_reader(argv)
    except ReadtuiError as exc:
        print(f"readtui: {sanitize_name(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
