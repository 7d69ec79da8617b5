"""Formatters: each renders its template from prompts/formats/ and says which field is missing."""

from __future__ import annotations

import ast
import json

import pytest

from synthcode.errors import ConfigError, InputError
from synthcode.mix.formatters import (format_commit, format_notebook, format_pull_request, format_sample,
                                      format_text, format_web_code)
from synthcode.records import SAMPLE_COLUMNS
from synthcode.registry import FORMATTERS

ROW = {name: "" for name in SAMPLE_COLUMNS} | {
    "statement": 'Return the sum of "xs"; a \\n in text and a """ quote stay text.',
    "examples": ">>> total([1, 2])\n3",
    "contracts": "post: __return__ == sum(xs)",
    "solution": "def total(xs: list[int]) -> int:\n    return sum(xs)\n",
    "tests": "def test_total():\n    assert total([1, 2]) == 3\n",
}


def test_sample_document_is_one_python_module_with_problem_solution_and_tests():
    text = format_sample(ROW)
    module = ast.parse(text)
    assert ast.get_docstring(module).startswith('Return the sum of "xs"; a \\n in text and a """ quote')
    assert "Examples:\n    >>> total([1, 2])\n    3" in ast.get_docstring(module)
    assert "post: __return__ == sum(xs)" in ast.get_docstring(module)
    names = [node.name for node in module.body if isinstance(node, ast.FunctionDef)]
    assert names == ["total", "test_total"]
    assert text.index("def total") < text.index("# Tests") < text.index("def test_total")
    namespace: dict = {}
    exec(compile(module, "<doc>", "exec"), namespace)
    namespace["test_total"]()
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_sample_without_optional_fields_leaves_their_sections_out():
    text = format_sample({"statement": "Say hi.", "solution": "def hi():\n    return 'hi'", "tests": None})
    assert "Examples" not in text and "Contracts" not in text and "# Tests" not in text
    assert ast.parse(text).body[1].name == "hi"


def test_missing_required_field_names_formatter_field_and_columns():
    with pytest.raises(InputError, match=r"formatter 'synthcode' needs field 'solution'; the row has: statement"):
        format_sample({"statement": "x"})
    with pytest.raises(InputError, match=r"'commit' needs field 'diff'"):
        format_commit({"message": "m"})


def test_code_adjacent_formatters_keep_order_and_parts():
    commit = format_commit({"message": "Fix off-by-one in range\n", "diff": "--- a/x.py\n+++ b/x.py\n-1\n+2\n"})
    assert commit.index("Fix off-by-one") < commit.index("--- a/x.py")
    pr = format_pull_request({
        "title": "Add cache", "description": "Speeds up lookups.", "diff": "@@ -1 +1 @@",
        "comments": json.dumps([{"body": "first", "author": "ann", "path": "c.py"}, "second"])})
    assert [pr.index(s) for s in ("Add cache", "Speeds up", "by ann on c.py:\nfirst", "second", "@@ -1")] == sorted(
        pr.index(s) for s in ("Add cache", "Speeds up", "by ann on c.py:\nfirst", "second", "@@ -1"))
    nb = format_notebook({"cells": [{"cell_type": "markdown", "source": ["# Title\n", "Intro"]},
                                    {"cell_type": "code", "source": "x = 1"},
                                    {"cell_type": "code", "source": ""},
                                    {"cell_type": "code", "source": ["y = x\n", "print(y)"]}]})
    assert nb == "# %% [markdown]\n# # Title\n# Intro\n\n# %%\nx = 1\n\n# %%\ny = x\nprint(y)\n"
    whole = format_notebook({"notebook": json.dumps({"cells": [{"cell_type": "code", "source": "z = 2"}]})})
    assert whole == "# %%\nz = 2\n"


def test_plain_text_and_web_code():
    assert format_text({"text": "  as is \n\n"}) == "  as is \n\n"
    assert format_web_code({"content": "print(1)\n", "path": "pkg/a.py"}) == "# pkg/a.py\nprint(1)\n"
    assert format_web_code({"content": "int x;\n", "lang": "C"}) == "int x;\n"
    assert format_web_code({"content": "int x;\n", "path": "a.c"}).startswith("// a.c\n")


def test_registry_loads_by_name_and_suggests_the_close_one():
    assert FORMATTERS.load("synthcode") is format_sample
    with pytest.raises(ConfigError, match="Did you mean 'notebook'"):
        FORMATTERS.load("notebok")
