"""The bundled examples stay as they are: how to tell that a file is one of them.

`examples/` in an ops-maturity source tree (a clone, or an unpacked source release) holds
assessments the README and the docs point at. Opening one with `run --resume` must not change
the clone: no answer saved into it, no lock file or temp file left beside it. So an assessment
file whose folder is `examples/` next to ops-maturity's own `pyproject.toml` is a bundled
example: `session.open_assessment_file` opens it read-only (`EXAMPLE_REASON`), and
`session.copy_example` copies it to the assessments folder to work on. Plain Python, no UI;
this module only reads (a few KB of pyproject.toml), never writes.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.files.bounded_read import UnreadableFileError, read_bytes_bounded

EXAMPLES_FOLDER = "examples"
PROJECT_NAME = "ops-maturity"
_PYPROJECT_LIMIT = 64_000
"""pyproject.toml is read bounded: a few KB, never a hostile file's megabytes."""

EXAMPLE_REASON = "one of ops-maturity's bundled examples, kept as it is"
"""Why a bundled example opens read-only (the app adds how to copy it)."""


def is_bundled_examples_folder(folder: Path) -> bool:
    """True for the `examples/` folder of an ops-maturity source tree: the folder above it
    holds a pyproject.toml whose project is ops-maturity. Never raises: a missing, unreadable,
    oversized or malformed pyproject.toml is simply not ops-maturity's."""
    try:
        folder = folder.resolve()
        if folder.name != EXAMPLES_FOLDER:
            return False
        import tomllib  # only for a folder named examples (start-up never needs it)

        raw = read_bytes_bounded(folder.parent / "pyproject.toml", _PYPROJECT_LIMIT)
        project = tomllib.loads(raw.decode("utf-8")).get("project")
    except (OSError, RuntimeError, ValueError, UnreadableFileError):
        return False  # no such file, a symlink loop, not UTF-8, not TOML
    return isinstance(project, dict) and project.get("name") == PROJECT_NAME


def is_bundled_example(path: Path) -> bool:
    """True for a file in a source tree's `examples/` folder (`is_bundled_examples_folder`),
    followed through symlinks: a link to an example is the example."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return is_bundled_examples_folder(resolved.parent)
