"""The README's layout table matches the tree: every path it names exists, and every module
of the package is named in it (directly, or by its folder)."""

from __future__ import annotations

import re

from conftest import REPO


def layout_paths() -> set[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    named: set[str] = set()
    for row in table.splitlines():
        cell = row.split("|")[1] if row.startswith("|") else ""
        paths = re.findall(r"`([^`]+)`", cell)
        folder = ""
        for path in paths:
            if "/" in path:
                folder = path.rsplit("/", 1)[0] + "/" if not path.endswith("/") else path
                named.add(path)
            elif folder:
                named.add(folder + path)  # `a.py`, `b.py` beside the row's first path
    return named


def test_every_path_in_the_layout_table_exists() -> None:
    missing = sorted(path for path in layout_paths() if not (REPO / path).exists())
    assert not missing, missing


def test_every_module_is_in_the_layout_table() -> None:
    named = layout_paths()
    folders = tuple(path for path in named if path.endswith("/"))
    modules = [str(path.relative_to(REPO)) for path in (REPO / "newscrawl").rglob("*.py")
               if path.name != "__init__.py" or path.parent.name == "generic"]
    unnamed = sorted(m for m in modules if m not in named and not m.startswith(folders)
                     and m.replace("/__init__.py", "") + "/" not in named
                     and m.replace("/__init__.py", ".py") not in named)
    assert not unnamed, unnamed


def test_the_argument_table_is_the_argument_model() -> None:
    from newscrawl.crawling.arguments import argument_table

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert argument_table() in readme
