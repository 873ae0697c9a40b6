"""No import circle anywhere in the package, except through imports made only for type checking.

grimp (which import-linter is built on) reads every import statement in ops_maturity, those
inside functions too, so a circle dodged with a function-level import is still found. Imports
under `if TYPE_CHECKING:` never run, so they cannot form a circle at run time and are left out.
"""

from __future__ import annotations

import grimp

PACKAGE = "ops_maturity"


def _import_graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)


def import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The package's modules that import one another in a circle, one sorted list per circle
    (the strongly connected components of more than one module, found with Tarjan's algorithm)."""
    modules = sorted(m for m in graph.modules if m.split(".")[0] == PACKAGE)
    imports = {
        module: sorted(
            m for m in graph.find_modules_directly_imported_by(module) if m.split(".")[0] == PACKAGE
        )
        for module in modules
    }
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = lowest[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in imports[module]:
            if imported not in order:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in on_stack:
                lowest[module] = min(lowest[module], order[imported])
        if lowest[module] == order[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in modules:
        if module not in order:
            visit(module)
    return circles


def test_no_module_imports_itself_through_others() -> None:
    """No import circle in ops_maturity outside TYPE_CHECKING, function-level imports included."""
    assert import_circles(_import_graph()) == []


def test_a_circle_would_be_found() -> None:
    """The check can fail: the assessment importing the roadmap (which imports it) is a circle."""
    graph = _import_graph()
    graph.add_import(
        importer="ops_maturity.core.model.assessment", imported="ops_maturity.core.model.roadmap"
    )
    circles = import_circles(graph)
    assert len(circles) == 1
    assert {"ops_maturity.core.model.assessment", "ops_maturity.core.model.roadmap"} <= set(
        circles[0]
    )
