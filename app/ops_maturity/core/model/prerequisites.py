"""What each practice needs before it: the graph the loader checks and the roadmap orders by.

A practice needs the practices in its `depends_on`, and every practice below it in its own area
(levels are gated: level 3 counts only when levels 1 and 2 do). Levels are chained through one
node per area and level ("every practice of this area at this level or below"), so the graph
stays linear in the number of questions however many levels an area has.

Nodes are question ids, plus those level nodes, whose names start with LEVEL_NODE_PREFIX (no
question id can). Pure functions with explicit stacks and queues: a chain of thousands of
practices takes one pass and no recursion. No I/O.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Callable, Container, Iterable, Mapping
from typing import Any

from ops_maturity.core.model.questionnaire import Area

LEVEL_NODE_PREFIX = "\x00"
"""Level nodes' names start with it; question ids cannot (they start with a letter or digit)."""

NeedsGraph = dict[str, list[str]]
"""Node -> the nodes it needs."""


def level_node(area_id: str, level: int) -> str:
    """The node for 'every practice of `area_id` at `level` or below'."""
    return f"{LEVEL_NODE_PREFIX}{area_id}{LEVEL_NODE_PREFIX}{level}"


def is_level_node(node: str) -> bool:
    return node.startswith(LEVEL_NODE_PREFIX)


def needs_graph(areas: Iterable[Area], known: Container[str] | None = None) -> NeedsGraph:
    """Each practice's needs: `depends_on` (only ids in `known`, when given) and the level below.

    Level nodes need the practices at their level and the level node below.
    """
    graph: NeedsGraph = {}
    for area in areas:
        levels = sorted({question.level for question in area.questions})
        for below, level in itertools.pairwise(levels):
            graph[level_node(area.id, level)] = [level_node(area.id, below)]
        below_of = dict(zip(levels[1:], levels, strict=False))
        for question in area.questions:
            graph.setdefault(level_node(area.id, question.level), []).append(question.id)
            needs = [d for d in question.depends_on if known is None or d in known]
            if question.level in below_of:
                needs.append(level_node(area.id, below_of[question.level]))
            graph[question.id] = needs
    return graph


def without_needs_of(graph: NeedsGraph, done: Iterable[str]) -> NeedsGraph:
    """The graph where practices already `done` need nothing: what they needed holds nothing up."""
    pruned = dict(graph)
    for node in done:
        if node in pruned:
            pruned[node] = []
    return pruned


def topological_order(graph: NeedsGraph) -> list[str]:
    """Every node after everything it needs (Kahn's algorithm). The graph must be acyclic."""
    waiting = {node: len(needs) for node, needs in graph.items()}
    needed_by = _needed_by(graph)
    ready = deque(node for node, count in waiting.items() if count == 0)
    order: list[str] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for dependent in needed_by.get(node, ()):
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                ready.append(dependent)
    return order


def needed_by_others(graph: NeedsGraph, items: Iterable[str]) -> set[str]:
    """The items that some item needs, directly or through other nodes."""
    item_set = set(items)
    seen: set[str] = set()
    stack = [need for item in item_set for need in graph.get(item, ())]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(graph.get(node, ()))
    return seen & item_set


def needs_first(graph: NeedsGraph, start: str, items: Container[str], seen: set[str]) -> list[str]:
    """The items `start` needs, each after what it needs, then `start` itself (if an item).

    Nodes in `seen` are skipped and every node visited is added to it, so calls that share
    `seen` never list an item twice, and the concatenated lists keep every item after all the
    items it needs.
    """
    order: list[str] = []
    if start in seen:
        return order
    seen.add(start)
    stack: list[tuple[str, Any]] = [(start, iter(graph.get(start, ())))]
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            if node in items:
                order.append(node)
        elif child not in seen:
            seen.add(child)
            stack.append((child, iter(graph.get(child, ()))))
    return order


def ordered_with_needs_first(
    graph: NeedsGraph, items: Container[str], key: Callable[[str], Any]
) -> list[str]:
    """Every item in `key` order, except that nothing comes before what it needs.

    Kahn's algorithm choosing, among the items whose needs are all placed, the one with the
    smallest key; other nodes are placed as soon as they are free.
    """
    waiting = {node: len(needs) for node, needs in graph.items()}
    needed_by = _needed_by(graph)
    free: list[str] = []
    heap: list[tuple[Any, str]] = []
    order: list[str] = []

    def release(node: str) -> None:
        if node in items:
            heapq.heappush(heap, (key(node), node))
        else:
            free.append(node)

    for node, count in waiting.items():
        if count == 0:
            release(node)
    while free or heap:
        if free:
            node = free.pop()
        else:
            node = heapq.heappop(heap)[1]
            order.append(node)
        for dependent in needed_by.get(node, ()):
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                release(dependent)
    return order


def latest_needed(graph: NeedsGraph, own: Mapping[str, int]) -> dict[str, tuple[int, str | None]]:
    """For each node, the largest `own` value among it and everything it needs, with the item
    that holds it (None when nothing it needs has a value)."""
    best: dict[str, tuple[int, str | None]] = {}
    for node in topological_order(graph):
        value, source = (own[node], node) if node in own else (-1, None)
        for need in graph.get(node, ()):
            need_value, need_source = best[need]
            if need_value > value:
                value, source = need_value, need_source
        best[node] = (value, source)
    return best


def _needed_by(graph: NeedsGraph) -> dict[str, list[str]]:
    reverse: dict[str, list[str]] = {}
    for node, needs in graph.items():
        for need in needs:
            reverse.setdefault(need, []).append(node)
    return reverse
