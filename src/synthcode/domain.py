"""The input domain of a function, inferred, and inputs drawn inside it first (issue 16).

A reference solution answers many inputs its task never meant to allow (a negative count, an
empty list, an unsorted list given to a function documented for sorted input) with an arbitrary
value; a correct alternative that answers them differently is not wrong. So the differential stage
separates inputs *inside* the task's domain from those *outside* it:

* **From contracts**: the entry point's ``pre:`` lines (or leading asserts, or icontract
  ``require``), when it has any. They are evaluated in the sandbox, beside the reference's calls.
* **Otherwise inferred from the tests' own arguments**, as Daikon infers likely invariants: each
  rule below is kept only when every seed satisfies it (relations between arguments need two seeds).

  - type of each argument (``isinstance(n, int)``; an int is allowed where floats were seen);
  - sign of integers: ``n >= 0`` when no seed is negative, ``n >= 1`` when none is zero and the
    statement says "positive" or, with support (``BOUND_SUPPORT`` seeds, two distinct), unless
    the reference singles zero out (:func:`reference_guards`: ``if n == 0``): a zero count the
    tests never give is, as issue 16 lists, an input the task does not mean (``harmonic_sum(0)``,
    ``count_unset_bits(0)``; measured on both held-out MBPP sets, 9 right solutions kept for 3
    wrong ones let through at zero, such as ``decimal_to_binary(0)``). Floats: ``x > 0`` or
    ``x >= 0``. No upper bound, so wider magnitudes stay inside; a lower bound the statement
    writes (``0 <= k <= len(arr)``) instead, when the seeds keep it (:func:`stated_lower_bound`);
    with support, ``x != 0`` for seeds of both signs without zero, unless the reference singles
    zero out (``if a == 0``). The least seed as a bound (``n >= 2``) was measured and dropped;
  - containers and strings: ``len(xs) >= 1`` when no seed is empty; element types (two levels
    deep); digits (``all(0 <= e <= 9 for e in xs)``), from six or more numbers held, when the
    statement says "digits"; element signs (``all(e >= 0 for e in xs)``, numbers in held tuples
    too; dict values ``> 0``) with ``SIGN_SUPPORT`` numbers seen, six distinct; a letter or digit
    in every string (``any(c.isalnum() for c in s)``) when every seed string has one; tuples of
    one fixed length keep it; sortedness (``list(xs) == sorted(xs)``) when every seed of two or
    more items is sorted and the statement says "sort" (tests' lists are sorted by habit), or,
    as a *stated* rule kept though a seed breaks it, when the statement says "sorted array" and
    the seeds' neighbouring pairs are nearly all in order (a test's list with a typo);
  - structure (:func:`_structure_rules`, :func:`_string_structure_rules`), kept only where the
    seeds would rarely hold it by chance (``CHANCE``) or with enough seeds: distinct elements, a
    range with a fixed number of gaps, exactly one element with an odd count, items of one fixed
    length or rows of one length, binary digit strings, integers in the base the statement
    names, words joined by single separators (``'a_'`` is outside ``'android_tv'``'s domain),
    the range of a unit the statement names (:data:`UNITS`: ``1 <= m <= 12`` for months,
    ``n >= 2`` for primes), letters of one case where the task never speaks of case
    (:func:`_case_rule`), balanced brackets (:func:`_bracket_rules`), dicts in a list with one
    key set, an integer that is 0 in every test (a start index), non-empty inner lists;
  - strings: the character classes seen (letters of either case, digits, whitespace, and each
    other character seen), so ``'a'`` is outside a task tested only on digit strings; none when
    the seeds hold both letters and digits (free text: ``'+5'`` is a fair question for a task
    tested on ``'python'`` and ``'12345'``), with the punctuation the reference's constants name
    (:func:`named_characters`) added to classes the seeds show;
  - dicts: key and value types, and the key set when two or more seeds share the same one;
  - relations: ``len(a) == len(b)``, ``n == len(xs)`` (else ``end == len(xs) - 1``, with a
    ``start == 0`` beside it, else ``k < len(xs)`` with three seeds, else ``k <= len(xs)``),
    ``a <= b`` between numbers (not all equal), ``all(int(c) < base for c in s)``,
    ``set(d1) == set(d2)`` for dicts; generated inputs that break one are repaired where the
    rule can be (:meth:`Domain.repaired`);
  - the type hints of the entry point (:func:`hint_rules`): ``isinstance(xs, List[str])``, what
    tests that pass only ``[]`` or ``''`` cannot show.

Running time is judged only up to the tests' own sizes (:class:`Sizes`) and
:func:`magnitude_bound` (the stage records, not judges, a candidate's timeout on a larger input).

Every rule reads as a ``pre:`` line (:meth:`Domain.lines`), kept in the stage's evidence.

Inputs (:func:`domain_inputs`): boundary values, seed mutants (:mod:`synthcode.mutation`), values
drawn from the type hints with Hypothesis when the seeds are few, empty or uninformative, wider
magnitudes, string case variants, structural variants (a repeat shuffled or tripled, nesting one
level deeper, every argument empty at once), digit runs redrawn in the same shape, and the
task's vocabulary (:func:`vocabulary`: words and symbols of the docstrings, the statement and the
tests' strings, quoted values and the reference's string constants) alone, in place of a seed's
words (a listed word by its neighbours in the list first) or list items, and as phrases; whole
numbers in strings with a sign (:func:`_numeral_variants`); the calls the task's texts write are
seeds too (:func:`examples_in`); ``grow=True`` is the stage's second round, from inputs the
reference answered; every candidate input is classified, those inside first,
then at most a tenth of the budget outside (their disagreements are recorded, not judged)::

    domain = infer_domain([(3, [1, 2, 4])], params=["k", "xs"])
    domain.lines()          # ['pre: isinstance(k, int)', 'pre: k >= 0', ...]
    domain.violation((-1, [1, 2]))   # 'k >= 0'
"""

from __future__ import annotations

import ast
import os
import random
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

DOMAINS = ("inferred", "any")
SIDE_EFFECTS = ("recorded", "rejected")
SORT_WORDS = re.compile(r"\bsort", re.IGNORECASE)
DIGIT_WORDS = re.compile(r"\bdigits?\b", re.IGNORECASE)
POSITIVE_WORDS = re.compile(r"\bpositive\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unit:
    """A kind of integer a statement names, and its range: an integer argument the tests keep
    inside the range, in a task whose words name the unit, is one of these."""

    words: re.Pattern
    low: int
    high: int | None = None
    why: str = ""


UNITS = (
    Unit(re.compile(r"\bmonth", re.IGNORECASE), 1, 12,
         "0 and 13 are not months: a calendar lookup raises there where the reference answers False"),
    Unit(re.compile(r"\bprimes?\b", re.IGNORECASE), 2, None,
         "primality is asked of 2 and up: a loop from 2 to sqrt(n) calls 0 and 1 prime, a correct "
         "test calls them not; a reference that singles 1 or 0 out keeps it inside"),
)
"""The units a statement may name. A rule is kept only when every integer seed is inside
the range; the lower end never excludes a value the reference singles out (:func:`reference_guards`)."""
STATED_SORTED = re.compile(r"\bsorted\s+(?:\w+\s+){0,2}?(?:arrays?|lists?|sequences?|tuples?)\b", re.IGNORECASE)
"""A statement that says its input is sorted (``the first occurrence of x in a sorted array``)."""
ROTATED = re.compile(r"\brotat", re.IGNORECASE)
EVEN_ODD = re.compile(r"\beven\b.*\bodd\b|\bodd\b.*\beven\b", re.IGNORECASE | re.DOTALL)
"""A statement about even and odd numbers both (of a list that holds both in every test)."""
NEARLY_SORTED = 0.8
"""The share of neighbouring pairs in order above which lists that a statement calls sorted are
taken as sorted lists with a typo (``[2, 3, 5, 8, 6, 6, 8, 9]``), not as unsorted input."""
LOWER_STYLE = re.compile(r"\b(?:snake|kebab)[ _-]?case\b", re.IGNORECASE)
"""Identifier styles written in lower case: a snake case string has no capital letter."""
CASE_LETTERS = 8
"""Letters, all of one case, in ``BOUND_SUPPORT`` distinct strings, before a rule on case."""
BASE_WORDS = {"1": re.compile(r"\bbinary\b", re.IGNORECASE), "7": re.compile(r"\boctal\b", re.IGNORECASE)}
"""The largest digit of a number written in the base the statement names."""
CHANCE = 0.01
"""A structural invariant (distinct elements, a small alphabet) is kept only when the seeds
would satisfy it by chance with less than this probability, as Daikon keeps an invariant only
past a confidence limit: ``[1, 2, 3]`` says little about distinctness, ``[4, 1, 3, 2, 5]`` and
``[2, 6, 3, 5, 4]`` say much."""
MAX_VOCABULARY = 60
STOP_WORDS = frozenset(
    "a an and are as be by check for from function given if in is it its of on or python return returns "
    "that the this to whether which with write".split())
"""Words of a statement that name no value of the task (``write a function to ...``)."""
OUTSIDE_SHARE = 10
"""At most ``count // OUTSIDE_SHARE`` inputs outside the domain: their disagreements are only
recorded, so the budget goes to inputs that are judged."""
WIDE = 10**4
"""Wider magnitudes stop here: a correct loop up to ``n`` must still answer within its limit."""
FAR = 100
"""An integer more than this many times the tests' largest (and past ``FAR_FLOOR``) is far beyond
them: a correct loop up to ``n`` may not answer it in time (see :func:`magnitude_bound`)."""
FAR_FLOOR = 1000
"""The least magnitude past which running time is not judged: tests with ``n <= 10`` do not ask
for a loop to ``n = 10,000`` to answer within the reference's time."""
WIDE_LENGTH = 256
"""Strings and lists repeated to make longer inputs stay this short."""
MIN_ELEMENTS = 6
"""Numbers a rule on a container's elements needs to have seen (fewer say little)."""
SIGN_SUPPORT = 8
"""Numbers in containers a sign rule on them needs to have seen, as Daikon keeps an invariant
only with enough observations: tests' lists of a few small positive numbers say little."""
BOUND_SUPPORT = 3
"""Integer seeds of one parameter a ``!= 0`` rule needs."""


@dataclass(kw_only=True, slots=True)
class DifferentialConfig:
    """Settings of the ``differential`` stage (``differential:`` in a verify config)."""

    domain: str = "inferred"
    """``inferred``: a disagreement rejects only on an input inside the inferred (or contracted)
    domain; one outside is recorded in the evidence as an edge disagreement. ``any``: every input
    the reference answers is judged (the behaviour before issue 16)."""

    side_effects: str = "rejected"
    """A candidate that changes its arguments where the reference leaves them alone, while
    returning the reference's value (a list sorted in place to take its least item):
    ``rejected`` (a caller's list changed behind its back; issue 14 counts it wrong), or
    ``recorded`` in ``evidence["arguments_differ"]`` only, for those who count it a choice the
    task leaves open (the tests compare what a call returns). After a call that returns None
    (an in-place function) the arguments are always judged: they are its result."""

    def __post_init__(self) -> None:
        if self.domain not in DOMAINS:
            raise ValueError(f"differential.domain must be one of {', '.join(DOMAINS)}, got {self.domain!r}")
        if self.side_effects not in SIDE_EFFECTS:
            raise ValueError(f"differential.side_effects must be one of {', '.join(SIDE_EFFECTS)}, "
                             f"got {self.side_effects!r}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One likely invariant: ``line`` is how it reads as a ``pre:`` line, ``holds`` checks it."""

    line: str
    holds: Callable[[tuple], bool]
    needs: int = 0
    """The highest argument position it reads: an input without it (a default used) satisfies it."""
    repair: Callable[[tuple], tuple] | None = None
    """Arguments changed to satisfy the rule (``n`` set to ``len(xs)``, a list sorted), for
    generated inputs that break it: mutants rarely keep a relation between arguments."""
    stated: bool = False
    """Read from the statement's words, and kept though a seed breaks it: the tests' own
    arguments are theirs to choose, a generated input is held to what the statement says."""

    def check(self, args: tuple) -> bool:
        if len(args) <= self.needs:
            return True
        try:
            return bool(self.holds(args))
        except (IndexError, TypeError, ValueError, AttributeError):
            return False


@dataclass(slots=True)
class Domain:
    """Where the task is defined: host-side rules (inferred) or sandbox-side ``pre`` expressions."""

    source: str
    """``contracts``, ``tests`` (inferred from their arguments) or ``none``."""
    rules: list[Rule] = field(default_factory=list)
    pre: list[str] = field(default_factory=list)
    """Contract preconditions (evaluated in the sandbox beside the reference's calls)."""
    arity: frozenset[int] = frozenset()

    def lines(self) -> list[str]:
        return [f"pre: {line}" for line in self.pre] + [f"pre: {rule.line}" for rule in self.rules]

    def repaired(self, args: tuple) -> tuple | None:
        """``args`` changed by the repairs of the rules it breaks, or None when that does not
        put it inside (a rule without a repair still broken, or repairs that undo each other)."""
        for _ in range(3):
            broken = [rule for rule in self.rules if not rule.check(args)]
            if not broken:
                return args
            if all(rule.repair is None for rule in broken):
                return None
            for rule in (rule for rule in broken if rule.repair is not None):
                try:
                    args = rule.repair(args)
                except (IndexError, TypeError, ValueError, AttributeError):
                    return None
        return None

    def violation(self, args: tuple) -> str | None:
        """The first inferred rule ``args`` breaks, or None (contracts are checked in the sandbox)."""
        if self.arity and len(args) not in self.arity:
            return f"called with {len(args)} arguments"
        for rule in self.rules:
            if not rule.check(args):
                return rule.line
        return None


# --------------------------------------------------------------------------- inference


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_names(kinds: Iterable[type]) -> str:
    names = sorted({"None" if k is type(None) else k.__name__ for k in kinds})
    return names[0] if len(names) == 1 else f"({', '.join(names)})"


def _allowed_types(values: list[Any]) -> frozenset[type]:
    kinds = {type(v) for v in values}
    if float in kinds:
        kinds.add(int)
    return frozenset(kinds)


def _type_check(kinds: frozenset[type]) -> Callable[[Any], bool]:
    return lambda v: type(v) in kinds


NAME = "\0"
"""Stands for the checked string in a character-class line until the line is given its name."""


def _char_classes(strings: list[str], alphabet: str = "") -> tuple[str, Callable[[str], bool]] | None:
    """The character classes the strings use, as a line and a check; None when unconstrained.
    ``alphabet``: characters the reference names (:func:`named_characters`), allowed too."""
    letters = digits = space = False
    others: set[str] = set()
    for s in strings:
        for c in s:
            if c.isalpha():
                letters = True
            elif c.isdigit():
                digits = True
            elif c.isspace():
                space = True
            else:
                others.add(c)
    if not (letters or digits or space or others) or (letters and digits):
        return None  # letters and digits both: free text, where any character may come
    others |= set(alphabet)  # only beside classes the seeds show: '' alone says nothing
    parts = [p for p, used in (("c.isalpha()", letters), ("c.isdigit()", digits), ("c.isspace()", space)) if used]
    if others:
        parts.append(f"c in {''.join(sorted(others))!r}")
    frozen = frozenset(others)

    def ok(s: str) -> bool:
        return all((letters and c.isalpha()) or (digits and c.isdigit()) or (space and c.isspace()) or c in frozen
                   for c in s)

    return f"all({' or '.join(parts)} for c in {NAME})", ok


def _sorted(value: Any) -> bool:
    items = list(value)
    try:
        return all(a <= b for a, b in zip(items, items[1:]))
    except TypeError:
        return False


def _nested_numbers(value: Any, depth: int = 0) -> Iterable[Any]:
    """The numbers a container holds, and those in the tuples and lists it holds (one level)."""
    if _is_number(value):
        yield value
    elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _nested_numbers(item, depth + 1)


def _element_rules(name: str, i: int, elements: list[Any], var: str,
                   items: Callable[[Any], Iterable[Any]], text: str) -> list[Rule]:
    """Digits: ``all(0 <= e <= 9 for e in xs)`` when at least ``MIN_ELEMENTS`` numbers held, four
    of them distinct, are all digits and the statement speaks of digits (tests' lists are mostly
    of small numbers where any number is meant). The sign of the numbers held, or held in the
    tuples and lists held (``all(x >= 0 for e in xs for x in e)``), only with ``SIGN_SUPPORT``
    numbers seen, ``MIN_ELEMENTS`` of them distinct (one list repeated by every test is one
    observation), all ``>= 0``: a few small positive numbers say little (a wrong solution's bug
    is often on a negative element), many say the task means counts, lengths or prices. A dict's
    values, with that support and never zero: ``all(v > 0 for v in d.values())`` (a ``Counter``
    drops zero counts)."""
    where = f"for {var} in {name}" + (".values()" if var == "v" else "")
    rules: list[Rule] = []
    numbers = [x for e in elements for x in _nested_numbers(e, 1)]
    flat = all(_is_number(e) for e in elements)
    if var == "v" and flat and len(numbers) >= SIGN_SUPPORT and all(x > 0 for x in numbers) and len(set(numbers)) > 3:
        # A dict's values never zero: counts or amounts, where a Counter drops a zero count.
        rules.append(Rule(f"all(v > 0 {where})", lambda a, i=i: all(x > 0 for x in items(a[i]))))
    elif (elements and len(numbers) >= SIGN_SUPPORT and all(x >= 0 for x in numbers)
          and len(set(numbers)) >= MIN_ELEMENTS):
        if flat:
            line = f"all({var} >= 0 {where})"
        else:
            line = f"all(x >= 0 {where} for x in ({var} if isinstance({var}, (list, tuple)) else [{var}]))"
        rules.append(Rule(line, lambda a, i=i: all(x >= 0 for e in items(a[i]) for x in _nested_numbers(e, 1))))
    if len(elements) < MIN_ELEMENTS or not flat:
        return rules
    if (all(type(e) is int and 0 <= e <= 9 for e in elements) and len(set(elements)) > 3
            and DIGIT_WORDS.search(text)):
        rules.append(Rule(f"all(0 <= {var} <= 9 {where})", lambda a, i=i: all(0 <= e <= 9 for e in items(a[i]))))
    return rules


def stated_lower_bound(name: str, text: str) -> int | None:
    """A lower bound the statement writes for ``name`` (``0 <= k <= len(arr)``, ``n >= 1``,
    ``0 < x``), as the least integer allowed; None when it writes none."""
    if not name.isidentifier():
        return None
    below = re.search(rf"(-?\d+)\s*(<=?)\s*{re.escape(name)}\b", text)
    above = re.search(rf"(?<![\w.])\b{re.escape(name)}\s*(>=?)\s*(-?\d+)", text)
    if below:
        return int(below.group(1)) + (below.group(2) == "<")
    if above:
        return int(above.group(2)) + (above.group(1) == ">")
    return None


def reference_guards(source: str, entry_point: str) -> dict[int, int]:
    """The least non-negative integer the reference's ``entry_point`` singles out for each
    parameter (by position) in a comparison with a constant: ``n == 0`` names 0, ``n < 2`` and
    ``n >= 2`` name 1, ``n <= 1`` names 1. A value the reference handles on purpose is one the task
    means, so an inferred lower bound never excludes it (``power``'s ``a == 0``, ``0! == 1``)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    function = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == entry_point), None)
    if function is None:
        return {}
    positions = {a.arg: k for k, a in enumerate(function.args.args)}
    flipped = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
    guards: dict[int, int] = {}
    for node in ast.walk(function):
        if not isinstance(node, ast.Compare) or len(node.ops) != 1:
            continue
        left, op, right = node.left, type(node.ops[0]), node.comparators[0]
        if isinstance(left, ast.Constant):
            left, right, op = right, left, flipped.get(op, op)
        if not (isinstance(left, ast.Name) and left.id in positions and isinstance(right, ast.Constant)
                and type(right.value) is int):
            continue
        value = right.value - 1 if op in (ast.Lt, ast.GtE) else right.value
        if op in (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE) and value >= 0:
            k = positions[left.id]
            guards[k] = min(guards.get(k, value), value)
    return guards


def _unit_rules(name: str, i: int, values: list[int], text: str, guard: int | None) -> list[Rule]:
    """The range of each unit of :data:`UNITS` the statement names and every seed keeps."""
    rules = []
    for unit in UNITS:
        low = unit.low if guard is None else min(unit.low, guard)
        if unit.words.search(text) and all(low <= v and (unit.high is None or v <= unit.high) for v in values):
            if unit.high is None:
                rules.append(Rule(f"{name} >= {low}", lambda a, i=i, lo=low: a[i] >= lo))
            else:
                rules.append(Rule(f"{low} <= {name} <= {unit.high}",
                                  lambda a, i=i, lo=low, hi=unit.high: lo <= a[i] <= hi))
    return rules


def _in_order(values: list[Any]) -> float:
    """The share of neighbouring pairs in order over the lists (0.0 when they cannot compare)."""
    pairs = ordered = 0
    for v in values:
        items = list(v)
        try:
            ordered += sum(a <= b for a, b in zip(items, items[1:]))
        except TypeError:
            return 0.0
        pairs += max(len(items) - 1, 0)
    return ordered / pairs if pairs else 0.0


def _case_rule(name: str, i: int, strings: list[str], text: str, each: bool) -> list[Rule]:
    """Lower case letters only (``not any(c.isupper() for c in s)``) when the statement names a
    lower-case style (snake case, kebab case) and ``BOUND_SUPPORT`` distinct seed strings hold
    ``CASE_LETTERS`` letters, all lower case: ``snake_to_camel('ANDROID_TV')`` is not a snake case
    string. Case alone is not inferred from the seeds: tests are written in lower case by habit,
    and a check of unique characters that folds case is wrong on ``'Aa'``. ``each``: the strings
    are the items of a list. Inputs with capitals are repaired (lowered)."""
    letters = [c for s in strings for c in s if c.isalpha() and c.lower() != c.upper()]
    if (len(set(strings)) < BOUND_SUPPORT or len(letters) < CASE_LETTERS or not LOWER_STYLE.search(text)
            or not all(c.islower() for c in letters)):
        return []
    if each:
        return [Rule(f"not any(c.isupper() for e in {name} for c in e)",
                     lambda a, i=i: not any(c.isupper() for e in a[i] for c in e),
                     repair=lambda a, i=i: _put(a, i, type(a[i])(e.lower() if isinstance(e, str) else e for e in a[i])))]
    return [Rule(f"not any(c.isupper() for c in {name})", lambda a, i=i: not any(c.isupper() for c in a[i]),
                 repair=lambda a, i=i: _put(a, i, a[i].lower()))]


BRACKETS = ("()", "[]", "{}")


def _bracket_rules(name: str, i: int, values: list[str]) -> list[Rule]:
    """As many closing as opening brackets of a kind, when ``BOUND_SUPPORT`` distinct seeds hold
    that kind and every one is even (``swap_count('[]][][')``: the swaps that balance a string
    presume it can be balanced); a generated string is repaired by closing or opening the rest."""
    rules = []
    for pair in BRACKETS:
        opened, closed = pair
        holding = {v for v in values if opened in v or closed in v}
        if len(holding) >= BOUND_SUPPORT and all(v.count(opened) == v.count(closed) for v in values):
            def repair(a: tuple, i: int = i, o: str = opened, c: str = closed) -> tuple:
                extra = a[i].count(o) - a[i].count(c)
                return _put(a, i, a[i] + c * extra if extra > 0 else o * -extra + a[i])
            rules.append(Rule(f"{name}.count({opened!r}) == {name}.count({closed!r})",
                              lambda a, i=i, o=opened, c=closed: a[i].count(o) == a[i].count(c), repair=repair))
    return rules


def _position_rules(name: str, i: int, values: list[Any], text: str, guard: int | None = None,
                    alphabet: str = "") -> list[Rule]:
    rules: list[Rule] = []
    kinds = _allowed_types(values)
    check = _type_check(kinds)
    rules.append(Rule(f"isinstance({name}, {_type_names(kinds)})", lambda a, i=i, c=check: c(a[i])))
    stated = stated_lower_bound(name, text) if all(type(v) is int for v in values) else None
    if stated is not None and all(v >= stated for v in values):  # the statement's own words win
        rules.append(Rule(f"{name} >= {stated}", lambda a, i=i, b=stated: a[i] >= b))
        return rules
    if all(_is_number(v) for v in values):
        ints = all(type(v) is int for v in values)
        supported = ints and len(values) >= BOUND_SUPPORT and len(set(values)) >= 2
        if supported and 0 not in values and min(values) < 0 < max(values) and guard != 0:
            rules.append(Rule(f"{name} != 0", lambda a, i=i: a[i] != 0))
        elif all(v > 0 for v in values) and ints and (POSITIVE_WORDS.search(text) or (supported and guard != 0)):
            rules.append(Rule(f"{name} >= 1", lambda a, i=i: a[i] >= 1))
        elif all(v >= 0 for v in values) and all(type(v) is int for v in values):
            rules.append(Rule(f"{name} >= 0", lambda a, i=i: a[i] >= 0))
        elif all(v > 0 for v in values):
            rules.append(Rule(f"{name} > 0", lambda a, i=i: a[i] > 0))
        elif all(v >= 0 for v in values):
            rules.append(Rule(f"{name} >= 0", lambda a, i=i: a[i] >= 0))
        if ints:
            rules += _unit_rules(name, i, values, text, guard)
        if ints and len(values) >= BOUND_SUPPORT and all(v == 0 for v in values):
            # Zero in every test while the other arguments vary: a start index a recursive
            # solution carries (check_min_heap(arr, 0)), not a value the task asks about.
            rules.append(Rule(f"{name} == 0", lambda a, i=i: a[i] == 0, repair=lambda a, i=i: _put(a, i, 0)))
        top = max((max(str(v)) for v in values if v >= 0), default="9")
        if ints and top < "9" and any(v > int(top) for v in values) and all(v >= 0 for v in values) and any(
                top <= digit and word.search(text) for digit, word in BASE_WORDS.items()):
            # binary_to_decimal(1011), octal_To_Decimal(25): an integer written in a base the
            # statement names; 2 is not binary, 9 is not octal.
            digit = min(d for d, word in BASE_WORDS.items() if top <= d and word.search(text))
            rules.append(Rule(f"max(str({name})) <= {digit!r}", lambda a, i=i, d=digit: max(str(a[i])) <= d))
        return rules
    if not all(isinstance(v, (str, list, tuple, dict, set, frozenset)) for v in values):
        return rules
    if all(len(v) >= 1 for v in values):
        rules.append(Rule(f"len({name}) >= 1", lambda a, i=i: len(a[i]) >= 1))
    if all(type(v) is tuple for v in values) and len({len(v) for v in values}) == 1 and len(values) >= 2:
        size = len(values[0])
        rules.append(Rule(f"len({name}) == {size}", lambda a, i=i, n=size: len(a[i]) == n))
    if all(isinstance(v, str) for v in values):
        if len(values) >= BOUND_SUPPORT and len(set(values)) >= 2 and all(len(v) == 1 for v in values):
            # A character, as every test passes one ("remove the first and last occurrence of a
            # given character"): remove_Occ('PHP', 'PHP') is not a question the task asks.
            rules.append(Rule(f"len({name}) == 1", lambda a, i=i: len(a[i]) == 1,
                              repair=lambda a, i=i: _put(a, i, a[i][:1] or "a")))
        if all(any(c.isalnum() for c in v) for v in values):
            # Words seen: a string of separators or punctuation only (``' , '``) is degenerate.
            rules.append(Rule(f"any(c.isalnum() for c in {name})", lambda a, i=i: any(c.isalnum() for c in a[i])))
        classes = _char_classes(values, alphabet)
        if classes is not None:
            line, ok = classes
            rules.append(Rule(line.replace(NAME, name), lambda a, i=i, ok=ok: ok(a[i])))
        rules += _case_rule(name, i, values, text, each=False)
        rules += _bracket_rules(name, i, values)
        rules += _string_structure_rules(name, i, values, text)
        return rules
    if all(isinstance(v, dict) for v in values):
        keys = [k for v in values for k in v]
        items = [x for v in values for x in v.values()]
        if keys:
            kk, vk = _allowed_types(keys), _allowed_types(items)
            rules.append(Rule(f"all(isinstance(k, {_type_names(kk)}) for k in {name})",
                              lambda a, i=i, c=_type_check(kk): all(c(k) for k in a[i])))
            rules.append(Rule(f"all(isinstance(v, {_type_names(vk)}) for v in {name}.values())",
                              lambda a, i=i, c=_type_check(vk): all(c(x) for x in a[i].values())))
            rules += _element_rules(name, i, items, "v", lambda v: v.values(), text)
        key_sets = {frozenset(v) for v in values}
        if len(values) >= 2 and len(key_sets) == 1 and keys:
            try:
                shown = sorted(next(iter(key_sets)))
            except TypeError:
                shown = list(next(iter(key_sets)))
            keys_seen = next(iter(key_sets))
            rules.append(Rule(f"set({name}) == {{{', '.join(map(repr, shown))}}}",
                              lambda a, i=i, s=keys_seen: set(a[i]) == s))
        return rules
    elements = [e for v in values for e in v]
    if elements:
        ek = _allowed_types(elements)
        rules.append(Rule(f"all(isinstance(e, {_type_names(ek)}) for e in {name})",
                          lambda a, i=i, c=_type_check(ek): all(c(e) for e in a[i])))
        rules += _element_rules(name, i, elements, "e", lambda v: v, text)
        key_sets = {frozenset(e) for e in elements if isinstance(e, dict)}
        if len(elements) >= BOUND_SUPPORT and all(isinstance(e, dict) for e in elements) and len(key_sets) == 1:
            # Records of one shape ({'name': ..., 'price': ...}): an item without a key is not one.
            keys = next(iter(key_sets))
            try:
                shown = sorted(keys)
            except TypeError:
                shown = list(keys)
            if keys:
                rules.append(Rule(f"all(set(e) == {{{', '.join(map(repr, shown))}}} for e in {name})",
                                  lambda a, i=i, k=keys: all(isinstance(e, dict) and set(e) == k for e in a[i])))
        if all(isinstance(e, (list, tuple)) for e in elements):
            if len(elements) >= BOUND_SUPPORT and all(len(e) >= 1 for e in elements):
                rules.append(Rule(f"all(len(e) >= 1 for e in {name})", lambda a, i=i: all(len(e) >= 1 for e in a[i])))
            inner = [x for e in elements for x in e]
            if inner:
                ik = _allowed_types(inner)
                rules.append(Rule(f"all(isinstance(x, {_type_names(ik)}) for e in {name} for x in e)",
                                  lambda a, i=i, c=_type_check(ik): all(c(x) for e in a[i] for x in e)))
        if all(isinstance(e, str) for e in elements):
            if all(any(c.isalnum() for c in e) for e in elements):
                rules.append(Rule(f"all(any(c.isalnum() for c in e) for e in {name})",
                                  lambda a, i=i: all(any(c.isalnum() for c in e) for e in a[i])))
            classes = _char_classes(elements, alphabet)
            if classes is not None:
                line, ok = classes
                rules.append(Rule(f"all({line.replace(NAME, 'e')} for e in {name})",
                                  lambda a, i=i, ok=ok: all(ok(e) for e in a[i])))
            rules += _case_rule(name, i, elements, text, each=True)
    if (EVEN_ODD.search(text) and values and all(type(v) in (list, tuple) and v and all(type(e) is int for e in v)
                                                 and any(e % 2 == 0 for e in v) and any(e % 2 for e in v)
                                                 for v in values)):
        # "The first even and odd number of a list": a list without one of them is not asked about.
        rules.append(Rule(f"any(e % 2 == 0 for e in {name}) and any(e % 2 for e in {name})",
                          lambda a, i=i: any(e % 2 == 0 for e in a[i]) and any(e % 2 for e in a[i])))
    ordered = [v for v in values if type(v) in (list, tuple) and len(v) >= 2]
    if ordered and all(_sorted(v) for v in ordered) and SORT_WORDS.search(text):
        rules.append(Rule(f"list({name}) == sorted({name})", lambda a, i=i: _sorted(a[i]),
                          repair=lambda a, i=i: _put(a, i, type(a[i])(sorted(a[i])))))
    elif (ordered and STATED_SORTED.search(text) and not ROTATED.search(text)
          and sum(len(v) - 1 for v in ordered) >= 5 and _in_order(ordered) >= NEARLY_SORTED):
        # The statement says sorted and the tests nearly keep it (one list with a typo): the
        # statement wins over the seeds, which stay as they are (a stated rule).
        rules.append(Rule(f"list({name}) == sorted({name})", lambda a, i=i: _sorted(a[i]),
                          repair=lambda a, i=i: _put(a, i, type(a[i])(sorted(a[i]))), stated=True))
    if all(type(v) in (list, tuple) for v in values):
        rules += _structure_rules(name, i, values)
    return rules


def _distinct_by_chance(values: list[Any]) -> float:
    """The probability that lists of integers this long, drawn uniformly from each list's own
    range, would all hold distinct elements (1.0 when that cannot be said); a list several
    tests pass counts once."""
    chance = 1.0
    for v in {repr(v): v for v in values}.values():
        if len(v) < 2:
            continue
        if not all(type(e) is int for e in v):
            return 1.0
        span = max(v) - min(v) + 1
        for k in range(len(v)):
            chance *= max(span - k, 0) / span
    return chance


def _odd_counts(v: Any) -> int:
    counts: dict[Any, int] = {}
    for e in v:
        counts[e] = counts.get(e, 0) + 1
    return sum(c % 2 for c in counts.values())


def _once_rest_twice(v: Any) -> bool:
    return sorted(Counter(v).values()) == [1] + [2] * (len(set(v)) - 1)


def _structure_rules(name: str, i: int, values: list[Any]) -> list[Rule]:
    try:
        return _structures(name, i, values)
    except TypeError:  # items that do not hash or compare: no structural rule
        return []


def _structures(name: str, i: int, values: list[Any]) -> list[Rule]:
    """Shapes every seed list has, kept only when unlikely by chance (``CHANCE``) or seen often
    enough: distinct elements; with them, a range of integers with a fixed number of gaps
    (``max(xs) - min(xs) + 1 - len(xs) == 1``: a sorted array with one number missing); exactly
    one element occurring an odd number of times (every seed of three or more with a repeat);
    items that are lists or tuples of one fixed length (pairs), or of one length per seed (a
    matrix's rows)."""
    rules: list[Rule] = []
    hashable = all(isinstance(e, (int, str, tuple)) and not isinstance(e, bool) for v in values for e in v)
    long = [v for v in values if len(v) >= 3]
    if hashable and long and all(len(set(v)) == len(v) for v in values) and _distinct_by_chance(values) < CHANCE:
        rules.append(Rule(f"len(set({name})) == len({name})", lambda a, i=i: len(set(a[i])) == len(a[i]),
                          repair=lambda a, i=i: _put(a, i, type(a[i])(dict.fromkeys(a[i])))))
        gaps = {max(v) - min(v) + 1 - len(v) for v in long} if all(type(e) is int for v in long for e in v) else set()
        if len(long) >= 2 and len(gaps) == 1:
            gap = gaps.pop()
            rules.append(Rule(f"max({name}) - min({name}) + 1 - len({name}) == {gap}",
                              lambda a, i=i, g=gap: max(a[i]) - min(a[i]) + 1 - len(a[i]) == g))
            starts = {min(v) for v in long}
            if len(starts) == 1:
                # The range starts where every test's does (1..n with one number missing):
                # find_missing([3, 5], 2) is not such a range.
                start = starts.pop()
                rules.append(Rule(f"min({name}) == {start}", lambda a, i=i, m=start: min(a[i]) == m,
                                  repair=lambda a, i=i, m=start: _put(a, i, type(a[i])(e - min(a[i]) + m for e in a[i]))))
    if hashable and len(long) >= 2 and len(long) == len([v for v in values if v]) and all(
            len(set(v)) < len(v) and _odd_counts(v) == 1 for v in long):
        rules.append(Rule(f"sum(c % 2 for c in Counter({name}).values()) == 1",
                          lambda a, i=i: _odd_counts(a[i]) == 1))
        if all(_once_rest_twice(v) for v in long):
            # Pairs and one single (the element that appears only once): four of a kind is not one.
            rules.append(Rule(f"sorted(Counter({name}).values()) == [1] + [2] * (len(set({name})) - 1)",
                              lambda a, i=i: _once_rest_twice(a[i])))
    items = [e for v in values for e in v]
    if len(items) >= 3 and all(type(e) in (list, tuple) for e in items):
        sizes = {len(e) for e in items}
        if len(sizes) == 1 and len([v for v in values if v]) >= 2:
            size = sizes.pop()
            rules.append(Rule(f"all(len(e) == {size} for e in {name})",
                              lambda a, i=i, n=size: all(len(e) == n for e in a[i])))
        elif all(len({len(e) for e in v}) <= 1 for v in values) and any(len(v) >= 2 for v in values):
            rules.append(Rule(f"len({{len(e) for e in {name}}}) <= 1",
                              lambda a, i=i: len({len(e) for e in a[i]}) <= 1))
    return rules


WORDS_SHAPE = re.compile(r"[^\W_]+(?:[\W_][^\W_]+)*")
"""Runs of letters or digits, each separator a single character between two of them."""


def _string_structure_rules(name: str, i: int, values: list[str], text: str) -> list[Rule]:
    """Binary digit strings (only ``'0'`` and ``'1'``), when nine or more digits in two or more
    seeds say so, or the statement says "binary"; words joined by single separators
    (``'python_program'``), when ``BOUND_SUPPORT`` distinct seeds are, two of them with a
    separator: a leading, trailing or doubled separator (``'a_'``, ``'_'``) is a degenerate
    input the reference may special-case. One test's ``'a b c'`` says too little:
    ``count_words('a  b')`` is a fair question there."""
    rules: list[Rule] = []
    digits = "".join(values)
    if digits and all(v and v.isdigit() and v.isascii() for v in values):
        top = max(digits)
        # Only '0'/'1': tests of digit strings often use few digits ('112112', '111') where any
        # digit is meant, but nine digits all 0 or 1 are a binary string.
        seen_often = len(digits) >= 9 and len(values) >= 2
        if top == "1" and (seen_often or BASE_WORDS["1"].search(text)):
            rules.append(Rule(f"set({name}) <= {{'0', '1'}}", lambda a, i=i: set(a[i]) <= {"0", "1"}))
    distinct = sorted(set(values))
    if len(distinct) >= BOUND_SUPPORT:
        for kind, affix in (("endswith", _common_suffix(distinct)), ("startswith", os.path.commonprefix(distinct))):
            # Every test's string ends with the same word ('... Road'): the task is about it there.
            if len(affix) >= 3 and any(c.isalpha() for c in affix) and not all(v == affix for v in distinct):
                rules.append(Rule(f"{name}.{kind}({affix!r})", lambda a, i=i, k=kind, x=affix: getattr(a[i], k)(x)))
    if (len(set(values)) >= BOUND_SUPPORT and all(WORDS_SHAPE.fullmatch(v) for v in values)
            and sum(not v.isalnum() for v in set(values)) >= 2):
        rules.append(Rule(f"re.fullmatch({WORDS_SHAPE.pattern!r}, {name})",
                          lambda a, i=i: WORDS_SHAPE.fullmatch(a[i]) is not None))
    return rules


def _agree_on_shared(x: dict, y: dict) -> bool:
    try:
        return all(x[k] == y[k] for k in x.keys() & y.keys())
    except TypeError:
        return False


def _common_suffix(values: list[str]) -> str:
    return os.path.commonprefix([v[::-1] for v in values])[::-1]


def _put(args: tuple, k: int, value: Any) -> tuple:
    return args[:k] + (value,) + args[k + 1:]


def _relation_rules(names: list[str], seeds: list[tuple]) -> list[Rule]:
    if len(seeds) < 2:
        return []
    rules: list[Rule] = []
    width = min(len(s) for s in seeds)
    sized = (str, list, tuple, dict, set, frozenset)
    for i in range(width):
        for j in range(width):
            if i == j:
                continue
            a = [s[i] for s in seeds]
            b = [s[j] for s in seeds]
            if i < j and all(type(x) in (list, tuple, str) for x in a + b):
                if all(len(x) == len(y) for x, y in zip(a, b)) and any(len(x) for x in a):
                    rules.append(Rule(f"len({names[i]}) == len({names[j]})",
                                      lambda s, i=i, j=j: len(s[i]) == len(s[j]), max(i, j),
                                      lambda s, i=i, j=j: _put(_put(s, i, s[i][:len(s[j])]), j, s[j][:len(s[i])])))
            if all(type(x) is int for x in a) and all(isinstance(y, sized) for y in b):
                if all(x == len(y) for x, y in zip(a, b)):
                    rules.append(Rule(f"{names[i]} == len({names[j]})",
                                      lambda s, i=i, j=j: s[i] == len(s[j]), max(i, j),
                                      lambda s, i=i, j=j: _put(s, i, len(s[j]))))
                elif all(x == len(y) - 1 for x, y in zip(a, b)):
                    rules.append(Rule(f"{names[i]} == len({names[j]}) - 1",
                                      lambda s, i=i, j=j: s[i] == len(s[j]) - 1, max(i, j),
                                      lambda s, i=i, j=j: _put(s, i, len(s[j]) - 1)))
                    # The last index of a list: an integer the tests always give as 0 beside it
                    # is its first (smallest_missing(A, 0, len(A) - 1): the whole list).
                    for k in range(width):
                        if k not in (i, j) and len(seeds) >= BOUND_SUPPORT and all(
                                type(s[k]) is int and s[k] == 0 for s in seeds):
                            rules.append(Rule(f"{names[k]} == 0", lambda s, k=k: s[k] == 0, k,
                                              lambda s, k=k: _put(s, k, 0)))
                elif len(seeds) >= BOUND_SUPPORT and all(0 <= x < len(y) for x, y in zip(a, b)):
                    # An index into the list, as every test gives it (three or more).
                    rules.append(Rule(f"{names[i]} < len({names[j]})",
                                      lambda s, i=i, j=j: s[i] < len(s[j]), max(i, j),
                                      lambda s, i=i, j=j: _put(s, i, min(s[i], len(s[j]) - 1))))
                elif all(x <= len(y) for x, y in zip(a, b)):
                    rules.append(Rule(f"{names[i]} <= len({names[j]})",
                                      lambda s, i=i, j=j: s[i] <= len(s[j]), max(i, j),
                                      lambda s, i=i, j=j: _put(s, i, min(s[i], len(s[j])))))
            if (all(type(x) is str and x.isdigit() and x.isascii() for x in a) and all(type(y) is int for y in b)
                    and all(max(x) < str(y) for x, y in zip(a, b) if y <= 10) and all(2 <= y <= 10 for y in b)
                    and any(y < 10 and max(x) == str(y - 1) for x, y in zip(a, b))):
                # Digits below a base another argument gives (its top digit seen): to_decimal('101', 2).
                rules.append(Rule(f"all(int(c) < {names[j]} for c in {names[i]})",
                                  lambda s, i=i, j=j: all(int(c) < s[j] for c in s[i]), max(i, j)))
            if i < j and all(isinstance(x, dict) for x in a + b) and any(a) and all(
                    x.keys() == y.keys() for x, y in zip(a, b)):
                rules.append(Rule(f"set({names[i]}) == set({names[j]})",
                                  lambda s, i=i, j=j: s[i].keys() == s[j].keys(), max(i, j)))
            elif i < j and all(isinstance(x, dict) for x in a + b) and sum(bool(x) and bool(y) for x, y in zip(a, b)) >= 2 \
                    and all(_agree_on_shared(x, y) for x, y in zip(a, b)):
                # Dicts merged in every test agree where they share a key: which one wins a
                # conflict is a question the task never asks (merge_dictionaries).
                rules.append(Rule(f"all({names[i]}[k] == {names[j]}[k] for k in set({names[i]}) & set({names[j]}))",
                                  lambda s, i=i, j=j: _agree_on_shared(s[i], s[j]), max(i, j),
                                  lambda s, i=i, j=j: _put(s, j, {k: s[i].get(k, v) for k, v in s[j].items()})))
            if (all(type(x) is int for x in a) and all(type(y) in (list, tuple) and y and type(y[0]) in (list, tuple)
                                                      for y in b) and len(seeds) >= 2
                    and all(x == len(y[0]) for x, y in zip(a, b))):
                # The length every test gives is its first item's (get_equal(tuples, 3)).
                rules.append(Rule(f"{names[i]} == len({names[j]}[0])",
                                  lambda s, i=i, j=j: s[i] == len(s[j][0]), max(i, j),
                                  lambda s, i=i, j=j: _put(s, i, len(s[j][0]))))
            if i < j and all(_is_number(x) for x in a + b):
                if all(x <= y for x, y in zip(a, b)) and any(x != y for x, y in zip(a, b)):
                    rules.append(Rule(f"{names[i]} <= {names[j]}", lambda s, i=i, j=j: s[i] <= s[j], max(i, j)))
                elif all(x >= y for x, y in zip(a, b)) and any(x != y for x, y in zip(a, b)):
                    rules.append(Rule(f"{names[i]} >= {names[j]}", lambda s, i=i, j=j: s[i] >= s[j], max(i, j)))
    return rules


def infer_domain(seeds: list[tuple], params: list[str] | None = None, text: str = "", *,
                 annotations: list[ast.expr | None] | None = None, guards: dict[int, int] | None = None,
                 alphabet: str = "") -> Domain:
    """The likely invariants every seed satisfies (see the module docstring); ``text`` is the
    statement and docstrings (it may say "sorted"); ``annotations``, the entry point's parameter
    hints (from the AST), add a type rule per hinted parameter (:func:`hint_rules`); ``guards``
    (:func:`reference_guards`) keep the values the reference singles out inside a lower bound;
    ``alphabet`` (:func:`named_characters`) the characters it names inside a string's classes."""
    if not seeds:
        return Domain(source="none")
    names = list(params or [])
    names += [f"arg{k}" for k in range(len(names), max(len(s) for s in seeds))]
    rules: list[Rule] = hint_rules(names, annotations or [])
    for i in range(max(len(s) for s in seeds)):
        values = [s[i] for s in seeds if len(s) > i]
        rules += [Rule(r.line, r.holds, i, r.repair, r.stated) for r in _position_rules(names[i], i, values, text, (guards or {}).get(i), alphabet)]
    rules += _relation_rules(names, seeds)
    lines: set[str] = set()
    kept = [r for r in rules if (r.stated or all(r.check(s) for s in seeds))
            and not (r.line in lines or lines.add(r.line))]
    return Domain(source="tests", rules=kept, arity=frozenset(len(s) for s in seeds))


def _hint_check(node: ast.expr | None) -> Callable[[Any], bool] | None:
    """A check that a value fits an annotation read from the AST (never evaluated), or None when
    the annotation says nothing checkable (``Any``, a class of the module, a type variable)."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and node.value is None:
        return lambda v: v is None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _hint_check(node.left), _hint_check(node.right)
        return None if left is None or right is None else (lambda v: left(v) or right(v))
    head, args = node, []
    if isinstance(node, ast.Subscript):
        head = node.value
        args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    name = head.attr if isinstance(head, ast.Attribute) else head.id if isinstance(head, ast.Name) else None
    kind = _HINT_NAMES.get(name or "", "?")
    if kind in ("?", "Any"):
        return None
    if kind is None:
        return lambda v: v is None
    ellipsis = [isinstance(a, ast.Constant) and a.value is Ellipsis for a in args]
    parts = [None if e else _hint_check(a) for a, e in zip(args, ellipsis)]
    anything = lambda v: True  # noqa: E731
    inner = [p or anything for p in parts]
    if kind in ("Optional", "Union"):
        if any(p is None for p in parts):
            return None
        choices = inner + ([lambda v: v is None] if kind == "Optional" else [])
        return lambda v: any(c(v) for c in choices)
    if kind is int:
        return lambda v: type(v) is int
    if kind is float:
        return lambda v: type(v) in (int, float)
    if kind is bool:
        return lambda v: type(v) is bool
    if kind is str:
        return lambda v: type(v) is str
    if kind in (list, set):
        element = inner[0] if inner else anything
        kinds = (list, tuple) if name in ("Sequence", "Iterable") else (set, frozenset) if kind is set else (list,)
        return lambda v: type(v) in kinds and all(element(e) for e in v)
    if kind is tuple:
        if not args or (len(args) == 2 and ellipsis[1]):
            element = inner[0] if args else anything
            return lambda v: type(v) is tuple and all(element(e) for e in v)
        return lambda v: type(v) is tuple and len(v) == len(inner) and all(c(e) for c, e in zip(inner, v))
    if kind is dict:
        key, value = (inner + [anything, anything])[:2]
        return lambda v: isinstance(v, dict) and all(key(k) and value(x) for k, x in v.items())
    return None


def hint_rules(names: list[str], annotations: list[ast.expr | None]) -> list[Rule]:
    """``isinstance(xs, List[str])`` per parameter whose hint says something checkable: an
    element type that the tests' ``[]`` or ``''`` never show (a list of ints given to a function
    of strings is outside, however the reference answers it). Kept, like every rule, only when
    every seed satisfies it."""
    rules = []
    for i, (name, annotation) in enumerate(zip(names, annotations)):
        check = _hint_check(annotation)
        if check is not None:
            rules.append(Rule(f"isinstance({name}, {ast.unparse(annotation)})", lambda a, i=i, c=check: c(a[i]), i))
    return rules


def _integers(value: Any, depth: int = 0) -> Iterable[int]:
    if type(value) is int:
        yield value
    elif isinstance(value, (list, tuple, set, frozenset)) and depth < 3:
        for item in value:
            yield from _integers(item, depth + 1)
    elif isinstance(value, dict) and depth < 3:
        for item in value.values():
            yield from _integers(item, depth + 1)


def magnitude_bound(seeds: list[tuple]) -> int:
    """The largest integer magnitude the task's running time is judged at: ``FAR`` times the
    tests' largest, at least ``FAR_FLOOR``. Past it a value is still judged, but running out of time
    is not: ``find_rect_num(10**9 + 7)`` answered by a loop where the reference has a formula is
    slow, not wrong (the tests never asked for that size)."""
    return max(FAR_FLOOR, FAR * max((abs(n) for s in seeds for n in _integers(s)), default=0))


def far_beyond(args: tuple, bound: int) -> bool:
    return any(abs(n) > bound for n in _integers(args))


def _lengths(value: Any, depth: int = 0) -> Iterable[int]:
    if isinstance(value, (str, list, tuple, dict, set, frozenset)):
        yield len(value)
        if depth < 2 and not isinstance(value, str):
            for item in (value.values() if isinstance(value, dict) else value):
                yield from _lengths(item, depth + 1)


SMALL_MAGNITUDE = 16
"""Integers up to this are never past the tests' sizes: an endless loop on ``n = 3`` is a bug
whatever the tests used (``bitcount(0)`` as the only test)."""
SMALL_LENGTH = 8
"""Likewise for lengths of strings and containers."""


@dataclass(frozen=True, slots=True)
class Sizes:
    """The largest integer magnitude and the longest length (strings and containers, two levels
    deep) of the tests' arguments (over all positions, at least ``SMALL_MAGNITUDE`` and
    ``SMALL_LENGTH``): a correct loop or brute force may run out of its time on larger inputs
    where the reference has a formula (the tests never asked for that size), so there a timeout
    is recorded, not judged (:meth:`beyond`)."""

    magnitude: int
    length: int

    @classmethod
    def of(cls, seeds: list[tuple]) -> Sizes:
        return cls(max(SMALL_MAGNITUDE, max((abs(n) for s in seeds for n in _integers(s)), default=0)),
                   max(SMALL_LENGTH, max((n for s in seeds for v in s for n in _lengths(v)), default=0)))

    def beyond(self, args: tuple) -> bool:
        """True when some argument holds a larger integer or is (or holds) a longer string or
        container than any test gave."""
        return (any(abs(n) > self.magnitude for n in _integers(args))
                or any(n > self.length for v in args for n in _lengths(v)))


# --------------------------------------------------------------------------- vocabulary and hints


QUOTED = re.compile("'([^'\\n]{1,24})'" + '|"([^"\\n]{1,24})"')
MAX_LITERAL = 24
"""Longer string constants of the reference are messages, not values of the task."""


def vocabulary(texts: Iterable[str], literals: Iterable[str] = ()) -> list[str]:
    """Words and symbols of the task's text (docstrings, statement, the tests' strings), most
    frequent first: a planet name, a number word or an RPN operator reaches code a mutant of
    ``''`` never does. Quoted values in the text (``'o|'``, ``'.|'``) and ``literals`` (the
    reference's own short string constants: the keys of its ``note_map``, its operators) come
    first, whole, as the task spells them."""
    texts = list(texts)
    counts: dict[str, int] = {}
    for text in texts:
        for token in re.findall(r"[A-Za-z]+|\d+|[^\w\s'\"]", text):
            if token.lower() not in STOP_WORDS:
                counts[token] = counts.get(token, 0) + 1
    whole: dict[str, None] = {}
    for text in texts:
        for match in QUOTED.finditer(text):
            whole[match.group(1) or match.group(2)] = None
    for literal in literals:
        if 0 < len(literal) <= MAX_LITERAL and literal.strip() and "\n" not in literal:
            whole[literal] = None
    words = sorted(counts, key=lambda t: (-counts[t], t))
    return list(dict.fromkeys([*whole, *words]))[:MAX_VOCABULARY]


MAX_EXAMPLES = 20


def examples_in(texts: Iterable[str], entry_point: str) -> list[tuple]:
    """The arguments of every call of ``entry_point`` with literal arguments written in the task's
    texts (``>>> how_many_times('aaaa', 'aa')``, ``add(2, 3) ➞ 5``), at most ``MAX_EXAMPLES``:
    the statement's examples are inputs the task means, where one weak test may pass only ``''``."""
    found: dict[str, tuple] = {}
    pattern = re.compile(rf"(?<![\w.]){re.escape(entry_point)}\(")
    for text in texts:
        for match in pattern.finditer(text):
            depth, end = 1, match.end()
            while end < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            if depth:
                continue
            try:
                args = ast.literal_eval("(" + text[match.end():end - 1] + ",)") if text[match.end():end - 1].strip() else ()
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(args, tuple) and args:
                found.setdefault(repr(args), args)
            if len(found) >= MAX_EXAMPLES:
                return list(found.values())
    return list(found.values())


def string_constants(source: str) -> list[str]:
    """The short string constants of a module's code (docstrings left out), in order, for
    :func:`vocabulary`; none when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings and 0 < len(n.value) <= MAX_LITERAL]


def named_characters(source: str) -> str:
    """The punctuation the reference's code names in short constants of punctuation only (a
    bracket matcher's ``'{'`` and ``'}'``): characters its task means, though the tests' strings
    may never hold them, so a string's character classes keep them inside."""
    chars = {c for const in string_constants(source) if len(const) <= 8 and not any(ch.isalnum() for ch in const)
             for c in const if not c.isspace()}
    return "".join(sorted(chars))


_HINT_NAMES = {
    "int": int, "float": float, "str": str, "bool": bool, "None": None, "list": list, "List": list,
    "tuple": tuple, "Tuple": tuple, "dict": dict, "Dict": dict, "set": set, "Set": set,
    "Optional": "Optional", "Union": "Union", "Sequence": list, "Iterable": list, "Mapping": dict,
    "Any": "Any",
}


def hint_strategy(annotation: ast.expr | None, words: list[str]):
    """A Hypothesis strategy for an annotation read from the AST (never evaluated), or None when
    it names something else."""
    from hypothesis import strategies as st  # only when hints are used

    if annotation is None:
        return None
    node = annotation
    if isinstance(node, ast.Constant) and node.value is None:
        return st.none()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a string annotation
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = hint_strategy(node.left, words), hint_strategy(node.right, words)
        return None if left is None or right is None else left | right
    head, args = node, []
    if isinstance(node, ast.Subscript):
        head = node.value
        inner = node.slice
        args = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
    name = head.attr if isinstance(head, ast.Attribute) else head.id if isinstance(head, ast.Name) else None
    kind = _HINT_NAMES.get(name or "", "?")
    if kind == "?":
        return None
    if kind == "Any":  # a mix of plain values: filter_integers([4, {}, 23.2, 'a'])
        return st.one_of(st.integers(-10, 10), st.floats(-100, 100, allow_nan=False), st.text(max_size=4),
                         st.none(), st.booleans(), st.lists(st.integers(-3, 3), max_size=2),
                         st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=1))
    if kind is None:
        return st.none()
    parts = [None if isinstance(a, ast.Constant) and a.value is Ellipsis else hint_strategy(a, words) for a in args]
    if any(p is None and not (isinstance(a, ast.Constant) and a.value is Ellipsis) for p, a in zip(parts, args)):
        return None
    if kind == "Optional":
        return st.none() | parts[0]
    if kind == "Union":
        return st.one_of(*parts)
    if kind is int:
        return st.integers(-10, 10) | st.integers(-10**4, 10**4)
    if kind is float:
        return st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
    if kind is bool:
        return st.booleans()
    if kind is str:
        alphabet = string.ascii_letters + string.digits + " "
        text = st.text(alphabet, max_size=12)
        if not words:
            return text
        # The task's words alone, as phrases, and as prefixes or suffixes of free text
        # (filter_by_prefix(['johnny', 'xjohn'], 'john')).
        word = st.sampled_from(words)
        return st.one_of(word, st.lists(word, min_size=2, max_size=5).map(" ".join), text,
                         st.tuples(word, text).map("".join), st.tuples(text, word).map("".join))
    element = parts[0] if parts else (st.integers(-10, 10))
    if kind is list:
        return st.lists(element, max_size=8)
    if kind is set:
        return st.sets(element, max_size=8)
    if kind is tuple:
        if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
            return st.lists(element, max_size=8).map(tuple)
        return st.tuples(*parts) if parts else st.lists(st.integers(-10, 10), max_size=6).map(tuple)
    if kind is dict:
        key = parts[0] if parts else st.text(string.ascii_lowercase, max_size=4)
        value = parts[1] if len(parts) > 1 else st.integers(-10, 10)
        return st.dictionaries(key, value, max_size=6)
    return None


def hinted_inputs(annotations: list[ast.expr | None], words: list[str], count: int, seed: int) -> list[tuple]:
    """Up to ``count`` argument tuples drawn from the parameters' type hints (none if any
    parameter has no usable hint); deterministic for ``seed``."""
    if count <= 0 or not annotations:
        return []
    strategies = [hint_strategy(a, words) for a in annotations]
    if any(s is None for s in strategies):
        return []
    from hypothesis import HealthCheck, Phase, given, settings, strategies as st
    from hypothesis import seed as seeded

    drawn: list[tuple] = []

    @seeded(seed)
    @settings(max_examples=count, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.tuples(*strategies))
    def collect(args: tuple) -> None:
        drawn.append(args)

    try:
        collect()
    except Exception:  # a strategy that cannot draw gives no inputs, never a crashed stage
        return []
    return drawn


# --------------------------------------------------------------------------- generating inputs


def _wider(args: tuple, rng: random.Random) -> tuple:
    """Each number scaled up (sign kept), each list of numbers lengthened with larger values (kept
    sorted when it was), other lists and strings repeated."""
    out = []
    for value in args:
        if _is_number(value) and value and abs(value) < WIDE:
            factor = rng.choice((10, 100, 1000))
            out.append(max(-WIDE, min(WIDE, value * factor)))
        elif type(value) is list and value and all(type(x) is int for x in value):
            low, high = min(0, min(value)), max(abs(x) for x in value) * 10 + 10
            extra = [rng.randint(low, high) for _ in range(rng.randint(3, 12))]
            out.append(sorted(value + extra) if _sorted(value) else value + extra)
        elif isinstance(value, (str, list)) and value and len(value) * 6 <= WIDE_LENGTH:
            out.append(value * rng.randint(2, 6))  # longer: a bug at index 26 needs a long string
        else:
            out.append(value)
    return tuple(out)


def _relational(args: tuple) -> list[tuple]:
    """Each number set to another numeric argument's value, one less and one more (``x == hi + 1``
    is where an off-by-one in a comparison between arguments shows)."""
    out = []
    for k, value in enumerate(args):
        if type(value) is not int:
            continue
        for j, other in enumerate(args):
            if type(other) is int and j != k:
                out += [args[:k] + (other + d,) + args[k + 1:] for d in (1, -1, 0)]
    numbers = [k for k, value in enumerate(args) if type(value) is int]
    if len(numbers) > 1:  # every number at once: power(0, 0)
        for small in (0, 1):
            out.append(tuple(small if k in numbers else value for k, value in enumerate(args)))
        for other in args:
            if type(other) in (list, str, tuple) and other:
                out += [args[:k] + (len(other) + d,) + args[k + 1:] for d in (-1, 0)]
    return out


def _deeper(value: list | tuple) -> list | tuple | None:
    """``value`` with one held list (or tuple) nested one level deeper (``[1, [2, 3]]`` to
    ``[1, [2, [3]]]``), or None when it holds none."""
    for j in range(len(value) - 1, -1, -1):
        item = value[j]
        if type(item) is type(value):
            inner = _deeper(item)
            if inner is None:
                inner = item[:-1] + type(item)([type(item)(item[-1:])])
            return value[:j] + type(value)([inner]) + value[j + 1:]
    return None


def _structural_variants(args: tuple, rng: random.Random) -> list[tuple]:
    """Shapes the seeds' mutants rarely take: a list with a repeat shuffled (a duplicate check
    that compares neighbours only misses ``[4, 1, 2, 3, 4]``), a list with its first item
    repeated at its end, a nested list one level deeper than the seed (recursion one level deep
    misses it), and every string and container empty at once (``f([], '')``)."""
    out: list[tuple] = []
    for k, value in enumerate(args):
        if type(value) is tuple and value:
            deeper = _deeper(value)
            if deeper is not None:
                out.append(args[:k] + (deeper,) + args[k + 1:])
        if type(value) is not list or not value:
            continue
        try:
            repeats = len({repr(e) for e in value}) < len(value)
        except TypeError:
            repeats = False
        if repeats:
            for _ in range(2):
                shuffled = value[:]
                rng.shuffle(shuffled)
                out.append(args[:k] + (shuffled,) + args[k + 1:])
            out.append(args[:k] + (value[::-1],) + args[k + 1:])
            twice = next(e for j, e in enumerate(value) if repr(e) in {repr(x) for x in value[:j]})
            out.append(args[:k] + (value + [twice],) + args[k + 1:])  # three of it
        elif len(value) >= 2:
            out.append(args[:k] + (value + value[:1],) + args[k + 1:])
        deeper = _deeper(value)
        if deeper is not None:
            out.append(args[:k] + (deeper,) + args[k + 1:])
            deepest = _deeper(deeper)
            if deepest is not None:
                out.append(args[:k] + (deepest,) + args[k + 1:])
    sized = [k for k, v in enumerate(args) if type(v) in (str, list, tuple, dict)]
    if len(sized) >= 2:
        out.append(tuple(type(v)() if k in sized else v for k, v in enumerate(args)))
    for k, value in enumerate(args):
        if type(value) is str:
            out += [_put(args, k, variant) for variant in _bracket_swaps(value)]
        elif type(value) is list and value and all(type(e) is int and e >= 0 for e in value):
            # The largest item made a power of ten (digit loops differ at exactly 10, 100: radix sort).
            top = max(value)
            power = 10 ** len(str(top)) if top else 10
            out.append(_put(args, k, [power if e == top else e for e in value]))
    return out


def _bracket_swaps(text: str) -> list[str]:
    """``text`` with every bracket of one kind written as another kind (``'([])'`` to ``'({})'``,
    ``'{()}'``): still balanced, where a seed's one kind of bracket hides a wrong pairing of another."""
    out = []
    for pair in BRACKETS:
        if pair[0] not in text and pair[1] not in text:
            continue
        for other in BRACKETS:
            if other != pair and other[0] not in text and other[1] not in text:
                out.append(text.translate(str.maketrans(pair, other)))
    return out


def _case_variants(args: tuple) -> list[tuple]:
    out = []
    for k, value in enumerate(args):
        if isinstance(value, str) and any(c.isalpha() for c in value):
            for variant in {value.upper(), value.lower(), value.title(), value.swapcase()} - {value}:
                out.append(args[:k] + (variant,) + args[k + 1:])
    return out


def _numeral_variants(args: tuple) -> list[tuple]:
    """Each string argument that is a whole number written with a sign, a fraction or spaces
    around it (``'+5'``, ``'-5'``, ``'5.5'``, ``' 5 '``): a task tested on ``'12345'`` and
    ``'python'`` asks what a number is, and these are where parsers differ."""
    out = []
    for k, value in enumerate(args):
        if isinstance(value, str) and value.isdigit() and value.isascii():
            for variant in (f"+{value}", f"-{value}", f"{value}.5", f" {value} "):
                out.append(args[:k] + (variant,) + args[k + 1:])
    return out


def _classes(text: str) -> set[str]:
    return {"letter" if c.isalpha() else "digit" if c.isdigit() else c for c in text}


def _vocabulary_variants(args: tuple, words: list[str], rng: random.Random, count: int,
                         phrases_first: bool = False) -> list[tuple]:
    """Each word alone in place of a string argument (words the seeds lack first) and in place
    of each word of the seed, ``count``
    random phrases of one to four words joined as the seed's words are (by spaces when the seed
    is ``''``: ``sort_numbers('seven one')``), and, in lists that hold strings, each word in
    place of one of them (``rpn_eval([3.0, 5.0, '-'])``); ``phrases_first`` takes phrases and the
    rest in turn."""
    strings = [k for k, v in enumerate(args) if isinstance(v, str)]
    lists = [k for k, v in enumerate(args) if type(v) is list and any(isinstance(e, str) for e in v)]
    if not (strings or lists) or not words:
        return []
    present = {t for k in strings for t in re.findall(r"\w+|[^\w\s]", args[k])}
    seen = set().union(*(_classes(args[k]) for k in strings))
    # Words of the seeds' own kind of characters first (a month name where month names are passed).
    ordered = sorted(words, key=lambda w: (not _classes(w) <= seen, w in present))
    alone = [args[:k] + (word,) + args[k + 1:] for word in ordered for k in strings]
    # Each word of a seed in turn replaced by a task word of its kind ('example.txt' to
    # 'example.exe', '5 apples' to '5 oranges').
    # A word the task lists is replaced by its neighbours in the list first: 'txt' by 'exe' and
    # 'dll' where the statement says ['txt', 'exe', 'dll'], a planet by the next planet.
    place = {w: n for n, w in enumerate(words)}
    swapped = []  # one list per word of the seeds, taken in turn
    for k in strings:
        for match in re.finditer(r"[A-Za-z]+|\d+", args[k]):
            kind = str.isalpha if match.group().isalpha() else str.isdigit
            near = ordered if match.group() not in place else sorted(
                ordered, key=lambda w, m=match.group(): (abs(place[w] - place[m]), len(w) != len(m)))
            swapped.append([args[:k] + (args[k][:match.start()] + word + args[k][match.end():],) + args[k + 1:]
                            for word in near if kind(word) and word != match.group()])
    alone = _round_robin([alone, _round_robin(swapped)])
    out: list[tuple] = []
    for k in lists:
        places = [j for j, e in enumerate(args[k]) if isinstance(e, str)]
        for word in words:
            j = rng.choice(places)
            out.append(args[:k] + (args[k][:j] + [word] + args[k][j + 1:],) + args[k + 1:])
    phrases = []
    for _ in range(count if strings else 0):
        k = rng.choice(strings)
        sep = " " if " " in args[k] or not args[k] else ("," if "," in args[k] else "")
        start = rng.randrange(len(words))  # neighbours: the keys of one dict, the words of one list
        picked = [rng.choice(words[start:start + PHRASE_WINDOW]) for _ in range(rng.randint(1, 4))]
        phrases.append(args[:k] + (sep.join(picked) if sep or len(picked) == 1 else "".join(picked),) + args[k + 1:])
    if phrases_first:  # a second round: the words are those the reference took
        return _round_robin([phrases, alone + out])
    return alone + out + phrases


def _shape_variants(args: tuple, rng: random.Random, count: int) -> list[tuple]:
    """Strings with digits, each run of digits drawn again at its width, up to twice its value
    (``'03-11-2000'`` to ``'05-17-1994'``, ``'1/5'`` to ``'3/8'``): dates, fractions and times
    stay well formed, and a swapped day and month shows where the tests' one date cannot."""
    strings = [k for k, v in enumerate(args) if isinstance(v, str) and any(c.isdigit() for c in v)]
    out = []
    for _ in range(count if strings else 0):
        k = rng.choice(strings)

        def redraw(match: re.Match) -> str:
            width, value = len(match.group()), int(match.group())
            drawn = rng.randint(0, 2 * value + 1) if rng.random() < 0.8 else rng.randint(0, 10 ** width - 1)
            return str(drawn).zfill(width) if match.group()[0] == "0" else str(drawn)

        out.append(args[:k] + (re.sub(r"\d+", redraw, args[k]),) + args[k + 1:])
    return out


SHAPES = 12
"""Well-formed variants (:func:`_shape_variants`) per seed string with digits."""
PHRASES = 4
"""Random phrases of the task's words per seed; ``PHRASES * 8`` when the seeds say little."""
PHRASE_WINDOW = 10
"""A phrase takes its words from this many neighbours in the vocabulary's order (quoted values
and the reference's constants come in the order written, so a phrase is mostly of one kind)."""


def uninformative(seeds: list[tuple]) -> bool:
    """True when the seeds say little: fewer than three, or every argument empty or zero."""
    if len(seeds) < 3:
        return True
    return all(not v for s in seeds for v in s if not isinstance(v, bool))


def domain_inputs(seeds: list[tuple], domain: Domain, count: int, *, boundary: list[tuple], seed: int,
                  words: list[str] = (), annotations: list[ast.expr | None] | None = None,
                  grow: bool = False) -> list[tuple]:
    """``count`` inputs beyond the seeds: inside the domain first (as known on the host), then at
    most a tenth outside it, each source interleaved so a small budget still sees all of them.
    ``grow``: the seeds include inputs the reference answered where it refused most (a second
    round, see the differential stage), so the task's words and the seeds' mutants share the
    budget equally."""
    from synthcode.mutation import generate_inputs

    rng = random.Random(seed)
    words = list(words)
    few = uninformative(seeds) or grow
    mutants = generate_inputs([*seeds, *boundary], count * 4, seed=seed)
    # (inputs, how many to take per round): boundary values and mutants keep most of every
    # round, as they had all the budget before the other sources came (small inputs such as
    # ``([1], 1)`` or ``'Z'`` catch many wrong solutions).
    sources: list[tuple[list[tuple], int]] = [
        (list(boundary), 4), (_round_robin([_relational(s) for s in seeds]), 2), (mutants, 4),
        ([_wider(s, rng) for s in seeds for _ in range(3)] + [_wider(m, rng) for m in mutants[:count // 4]], 1),
        ([v for s in seeds for v in _case_variants(s) + _numeral_variants(s)], 1),
        (_round_robin([_structural_variants(s, rng) for s in seeds]), 1),
        (_round_robin([_shape_variants(s, rng, SHAPES) for s in seeds]), 1),
        (_round_robin([_vocabulary_variants(s, words, rng, PHRASES * (8 if few else 1), grow) for s in seeds]),
         4 if grow else 2 if few else 1)]
    if annotations and few:
        sources.insert(0, (hinted_inputs(annotations, words, count, seed), 3))
    seen = {repr(s) for s in seeds}
    sources = [(_fresh(items, seen), share) for items, share in sources]
    inside: list[tuple] = []
    outside: list[tuple] = []
    for args in _interleave(sources):
        key = repr(args)
        if key in seen:
            continue
        seen.add(key)
        if not domain.violation(args):
            inside.append(args)
            continue
        outside.append(args)
        fixed = domain.repaired(args)  # the mutant with its relations restored
        if fixed is not None and repr(fixed) not in seen:
            seen.add(repr(fixed))
            inside.append(fixed)
    room_outside = count // OUTSIDE_SHARE if domain.rules else count
    chosen = inside[:count - min(room_outside, len(outside))]
    return chosen + outside[:count - len(chosen)]


def _fresh(items: list[tuple], seen: set[str]) -> list[tuple]:
    """``items`` without repeats and without those in ``seen`` (a round's share is not wasted)."""
    out, keys = [], set(seen)
    for args in items:
        key = repr(args)
        if key not in keys:
            keys.add(key)
            out.append(args)
    return out


def _round_robin(lists: list[list[tuple]]) -> list[tuple]:
    """The first of each list, then the second of each, and so on."""
    longest = max((len(items) for items in lists), default=0)
    return [items[k] for k in range(longest) for items in lists if k < len(items)]


def _interleave(sources: list[tuple[list[tuple], int]]) -> Iterable[tuple]:
    """Round by round, ``share`` inputs from each source (fewer once it runs out)."""
    positions = [0] * len(sources)
    while any(positions[k] < len(items) for k, (items, _) in enumerate(sources)):
        for k, (items, share) in enumerate(sources):
            yield from items[positions[k]:positions[k] + share]
            positions[k] += share

