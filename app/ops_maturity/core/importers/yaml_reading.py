"""Read a YAML model safely: PyYAML's safe loader only, numbers and dates kept as their text.

PyYAML is an optional extra (`pip install "ops-maturity[import]"`); without it the importer says
so in one line. The reader never builds Python objects from tags (`SafeLoader`), keeps `5.30` as
'5.30' rather than the float 5.3 (ISO control numbers lose their zero otherwise), refuses
aliases to lists or maps (walking them would expand an alias bomb), and caps the number of nodes.
Every YAML error becomes `path:line:col: message`.
"""

from __future__ import annotations

from typing import Any

from ops_maturity.core.importers.common import MissingExtraError, ModelImportError

MAX_NODES = 2_000_000
"""Values in all the documents of one file."""
MAX_DEPTH = 100
"""Lists and maps nested deeper than this are refused (the format needs five)."""

INSTALL_HINT = 'reading YAML needs PyYAML: pip install "ops-maturity[import]"'


def load_yaml_documents(source: str, display_path: str) -> list[Any]:
    """Every document of a YAML stream, as plain data. Raises ModelImportError or
    MissingExtraError."""
    try:
        import yaml
    except ImportError:
        raise MissingExtraError(INSTALL_HINT) from None

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class TextNumbersLoader(base):  # type: ignore[misc]
        """The safe loader, with floats and timestamps kept as the text written."""

    def as_text(loader: Any, node: Any) -> str:
        return str(loader.construct_scalar(node))

    TextNumbersLoader.add_constructor("tag:yaml.org,2002:float", as_text)
    TextNumbersLoader.add_constructor("tag:yaml.org,2002:timestamp", as_text)
    try:
        documents = list(yaml.load_all(source, Loader=TextNumbersLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{display_path}:{mark.line + 1}:{mark.column + 1}" if mark else display_path
        reason = error.problem or error.context or "not valid YAML"
        raise ModelImportError([f"{where}: YAML error: {reason}"]) from None
    except yaml.YAMLError as error:
        raise ModelImportError([f"{display_path}: YAML error: {error}"]) from None
    except RecursionError:
        raise ModelImportError([f"{display_path}: YAML nested too deeply"]) from None
    _check_shape(documents, display_path)
    return documents


def _check_shape(documents: list[Any], display_path: str) -> None:
    """Refuse shared lists or maps (aliases), more than MAX_NODES values, or nesting past
    MAX_DEPTH, walking each container once."""
    seen: set[int] = set()
    count = 0
    stack: list[tuple[Any, int]] = [(document, 0) for document in documents]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ModelImportError([f"{display_path}: more than {MAX_NODES:,} values"])
        if not isinstance(value, dict | list):
            continue
        if id(value) in seen:
            raise ModelImportError(
                [
                    f"{display_path}: a YAML alias repeats a list or a map; only aliases of "
                    "single values (such as a shared risk text) are read"
                ]
            )
        seen.add(id(value))
        if depth >= MAX_DEPTH:
            raise ModelImportError([f"{display_path}: YAML nested deeper than {MAX_DEPTH}"])
        children = list(value.keys()) + list(value.values()) if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children)
