"""The input domain of a function and inputs drawn inside it first (issue 16).

A reference solution answers many inputs its task never meant to allow with an arbitrary value; a
correct alternative that answers them differently is not wrong. :mod:`synthcode.domain.rules`
infers the domain (from ``pre:`` contracts, or from the tests' arguments as Daikon infers likely
invariants, the statement's words and the reference's own guards); :mod:`synthcode.domain.inputs`
draws inputs inside it first (boundaries, seed mutants, type hints, the task's vocabulary)::

    domain = infer_domain([(3, [1, 2, 4])], params=["k", "xs"])
    domain.lines()          # ['pre: isinstance(k, int)', 'pre: k >= 0', ...]
    domain.violation((-1, [1, 2]))   # 'k >= 0'
"""

from synthcode.domain.inputs import (WIDE, Sizes, domain_inputs, examples_in, far_beyond, hint_strategy, hinted_inputs,
                                     magnitude_bound, uninformative, vocabulary)
from synthcode.domain.rules import (DOMAINS, SIDE_EFFECTS, DifferentialConfig, Domain, Rule, hint_rules, infer_domain,
                                    named_characters, reference_guards, stated_lower_bound, string_constants,
                                    with_argument)

__all__ = [
    "DOMAINS", "SIDE_EFFECTS", "WIDE", "DifferentialConfig", "Domain", "Rule", "Sizes", "domain_inputs", "examples_in",
    "far_beyond", "hint_rules", "hint_strategy", "hinted_inputs", "infer_domain", "magnitude_bound",
    "named_characters", "reference_guards", "stated_lower_bound", "string_constants", "uninformative",
    "vocabulary", "with_argument",
]
