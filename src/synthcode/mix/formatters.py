"""Formatters: one source row -> one pre-training document, rendered from ``prompts/formats/``.

Each formatter is a function ``row -> str`` registered by name in :data:`FORMATTERS`; the
templates are Jinja2 files in ``prompts/formats/`` so the document layout can change without
touching code. A row missing a field the formatter needs is an :class:`InputError` naming the
formatter, the field and the columns the row has (a source config can rename columns with
``fields:``)::

    from synthcode.mix.formatters import FORMATTERS, format_sample

    text = format_sample(row)                      # a synthcode.records.SAMPLE_COLUMNS row
    commit = FORMATTERS.load("commit")({"message": "Fix off-by-one", "diff": "--- a/x.py\\n..."})

Formatters: ``synthcode`` (problem + solution + tests as one Python module), ``text`` (the
``text`` field as is), ``web-code`` (a source file, with its path as a comment header),
``commit`` (message + diff), ``pull-request`` (title, description, review comments, diff) and
``notebook`` (cells in order, in the percent format: ``# %%`` / ``# %% [markdown]``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.paths import prompts_dir
from synthcode.registry import FORMATTERS  # noqa: F401 (re-exported: the registry of these functions)

TEMPLATE_DIR = prompts_dir() / "formats"
"""Where the templates live: ``prompts/formats/`` (see :mod:`synthcode.paths`)."""

_LINE_COMMENT = {
    "python": "#", "py": "#", "ruby": "#", "rb": "#", "shell": "#", "sh": "#", "bash": "#", "r": "#",
    "perl": "#", "pl": "#", "yaml": "#", "yml": "#", "toml": "#", "julia": "#", "jl": "#",
    "makefile": "#", "dockerfile": "#", "sql": "--", "lua": "--", "haskell": "--", "hs": "--",
}


@functools.cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False)
    env.filters["docstring"] = _docstring_safe
    env.filters["comment_lines"] = lambda text: "\n".join(f"# {line}".rstrip() for line in text.splitlines())
    return env


def render(template: str, **values: Any) -> str:
    """Render ``prompts/formats/<template>`` with ``values``: no blank lines at either end, one final newline."""
    import jinja2

    try:
        text = _environment().get_template(template).render(**values)
    except jinja2.TemplateNotFound:
        raise InputError(f"format template {template!r} not found in {TEMPLATE_DIR}") from None
    return text.strip("\n") + "\n"


def _docstring_safe(text: str) -> str:
    # The statement goes inside a triple-quoted docstring: it must neither end it nor add escapes.
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _field(row: Mapping[str, Any], name: str, formatter: str) -> Any:
    if name not in row:
        columns = ", ".join(sorted(map(str, row))) or "none"
        raise InputError(f"formatter {formatter!r} needs field {name!r}; the row has: {columns} "
                         f"(rename a column with the source's 'fields:')")
    return row[name]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def format_sample(row: Mapping[str, Any]) -> str:
    """The pre-training document of one synthcode sample row (problem + solution + tests).

    ``row`` has the columns of :data:`synthcode.records.SAMPLE_COLUMNS` (only ``statement`` and
    ``solution`` are required; missing or empty optional ones are left out of the document).
    """
    values = {name: _text(row.get(name)) for name in ("examples", "contracts", "tests")}
    values["statement"] = _text(_field(row, "statement", "synthcode"))
    values["solution"] = _text(_field(row, "solution", "synthcode"))
    return render("synthcode_sample.py.j2", **values)


def format_text(row: Mapping[str, Any]) -> str:
    """The row's ``text`` field as is."""
    return _text(_field(row, "text", "text"))


def format_web_code(row: Mapping[str, Any]) -> str:
    """A source file: ``content``, headed by its ``path`` (optional) in the language's comment style."""
    content = _text(_field(row, "content", "web-code"))
    path = _text(row.get("path") or row.get("max_stars_repo_path") or "")
    language = _text(row.get("lang") or row.get("language") or Path(path).suffix.lstrip(".")).lower()
    return render("web_code.j2", content=content, path=path, comment=_LINE_COMMENT.get(language, "//"))


def format_commit(row: Mapping[str, Any]) -> str:
    """A commit: ``message`` then ``diff`` (``repo`` optional).

    Without a ``diff`` field, a row with ``old_contents``/``new_contents`` (and optional
    ``old_file``/``new_file``, as in bigcode/commitpack) gets a unified diff computed from them.
    """
    if "diff" not in row and "new_contents" in row:
        import difflib

        old_file = _text(row.get("old_file")) or "file"
        diff = "".join(difflib.unified_diff(
            _text(row.get("old_contents")).splitlines(keepends=True), _text(row["new_contents"]).splitlines(keepends=True),
            fromfile=f"a/{old_file}", tofile=f"b/{_text(row.get('new_file')) or old_file}"))
    else:
        diff = _text(_field(row, "diff", "commit"))
    return render("commit.j2", message=_text(_field(row, "message", "commit")), diff=diff,
                  repo=_text(row.get("repo") or row.get("repos")))


def format_pull_request(row: Mapping[str, Any]) -> str:
    """A pull request: ``title``, ``description``, ``comments`` (review comments, in order), ``diff``.

    ``comments`` is a list (or JSON text of a list) of strings or of mappings with ``body`` and
    optional ``author`` and ``path``.
    """
    comments = _json_list(row.get("comments"), "pull-request", "comments")
    comments = [c if isinstance(c, Mapping) else {"body": _text(c)} for c in comments]
    comments = [{"body": _text(c.get("body")), "author": _text(c.get("author")), "path": _text(c.get("path"))}
                for c in comments]
    return render("pull_request.j2", title=_text(_field(row, "title", "pull-request")),
                  description=_text(row.get("description")), comments=comments,
                  diff=_text(row.get("diff")), repo=_text(row.get("repo")))


def format_notebook(row: Mapping[str, Any]) -> str:
    """A notebook: ``cells`` in order, as a percent-format script (markdown cells as comments).

    ``cells`` is a list (or JSON text) of ``{"cell_type", "source"}`` mappings, ``source`` a string
    or a list of lines as in ``.ipynb``; a ``notebook`` field holding a whole ``.ipynb`` works too.
    """
    if row.get("cells") is None and row.get("notebook") is not None:
        notebook = row["notebook"]
        notebook = json.loads(notebook) if isinstance(notebook, str) else notebook
        cells = notebook.get("cells", []) if isinstance(notebook, Mapping) else []
    else:
        cells = _json_list(_field(row, "cells", "notebook"), "notebook", "cells")
    normal = []
    for cell in cells:
        if not isinstance(cell, Mapping):
            raise InputError(f"formatter 'notebook': a cell must be a mapping, got {cell!r:.80}")
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else _text(source)
        if source.strip():
            normal.append({"cell_type": _text(cell.get("cell_type", "code")), "source": source})
    return render("notebook.j2", cells=normal)


def _json_list(value: Any, formatter: str, name: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InputError(f"formatter {formatter!r}: field {name!r} is not a JSON list ({exc.msg})") from None
    if not isinstance(value, (list, tuple)):
        raise InputError(f"formatter {formatter!r}: field {name!r} must be a list, got {type(value).__name__}")
    return list(value)
