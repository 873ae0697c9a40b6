"""No import circle in the UI or the web server, except through imports for type checking only.

Screens, dialogs and widgets import the app module only under TYPE_CHECKING (an import-linter
contract says so); this test goes further: among `ops_maturity.ui` and `ops_maturity.web`, no
module reaches itself again through imports that run, at module level or inside a function.
"""

from __future__ import annotations

import grimp

PACKAGES = ("ops_maturity.ui", "ops_maturity.web")


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_outside_type_checking() -> None:
    graph = grimp.build_graph("ops_maturity", exclude_type_checking_imports=True)
    modules = {module for module in graph.modules if module.startswith(PACKAGES)}
    assert _cycles(graph, modules) == []


def test_the_check_finds_a_circle() -> None:
    """The same check on a graph with one circle added reports it (a check that cannot fail
    would prove nothing)."""
    graph = grimp.build_graph("ops_maturity", exclude_type_checking_imports=True)
    graph.add_import(importer="ops_maturity.ui.widgets.vote_grid", imported="ops_maturity.ui.app")
    modules = {module for module in graph.modules if module.startswith(PACKAGES)}
    assert any("ops_maturity.ui.widgets.vote_grid" in group for group in _cycles(graph, modules))
