"""Samples sent to a worker already compiled by the host (see ``runner.prepare_sample``)."""

from __future__ import annotations

import importlib.util
import marshal

import pytest

from synthcode import analysis
from synthcode.benchmarks import load_humaneval
from synthcode.registry import SANDBOXES
from synthcode.sandbox.base import Limits, RunRequest

SAYS_WHICH = "def which():\n    return {name!r}\n\ndef test_which():\n    assert which() == 'source', which()\n"
SOURCE = SAYS_WHICH.format(name="source")


@pytest.fixture
def worker(backend):
    sandbox = SANDBOXES.load(backend)(limits=Limits())
    started = sandbox.start_worker()
    yield started
    started.close()
    sandbox.close()


def verdict(worker, code: str, tests: list[str], bytecode: bytes | None = None, **extra) -> dict[str, str]:
    result = worker.run(RunRequest(code=code, tests=tests, timeout=10.0, extra=extra, bytecode=bytecode))
    assert result.worker_died is None, result.worker_died
    return {e["test"]: e["event"] for e in result.events if e["event"] in ("pass", "fail")}


def compiled(source: str, filename: str) -> bytes:
    return marshal.dumps(compile(source, filename, "exec", dont_inherit=True))


def test_workers_of_this_python_take_the_hosts_bytecode(worker):
    assert worker.info["bytecode"] == importlib.util.MAGIC_NUMBER.hex()
    assert worker.sample_path is not None and worker.sample_path.endswith("/sample.py")
    # The zygote runs what the host compiled, not its own compile of "code" (the host is trusted
    # to send both for the same sample; this shows which one runs).
    sent = compiled(SAYS_WHICH.format(name="bytecode"), worker.sample_path)
    assert verdict(worker, SOURCE, ["test_which"], bytecode=sent) == {"test_which": "fail"}


@pytest.mark.parametrize("bytecode", [b"\x00garbage", marshal.dumps(42), marshal.dumps(compile("1", "x", "eval"))[:-3],
                                      "elsewhere"], ids=["garbage", "not-code", "cut-short", "elsewhere"])
def test_unusable_bytecode_falls_back_to_compiling_the_source(worker, bytecode):
    if bytecode == "elsewhere":  # compiled for another path: tracebacks and test lookup would be wrong
        bytecode = compiled(SAYS_WHICH.format(name="bytecode"), "/elsewhere/sample.py")
    assert verdict(worker, SOURCE, ["test_which"], bytecode=bytecode) == {"test_which": "pass"}


def test_bytecode_is_only_taken_as_raw_bytes_after_the_message(worker):
    # A "bytecode" field inside the JSON is not the protocol: it is ignored, never decoded.
    import base64

    sent = base64.b64encode(compiled(SAYS_WHICH.format(name="bytecode"), worker.sample_path)).decode()
    worker.sample_path = None  # the host compiles nothing itself
    result = worker.run(RunRequest(code=SOURCE, tests=["test_which"], extra={"bytecode": sent}))
    assert [(e["event"], e["test"]) for e in result.events if e["event"] in ("pass", "fail")] == [("pass", "test_which")]


def test_host_compiles_as_the_sample_would_be_compiled_alone(worker):
    # synthcode's modules import annotations from __future__: a host compile that inherited their
    # flags would turn these annotations into strings, and one that optimized would drop the assert.
    code = (
        "def f(x: int) -> int:\n    return x\n\n"
        "def test_annotations_are_objects():\n    assert f.__annotations__['x'] is int\n\n"
        "def test_asserts_are_kept():\n"
        "    try:\n        assert False\n    except AssertionError:\n        return\n"
        "    raise RuntimeError('assert statements were stripped')\n"
    )
    assert worker.sample_path is not None
    tests = ["test_annotations_are_objects", "test_asserts_are_kept"]
    assert verdict(worker, code, tests) == dict.fromkeys(tests, "pass")


def test_a_sample_that_does_not_compile_is_still_an_import_error(worker):
    result = worker.run(RunRequest(code="def f():\n    return\nreturn 1\n", tests=["test_x"], timeout=10.0))
    errors = [e for e in result.events if e["event"] == "import-error"]
    assert errors and errors[0]["error"] == "SyntaxError", result.events


TRICKY = [
    "from __future__ import annotations\n\ndef f(x: int) -> int:\n    return x\n",
    '"""Module docstring."""\nimport functools\n\n@functools.cache\ndef f(n):\n    """Doc."""\n    return n\n',
    "def g():\n    assert 1 + 1 == 2, f'{1!r:>3}'\n    return [i * 2 for i in range(3) if i]\n\nclass C:\n    x: int = 1\n",
    "async def h():\n    async with x as y:\n        yield y\n\nL = lambda *a, **k: (a, k)\n",
    "if True:\n    def test_inner():\n        pass\nelse:\n    X = 1 if 2 else 3\n",
]


@pytest.mark.parametrize("source", TRICKY + [p.verify_file() for p in load_humaneval()[:40]],
                         ids=[f"tricky{i}" for i in range(len(TRICKY))] + [f"humaneval{i}" for i in range(40)])
def test_compiling_the_parsed_tree_gives_the_bytecode_of_the_source(source):
    # The host compiles the parse stage's tree instead of the source again; the zygote must get
    # exactly what compiling the file would give (line numbers, constants, flags, docstrings).
    path = "/tmp/sample.py"
    from_tree = analysis.compile_tree(analysis.parse(source), path)
    assert code_fields(from_tree) == code_fields(compile(source, path, "exec", dont_inherit=True, optimize=0))


def code_fields(code):
    """Every ``co_*`` field of ``code`` and of the code objects nested in it (marshal's bytes
    can differ for equal code: it marks objects that happen to be shared)."""
    fields = {}
    for name in dir(code):
        if name.startswith("co_") and not callable(getattr(code, name)):
            value = getattr(code, name)
            fields[name] = tuple(code_fields(c) if isinstance(c, type(code)) else (type(c), c) for c in value) \
                if name == "co_consts" else value
    fields["positions"] = list(code.co_positions())
    return fields
