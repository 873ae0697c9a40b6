"""AWS Well-Architected risk rules: parse them, and turn one question's rules into risk bands.

A lens question is a checklist of choices with up to three rules, tried in order, the first true
one giving the risk: `HIGH_RISK`, `MEDIUM_RISK` or `NO_RISK`; `default` always matches. A
condition is `choice && choice`, `a || (b && !c)`: parsed here by a small recursive-descent
parser (never `eval`), with unknown choice ids, trailing tokens and over-long conditions refused.

`risk_bands` finds, from the truth table of every selection, which choices decide "no high risk"
(band 1) and which then decide "no risk" (band 2), each with an "at least N" rule, so the gated
levels of the questionnaire say what WA says: level 1 met exactly when the question is not at
high risk, level 2 exactly when it is at no risk. A choice that only ever makes the risk worse
(an anti-pattern such as "releases are only checked by hand") is inverted: the questionnaire
asks whether it is *avoided*. When no "at least N" rule matches exactly (the rules need an "or"
across bands, say), the rules that never claim less risk than WA and agree most often are chosen,
and the result says how often they agree. Choices that change no risk form band 3, "every best
practice". Pure functions, bounded: at most MAX_TABLE_CHOICES choices are tabulated.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

RISKS = {"HIGH_RISK": 0, "MEDIUM_RISK": 1, "NO_RISK": 2}
"""Risk as a level: 0 high, 1 medium, 2 none."""
MAX_CONDITION_CHARS = 2_000
MAX_CONDITION_DEPTH = 50
MAX_TABLE_CHOICES = 14
"""2**14 selections per question at most; a question with more choices is not tabulated."""

Selection = int
"""A set of choices as a bit mask over the question's choices (bit i: choice i picked)."""
Condition = Callable[[Selection], bool]

_TOKEN = re.compile(r"\s*(&&|\|\||!|\(|\)|[A-Za-z0-9_]+)")


class RuleError(ValueError):
    """A condition that cannot be read; the message says why."""


def parse_condition(text: str, bits: dict[str, int]) -> Condition:
    """A condition over choice ids (`bits`: id -> bit mask) as a function of a selection."""
    if len(text) > MAX_CONDITION_CHARS:
        raise RuleError(f"condition longer than {MAX_CONDITION_CHARS:,} characters")
    tokens: list[str] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise RuleError(f"unexpected '{text[position:].strip()[:20]}' in condition")
        tokens.append(match.group(1))
        position = match.end()
    parser = _Parser(tokens, bits)
    condition = parser.expression(0)
    if parser.index != len(tokens):
        raise RuleError(f"unexpected '{tokens[parser.index]}' in condition")
    return condition


class _Parser:
    """expr := term ('||' term)*; term := factor ('&&' factor)*; factor := '!' factor | '(' expr
    ')' | CHOICE_ID."""

    def __init__(self, tokens: list[str], bits: dict[str, int]) -> None:
        self.tokens = tokens
        self.bits = bits
        self.index = 0

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def expression(self, depth: int) -> Condition:
        if depth > MAX_CONDITION_DEPTH:
            raise RuleError("condition nested too deeply")
        terms = [self._term(depth)]
        while self._peek() == "||":
            self.index += 1
            terms.append(self._term(depth))
        if len(terms) == 1:
            return terms[0]
        alternatives = tuple(terms)
        return lambda selection: any(term(selection) for term in alternatives)

    def _term(self, depth: int) -> Condition:
        factors = [self._factor(depth)]
        while self._peek() == "&&":
            self.index += 1
            factors.append(self._factor(depth))
        if len(factors) == 1:
            return factors[0]
        conjuncts = tuple(factors)
        return lambda selection: all(factor(selection) for factor in conjuncts)

    def _factor(self, depth: int) -> Condition:
        if depth > MAX_CONDITION_DEPTH:
            raise RuleError("condition nested too deeply")
        token = self._peek()
        if token is None:
            raise RuleError("condition ends too early")
        self.index += 1
        if token == "!":
            inner = self._factor(depth + 1)
            return lambda s: not inner(s)
        if token == "(":
            inner = self.expression(depth + 1)
            if self._peek() != ")":
                raise RuleError("a '(' is not closed")
            self.index += 1
            return inner
        if token in ("&&", "||", ")"):
            raise RuleError(f"unexpected '{token}' in condition")
        if token not in self.bits:
            raise RuleError(f"unknown choice '{token}'")
        bit = self.bits[token]
        return lambda s: bool(s & bit)


@dataclass(frozen=True)
class RiskRule:
    condition: Condition | None
    """None for `default`."""
    risk: int


def risk_of(rules: Sequence[RiskRule], selection: Selection) -> int:
    """The first matching rule's risk level (0 high, 1 medium, 2 none); high when none matches."""
    for rule in rules:
        if rule.condition is None or rule.condition(selection):
            return rule.risk
    return 0


@dataclass(frozen=True)
class Band:
    """The choices (indexes) one level's question lists, and how many must be picked."""

    choices: tuple[int, ...]
    at_least: int


@dataclass(frozen=True)
class RiskBands:
    """One WA question as up to three multi-select questions, by level."""

    no_high_risk: Band | None
    no_risk: Band | None
    every_practice: Band | None
    inverted: frozenset[int]
    """Choices asked as 'avoided' (picking them in WA makes the risk worse)."""
    agree: int
    """Selections for which the bands give WA's risk exactly."""
    total: int
    overstates: bool
    """True when some selection would score better than WA's risk (no safe rule was found)."""

    @property
    def exact(self) -> bool:
        return self.agree == self.total


def risk_bands(choice_count: int, none_bits: int, rules: Sequence[RiskRule]) -> RiskBands:
    """The bands for a question with `choice_count` choices (not counting 'None of these', whose
    bits `none_bits` are set exactly when nothing else is picked)."""
    count = choice_count
    everything = (1 << count) - 1

    def wa(selection: Selection) -> int:
        return risk_of(rules, selection | (none_bits if selection == 0 else 0))

    table = [wa(selection) for selection in range(1 << count)]
    inverted = 0
    for index in range(count):
        bit = 1 << index
        changes = [table[s | bit] - table[s] for s in range(1 << count) if not s & bit]
        if any(c < 0 for c in changes) and not any(c > 0 for c in changes):
            inverted |= bit

    def level_of(answer: Selection) -> int:  # the questionnaire's answer -> WA's risk level
        return table[answer ^ inverted]

    def support(predicate: Callable[[int], bool]) -> int:
        mask = 0
        for index in range(count):
            bit = 1 << index
            if any(
                predicate(level_of(s)) != predicate(level_of(s | bit))
                for s in range(1 << count)
                if not s & bit
            ):
                mask |= bit
        return mask

    first = support(lambda level: level >= 1)
    second = support(lambda level: level >= 2) & ~first
    third = everything & ~first & ~second
    rows = Counter((_bits(a & first), _bits(a & second), level_of(a)) for a in range(1 << count))
    width1, width2 = _bits(first), _bits(second)
    best: tuple[tuple[bool, int, int, int], int, int] | None = None
    for k1 in range(0 if width1 == 0 else 1, width1 + 1):
        for k2 in range(0 if width2 == 0 else 1, width2 + 1):
            agree = 0
            safe = True
            for (c1, c2, wa_level), times in rows.items():
                ours = 0 if c1 < k1 else 1 if c2 < k2 else 2
                agree += times if ours == wa_level else 0
                safe = safe and ours <= wa_level
            key = (safe, agree, k1, k2)
            if best is None or key > best[0]:
                best = (key, k1, k2)
    assert best is not None
    (safe, agree, _, _), k1, k2 = best
    return RiskBands(
        Band(_indexes(first), k1) if width1 else None,
        Band(_indexes(second), k2) if width2 else None,
        Band(_indexes(third), _bits(third)) if third else None,
        frozenset(_indexes(inverted)),
        agree,
        1 << count,
        not safe,
    )


def _bits(mask: int) -> int:
    return bin(mask).count("1")


def _indexes(mask: int) -> tuple[int, ...]:
    return tuple(index for index in range(mask.bit_length()) if mask >> index & 1)
