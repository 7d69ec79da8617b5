"""A faster ``malloc`` for the commands whose time goes to the Rust tokenizer (``synthcode mix``).

The BPE encoder of ``tokenizers`` makes many small, short-lived allocations from its rayon
threads; under glibc's ``malloc`` about a third of its CPU time is the allocator itself
(``_int_malloc``, ``_int_free``, consolidation). With mimalloc preloaded the same encoding takes
about 0.7x the CPU and gives the same ids (see BENCHMARKS.md, issue 5). A ``malloc`` can only be
replaced when a process starts, so :func:`reexec_with_fast_malloc` runs the command line again, once,
with the library in ``LD_PRELOAD``; the new process then takes it out of its environment again, so
that the programs it starts get the environment the user gave it.

``SYNTHCODE_MALLOC`` chooses: unset or ``mimalloc`` finds Debian's ``libmimalloc`` (package
``libmimalloc2.0``) and quietly keeps glibc's ``malloc`` when it is not installed (unset, it also
leaves alone a process whose ``LD_PRELOAD`` the user set); ``system`` keeps
glibc's; a path preloads that library (jemalloc, say), and a path that does not exist is an error.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from synthcode.errors import ConfigError

SETTING = "SYNTHCODE_MALLOC"
PRELOADED = "_SYNTHCODE_MALLOC_PRELOADED"
"""Set by the re-executing process to the library it added to ``LD_PRELOAD``."""
active: str | None = None
"""The preloaded ``malloc`` library this process runs with (set by the CLI's entry point)."""
LIBRARY_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib")


def find_library(setting: str | None) -> str | None:
    """The library that ``SYNTHCODE_MALLOC=setting`` asks for, or None for glibc's ``malloc``."""
    if setting in (None, "", "mimalloc"):
        soname = ctypes.util.find_library("mimalloc")
        if soname is None:
            return None
        found = [str(Path(d, soname)) for d in LIBRARY_DIRS if Path(d, soname).is_file()]
        return found[0] if found else soname
    if setting == "system":
        return None
    if not Path(setting).is_file():
        raise ConfigError(f"{SETTING}={setting}: no such library; use 'mimalloc', 'system' or the path of a "
                          f"malloc library such as libjemalloc.so.2")
    return str(Path(setting).resolve())  # ld.so would read a relative path from the current directory


def preload_environment(environ: Mapping[str, str], library: str) -> dict[str, str]:
    """``environ`` with ``library`` first in ``LD_PRELOAD`` (keeping what is there) and the marker set."""
    present = [p for p in environ.get("LD_PRELOAD", "").replace(":", " ").split() if p != library]
    return {**environ, "LD_PRELOAD": " ".join([library, *present]), PRELOADED: library}


def restore_environment(environ: dict[str, str]) -> str | None:
    """In the re-executed process: take the library back out of ``environ``; returns the library."""
    library = environ.pop(PRELOADED, None)
    if library is None:
        return None
    rest = [p for p in environ.get("LD_PRELOAD", "").split() if p != library]
    if rest:
        environ["LD_PRELOAD"] = " ".join(rest)
    else:
        environ.pop("LD_PRELOAD", None)
    return library


def loaded(library: str, maps: Path = Path("/proc/self/maps")) -> bool:
    """Whether ``library`` (a path, or a soname that ld.so looked up) is mapped into this process."""
    name = Path(os.path.realpath(library)).name if "/" in library else library
    try:
        mapped = {Path(line.split()[-1]).name for line in maps.read_text().splitlines() if "/" in line}
    except OSError:
        return False
    return any(m == name or m.startswith(name + ".") for m in mapped)


def reexec_with_fast_malloc(argv: Sequence[str] | None = None) -> str | None:
    """Run this process's command line again with a faster ``malloc`` preloaded, when one is found.

    Returns the library in use: in the re-executed process, or at once when the user preloaded it
    already; returns None, having changed nothing, when ``SYNTHCODE_MALLOC=system`` or no library
    is installed.
    """
    library = restore_environment(os.environ)
    if library is not None:  # the re-executed process (ld.so has said so itself if it could not load it)
        return library if loaded(library) else None
    setting = os.environ.get(SETTING)
    library = find_library(setting)
    if library is None:
        return None
    if loaded(library):  # preloaded by the user (say, to run under a profiler, which an exec would lose)
        return library
    if not setting and os.environ.get("LD_PRELOAD"):
        return None  # the user preloads something else (an allocator, a tracer): not ours to override unasked
    argv = list(sys.orig_argv if argv is None else argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, argv, preload_environment(os.environ, library))
