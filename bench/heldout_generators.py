"""Input generators shared by the held-out sets' task files (``bench/heldout*/mbpp_tasks.py``).

Each task's ``gen(r)`` draws one argument tuple from ``r`` (a ``random.Random``); these are the
pieces every set's author used. ``bench/heldout_sets.py`` loads the task files with ``bench/`` on
``sys.path``.
"""

from __future__ import annotations

import string


def ints(r, lo, hi, n_lo=0, n_hi=12):
    return [r.randint(lo, hi) for _ in range(r.randint(n_lo, n_hi))]


def word(r, lo=1, hi=8, alphabet=string.ascii_lowercase):
    return "".join(r.choice(alphabet) for _ in range(r.randint(lo, hi)))


def big(r, lo, hi):
    """Mostly small values, sometimes wide ones (wider magnitudes inside the domain)."""
    return r.randint(lo, hi) if r.random() < 0.8 else r.randint(lo, hi * 1000)
