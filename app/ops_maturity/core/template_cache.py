"""A disk cache of compiled report templates, so a report does not recompile its template.

Compiling the bundled roadmap template takes longer than rendering it. Jinja2 keeps compiled
templates in `$XDG_CACHE_HOME/ops-maturity/templates` (next to the questionnaire cache), keyed by
the template's name and checked against a checksum of its source and the Python version, so an
edited template is recompiled; the folder is named after the Jinja2 version and the sandbox's
source, so code compiled without the sandbox's current limits is never loaded. Entries are written to a temporary file and renamed into place; an
unreadable or corrupt entry is ignored, and failing to write one is never an error. Imported only
by `app.core.report`, so only when a report is rendered.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from pathlib import Path

import jinja2

from . import template_sandbox
from .questionnaire_cache import cache_folder


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache, except that a cache it cannot write is skipped, not raised."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def _compiler_tag() -> str:
    """Names the compiler: Jinja2's version and the sandbox's source. Code compiled by another
    version (say, before a limit was added to the sandbox's rewriting) is never loaded."""
    digest = hashlib.sha256(jinja2.__version__.encode())
    digest.update(Path(template_sandbox.__file__).read_bytes())
    return digest.hexdigest()[:16]


def template_bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled-template cache, or None when its folder cannot be made."""
    try:
        folder = cache_folder() / f"templates-{_compiler_tag()}"
    except OSError:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))
