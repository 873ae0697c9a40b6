"""The checks of a questionnaire's `depends_on`, made once every question has been read.

A dependency must name a known question other than itself, and dependencies must not go round in
a circle, directly or through the gated levels (a practice also needs every practice below it in
its own area), since the roadmap could then put neither first. Problems are added to the
document, as `path:line:col: message` at the question that lists the dependency.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from ops_maturity.core.model.prerequisites import is_level_node, needs_graph
from ops_maturity.core.model.questionnaire import Area, Question
from ops_maturity.core.parsing.toml_positions import KeyPath
from ops_maturity.core.parsing.validation import TomlDocument


def check_dependencies(
    document: TomlDocument,
    areas: list[Area],
    question_paths: Mapping[str, KeyPath],
    duplicate_question_ids: Set[str],
) -> None:
    """Report every `depends_on` that names an unknown question or the question itself, every
    dependency cycle, and (when there is none) a cycle through the levels. `question_paths` says
    where each question was written; questions whose id is duplicated are not checked."""
    questions = {question.id: question for area in areas for question in area.questions}
    for question in questions.values():
        if question.id in duplicate_question_ids:
            continue  # which of the two is meant is unclear; the duplicate is reported
        path = question_paths.get(question.id, ())
        for index, dependency in enumerate(question.depends_on):
            if dependency not in questions and dependency not in question_paths:
                document.problem(
                    (*path, "depends_on", index),
                    f"question '{question.id}' depends on unknown question '{dependency}'",
                )
            elif dependency == question.id:
                document.problem(
                    (*path, "depends_on", index), f"question '{question.id}' depends on itself"
                )
    reported: set[frozenset[str]] = set()
    for cycle in find_cycles(
        {qid: [d for d in q.depends_on if d in questions] for qid, q in questions.items()}
    ):
        if len(cycle) < 2 or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        chain = " -> ".join([*cycle, cycle[0]])
        document.problem(
            (*question_paths.get(cycle[0], ()), "depends_on"), f"dependency cycle: {chain}"
        )
    if not reported:
        _check_dependencies_agree_with_levels(document, areas, questions, question_paths)


def _check_dependencies_agree_with_levels(
    document: TomlDocument,
    areas: list[Area],
    questions: dict[str, Question],
    question_paths: Mapping[str, KeyPath],
) -> None:
    """A practice also needs every practice below it in its own area (levels are gated), so
    `depends_on` must not lead back to a practice from one of its own lower levels: the
    roadmap could not put either first."""
    graph = needs_graph(areas, questions)
    cycles = [cycle for cycle in find_cycles(graph) if sum(not is_level_node(n) for n in cycle) > 1]
    if not cycles:
        return
    cycle = cycles[0]
    first = next(node for node in cycle if not is_level_node(node))
    start = cycle.index(first)
    steps: list[str] = []
    through_level = False
    for node in [*cycle[start:], *cycle[:start], first]:
        if is_level_node(node):
            through_level = True
            continue
        area_id = questions[node].area_id
        steps.append(f"{node} (a lower level of area '{area_id}')" if through_level else node)
        through_level = False
    more = f"; and {len(cycles) - 1} more like it" if len(cycles) > 1 else ""
    document.problem(
        (*question_paths.get(first, ()), "depends_on"),
        "dependency cycle through levels (a practice needs every practice below it in "
        f"its area): {' -> '.join(steps)}{more}",
    )


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Return one cycle per loop found by depth-first search.

    Iterative, with an explicit stack: a valid chain of thousands of dependencies must not hit
    Python's recursion limit.
    """
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in graph:
        if root in state:
            continue
        path: list[str] = [root]
        on_path_index = {root: 0}
        state[root] = 1
        pending = [iter(graph.get(root, []))]
        while pending:
            successor = next(pending[-1], None)
            if successor is None:
                pending.pop()
                finished = path.pop()
                del on_path_index[finished]
                state[finished] = 2
                continue
            if state.get(successor) == 1:
                cycles.append(path[on_path_index[successor] :])
            elif successor not in state:
                state[successor] = 1
                on_path_index[successor] = len(path)
                path.append(successor)
                pending.append(iter(graph.get(successor, [])))
    return cycles
