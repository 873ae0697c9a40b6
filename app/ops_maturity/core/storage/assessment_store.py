"""Read and write assessment files: bounded reads, atomic writes, never a file too large to read.

The format itself (TOML, every version) is `assessment_toml`'s; file names are `file_names`'s;
questionnaire changes since a file was written are `reconcile`'s. Writing goes through
`ops_maturity.core.files.atomic_file`, so a crash at any instant leaves the old file or the new
one, never a torn one.
"""

from __future__ import annotations

import os
from pathlib import Path

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.atomic_file import write_bytes_atomically
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.parsing.validation import MAX_FILE_BYTES, read_toml_document
from ops_maturity.core.storage.assessment_toml import assessment_from_document, assessment_to_toml


class AssessmentTooLargeError(OpsMaturityError):
    """The assessment would be larger than the loader reads, so it is not written."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size
        super().__init__(
            f"{path} would be {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit that "
            "ops-maturity reads back; shorten some notes or reasons"
        )


def save_assessment_atomically(assessment: Assessment, path: Path) -> os.stat_result:
    """Write the assessment to `path` atomically and return the written file's stat.

    Raises AssessmentTooLargeError (and writes nothing) when the file would be over the size the
    loader reads, so no file is ever written that cannot be opened again; OSError when the disk
    refuses.
    """
    data = assessment_to_toml(assessment).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise AssessmentTooLargeError(path, len(data))
    return write_bytes_atomically(path, data)


def load_assessment(path: Path, display_path: str | None = None) -> Assessment:
    """Read an assessment file. Raises InvalidFileError listing every problem found."""
    return assessment_from_document(read_toml_document(path, display_path))
