"""The shared pid check behind stale locks, temp files and remote claims."""

from __future__ import annotations

import os

import pytest
from ops_maturity.core.files.processes import process_is_running


@pytest.mark.parametrize("pid", [0, -1, 2**31, 99_999_999_999, 2**64])
def test_an_impossible_pid_is_not_running(pid: int) -> None:
    """A pid no process can have (as a planted file may name) is 'not running', never a crash."""
    assert process_is_running(pid) is False


def test_this_process_is_running() -> None:
    assert process_is_running(os.getpid()) is True
