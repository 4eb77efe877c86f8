"""config.toml: a good file gives its settings; each kind of mistake names its line and costs only
its own setting; names are checked against what the app has."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from readtui.config import (
    Config,
    Problem,
    check_names,
    library_folders,
    load_config,
    parse_config,
    read_config,
)
from readtui.config_lines import setting_lines
from readtui.errors import ReadtuiError

GOOD = """\
# readtui settings
library = ["~/articles", "saved"]
theme = "nord"
width = 72

[keys]
"view.copy" = ["c", "ctrl+y"]
"reader.next" = "N"
"""
THEMES = {"nord", "dracula", "textual-dark"}
BINDINGS = {"view.copy", "view.copy_credit", "reader.next", "reader.prev"}


def parsed(text: str) -> tuple[Config, list[Problem]]:
    return parse_config(text, base=Path("/config"))


def test_a_good_file_gives_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/reader")
    config, problems = parsed(GOOD)
    assert problems == []
    assert config.library == (Path("/home/reader/articles"), Path("/config/saved"))
    assert config.theme == "nord"
    assert config.width == 72
    assert config.keys == {"view.copy": ("c", "ctrl+y"), "reader.next": ("N",)}


def test_several_keys_per_action_become_one_keymap_entry() -> None:
    config, _ = parsed('[keys]\n"view.copy" = ["c", "ctrl+y"]\n"view.top" = "g, home"\n')
    assert config.keymap() == {"view.copy": "c,ctrl+y", "view.top": "g,home"}


def test_unquoted_dotted_ids_and_subtables_mean_the_same_binding() -> None:
    text = '[keys]\nview.copy = "c"\n\n[keys.reader]\nnext = "N"\n'
    config, problems = parsed(text)
    assert problems == []
    assert config.keys == {"view.copy": ("c",), "reader.next": ("N",)}


def test_an_empty_file_is_all_defaults() -> None:
    assert parsed("") == (Config(lines={}), [])


def test_a_syntax_error_names_its_line_and_gives_all_defaults() -> None:
    config, problems = parsed('theme = "nord"\nwidth = = 3\n')
    assert config.theme is None
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].describe().startswith("config.toml, line 2: not valid TOML")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("\n\ntheme = 12\n", 3, "theme must be a theme's name in quotes, not a number"),
        ('width = "wide"\n', 1, "width must be a whole number of columns, not text"),
        ("width = 7.5\n", 1, "not a number"),
        ("\nwidth = 10\n", 2, "between 30 and 500 columns, not 10"),
        ("width = true\n", 1, "not true/false"),
        ('library = "~/a"\nlibrary2 = 1\n', 2, "unknown setting 'library2'"),
        ("library = [1, 2]\n", 1, "library must be a list of folders, not a list"),
        ("keys = 3\n", 1, "keys must be a table ([keys]), not a number"),
        ('[keys]\n"view.copy" = 5\n', 2, "keys for 'view.copy' must be a key or a list of keys"),
        ('[keys]\n"view.copy" = []\n', 2, "no keys given for 'view.copy'"),
        ('them = "nord"\n', 1, "did you mean 'theme'?"),
    ],
)
def test_a_wrong_value_names_its_line(text: str, line: int, words: str) -> None:
    _config, problems = parsed(text)
    assert [problem.line for problem in problems] == [line]
    assert words in problems[0].message
    assert problems[0].describe("cfg.toml").startswith(f"cfg.toml, line {line}: ")


def test_a_bad_setting_costs_only_itself() -> None:
    config, problems = parsed('theme = 3\nwidth = 64\n[keys]\n"view.copy" = "c"\n')
    assert len(problems) == 1
    assert (config.theme, config.width, config.keys) == (None, 64, {"view.copy": ("c",)})


def test_problems_come_in_line_order() -> None:
    _config, problems = parsed('width = "x"\ntheme = 1\nfoo = 2\n')
    assert [problem.line for problem in problems] == [1, 2, 3]


def test_unknown_theme_and_binding_id_name_their_lines() -> None:
    config, _ = parsed(
        'theme = "nrod"\n\n[keys]\n"view.copy" = "c"\n"view.cpoy" = "x"\n"reader.next" = "N"\n'
    )
    checked, problems = check_names(config, THEMES, BINDINGS)
    assert checked.theme is None
    assert checked.keys == {"view.copy": ("c",), "reader.next": ("N",)}
    assert [(problem.line, problem.message) for problem in problems] == [
        (1, "unknown theme 'nrod' (did you mean 'nord'?); using the default"),
        (5, "unknown binding id 'view.cpoy' (did you mean 'view.copy'?); it is ignored"),
    ]


def test_known_names_pass_unchanged() -> None:
    config, _ = parsed(GOOD)
    assert check_names(config, THEMES, BINDINGS) == (config, [])


def test_missing_library_folders_are_named_and_left_out(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    config, _ = parse_config('\nlibrary = [\n  "here",\n  "gone",\n]\n', base=tmp_path)
    found, problems = library_folders(config)
    assert found == [tmp_path / "here"]
    assert [problem.describe() for problem in problems] == [
        f"config.toml, line 2: library folder not found: {tmp_path / 'gone'}"
    ]


def test_read_config_without_a_file_is_no_config(tmp_path: Path) -> None:
    assert read_config(tmp_path / "config.toml") == (Config(), [])


def test_read_config_names_the_file_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("width = 1\n", encoding="utf-8")
    config, problems = read_config(path)
    assert config.source == str(path)
    assert problems[0].describe(config.source).startswith(f"{path}, line 1: width must be")


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    _config, problems = read_config(tmp_path / "config.toml")
    assert problems and problems[0].line is None
    assert "cannot be read" in problems[0].message


def test_a_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    _config, problems = read_config(path)
    assert "cannot be read" in problems[0].message


def test_an_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ReadtuiError, match="no such config file"):
        load_config(tmp_path / "typo.toml", tmp_path / "config.toml")


def test_the_default_config_file_need_not_exist(tmp_path: Path) -> None:
    assert load_config(None, tmp_path / "config.toml") == (Config(), [])


def test_setting_lines_finds_keys_in_tables_and_skips_comments_and_values() -> None:
    text = '# theme = "x"\nlibrary = [\n  "a = b",\n]\n[keys]\n"view.copy" = "c"\nview.top = "g"\n'
    assert setting_lines(text) == {
        "library": 2,
        "keys": 5,
        "keys.view.copy": 6,
        "keys.view.top": 7,
    }


def test_config_parsing_is_pure() -> None:
    code = "import sys, readtui.config; sys.exit('textual' in sys.modules or 'rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], timeout=60, check=False)
    assert result.returncode == 0
