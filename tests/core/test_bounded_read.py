"""Reads are bounded: regular files only, at most the limit, and never a hang on a FIFO."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.bounded_read import UnreadableFileError, read_bytes_bounded
from ops_maturity.core.parsing.validation import InvalidFileError, read_toml_document


def test_reads_a_regular_file_whole(tmp_path: Path) -> None:
    """A file within the limit is returned byte for byte."""
    path = tmp_path / "a.toml"
    path.write_bytes(b"x = 1\n")
    assert read_bytes_bounded(path, limit=6) == b"x = 1\n"


def test_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    """One byte over the limit is refused, with the size in the message."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 11)
    with pytest.raises(UnreadableFileError, match="11 bytes; the limit is 10"):
        read_bytes_bounded(path, limit=10)


def test_refuses_dev_zero_without_reading_it() -> None:
    """/dev/zero is a character device: refused at once instead of filling memory."""
    with pytest.raises(UnreadableFileError, match="character device"):
        read_bytes_bounded("/dev/zero")


def test_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    """A FIFO with no writer is refused, not waited on forever."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFileError, match="FIFO"):
        read_bytes_bounded(fifo)


def test_refuses_a_symlink_to_a_device(tmp_path: Path) -> None:
    """A committed symlink to /dev/zero is followed and refused."""
    link = tmp_path / "team.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(UnreadableFileError, match="character device"):
        read_bytes_bounded(link)


def test_refuses_a_folder_and_a_nul_in_the_name(tmp_path: Path) -> None:
    """A folder and a name with NUL give the project's error, never OSError or ValueError."""
    with pytest.raises(UnreadableFileError, match="folder"):
        read_bytes_bounded(tmp_path)
    with pytest.raises(UnreadableFileError, match="invalid file name"):
        read_bytes_bounded(str(tmp_path / "a\0b.toml"))


def test_toml_reader_reports_a_fifo_as_a_file_problem(tmp_path: Path) -> None:
    """The TOML reader turns the refusal into `path: message`, a subclass of the base error."""
    fifo = tmp_path / "q.toml"
    os.mkfifo(fifo)
    with pytest.raises(InvalidFileError) as caught:
        read_toml_document(fifo, "q.toml")
    assert isinstance(caught.value, OpsMaturityError)
    assert str(caught.value) == "q.toml: not a regular file (a FIFO)"
