"""Find the questionnaires and report templates that ship with the package.

In a wheel they live under `ops_maturity/_bundled/` (mapped there by pyproject's force-include). In a source
checkout or an editable install they are the repository's top-level `questionnaires/` and
`reports/templates/` folders. Either way they are read from the package's folder (through
importlib.resources only when it is not a folder, as in a zip file) and parsed afresh on each
run: with compiled tomli that takes under 5 ms (benchmarks/RESULTS.md), so no parsed copy is
kept on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ops_maturity.core.files.user_paths import InvalidPathError, user_path
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import FileProblem, InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DEFAULT_QUESTIONNAIRE_ID = "ops-maturity"
_PACKAGE = __name__.split(".")[0]
"""The installed package's name (`ops_maturity`), found rather than spelled."""
_PACKAGE_FOLDER = Path(__file__).resolve().parents[2]
"""The installed package's folder (ops_maturity/core/questionnaires/bundled.py -> ops_maturity):
what importlib.resources finds for it, without importing importlib.resources (and zipfile) at
start-up."""


def _package_files() -> Traversable:
    if _PACKAGE_FOLDER.is_dir():
        return _PACKAGE_FOLDER
    from importlib import resources  # a package that is not a folder (a zip file)

    return resources.files(_PACKAGE)


def _bundled_folder(wheel_name: str, source_relative: str) -> Traversable:
    packaged = _package_files() / "_bundled" / wheel_name
    if packaged.is_dir():
        return packaged
    source_root = Path(str(_package_files())).resolve().parents[1]  # app/ops_maturity -> root
    return Path(source_root, source_relative)


def questionnaires_folder() -> Traversable:
    """The folder holding the bundled questionnaire TOML files."""
    return _bundled_folder("questionnaires", "questionnaires")


def templates_folder() -> Traversable:
    """The folder holding the bundled Jinja2 report templates."""
    return _bundled_folder("templates", "reports/templates")


def bundled_questionnaire_files() -> list[Traversable]:
    folder = questionnaires_folder()
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def load_bundled_questionnaires() -> list[Questionnaire]:
    """Load every bundled questionnaire. A broken bundled file raises InvalidFileError."""
    return [
        parse_questionnaire(f.read_bytes(), f"questionnaires/{f.name}")
        for f in bundled_questionnaire_files()
    ]


def names_a_file(reference: str, relative_to: Path | None = None) -> Path | None:
    """The file a questionnaire reference names, or None when it is a bundled id.

    A reference ending in `.toml` or naming an existing file is a path (relative to
    `relative_to` when given); anything else is a bundled id. Raises InvalidPathError for a path
    that cannot name a file (a NUL character, an unknown `~user`).
    """
    if reference.endswith(".toml") or reference.startswith("~") or "\x00" in reference:
        return user_path(reference, relative_to)
    try:
        candidate = user_path(reference, relative_to)
        return candidate if candidate.is_file() else None
    except (InvalidPathError, OSError):
        return None  # not a usable path (empty, a name too long), so a bundled id


def resolve_questionnaire(reference: str, relative_to: Path | None = None) -> Questionnaire:
    """Load a questionnaire by bundled id or by file path.

    A reference ending in `.toml` or naming an existing file is a path (relative to `relative_to`
    when given); anything else is a bundled id. Raises InvalidFileError with a clear message.
    """
    try:
        candidate = names_a_file(reference, relative_to)
    except InvalidPathError as error:
        raise InvalidFileError([FileProblem(reference, None, None, error.reason)]) from None
    if candidate is not None:
        return load_questionnaire(candidate, reference if relative_to is None else str(candidate))
    for file in bundled_questionnaire_files():
        if file.name == f"{reference}.toml":
            return parse_questionnaire(file.read_bytes(), f"questionnaires/{file.name}")
    for questionnaire in load_bundled_questionnaires():
        if questionnaire.id == reference:
            return questionnaire
    known = ", ".join(f.name.removesuffix(".toml") for f in bundled_questionnaire_files())
    raise InvalidFileError(
        [
            FileProblem(
                reference, None, None, f"no bundled questionnaire with this id (bundled: {known})"
            )
        ]
    )


def load_default_questionnaire() -> Questionnaire:
    return resolve_questionnaire(DEFAULT_QUESTIONNAIRE_ID)
