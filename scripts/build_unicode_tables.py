"""Write the Unicode tables that the sandbox's properties harness gives Hypothesis (see
``seed_unicode_tables`` in ``src/synthcode/sandbox/harnesses/properties.py``), for the Unicode
version of the Python that runs this::

    python scripts/build_unicode_tables.py      # once per Python (3.11, 3.12, 3.13: 14.0.0, 15.0.0, 15.1.0)

Hypothesis computes both tables here, in an empty storage directory, as it does in a fresh
sandbox. It writes its category table sorted by category name, but the table it computed, and
uses, is in code point order, and ``categories()`` breaks ties by that order; so the table is
written again in that order, and loading it in the sandbox leaves every draw as it was.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "synthcode" / "sandbox" / "unicode"


def main() -> None:
    from hypothesis.configuration import set_hypothesis_home_dir
    from hypothesis.internal import charmap

    with tempfile.TemporaryDirectory() as home:
        set_hypothesis_home_dir(home)
        table = charmap.charmap()
        charmap.intervals_from_codec("utf-8")
        path = charmap.charmap_file()
        with gzip.GzipFile(path, "wb", mtime=1) as f:
            f.write(json.dumps(list(table.items())).encode())
        target = OUT / unicodedata.unidata_version
        target.mkdir(parents=True, exist_ok=True)
        for made in path.parent.iterdir():
            shutil.copyfile(made, target / made.name)
            (target / made.name).chmod(0o644)
            print(target / made.name, file=sys.stderr)


if __name__ == "__main__":
    main()
