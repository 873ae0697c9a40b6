"""Saves keep the file's identity: its mode, its symlink, and no temp files left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ops_maturity.core.files.atomic_file import (
    TEMP_PREFIX,
    HardLinkedFileError,
    NotARegularFileError,
    ReadOnlyFileError,
    current_umask,
    remove_stale_temp_files,
    replace_refusal,
    temp_tag,
    write_bytes_atomically,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and symlinks")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_existing_files_mode_is_kept(tmp_path: Path) -> None:
    """A file the team made group-writable stays group-writable after a save."""
    path = tmp_path / "a.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o664)
    write_bytes_atomically(path, b"new")
    assert _mode(path) == 0o664
    assert path.read_text(encoding="utf-8") == "new"


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    """A new file gets 0o666 & ~umask, like any other program's, not 0600."""
    old_mask = os.umask(0o022)
    try:
        path = tmp_path / "a.toml"
        write_bytes_atomically(path, b"x")
        assert _mode(path) == 0o644
        assert current_umask() == 0o022
    finally:
        os.umask(old_mask)


def test_a_symlinked_file_is_written_through_to_its_target(tmp_path: Path) -> None:
    """The link stays a link; the target (in another folder) gets the new content."""
    elsewhere = tmp_path / "repo"
    elsewhere.mkdir()
    target = elsewhere / "real.toml"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    write_bytes_atomically(link, b"new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["link.toml", "repo"]
    assert os.listdir(elsewhere) == ["real.toml"]


def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    """Saving onto something that is not a regular file is refused; it stays what it was."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFileError, match="FIFO"):
        write_bytes_atomically(fifo, b"x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_temp_names_stay_short_for_long_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 250-byte file name saves: the temp name does not grow with it."""
    seen: list[str] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        seen.append(os.path.basename(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    path = tmp_path / ("b" * 245 + ".toml")
    write_bytes_atomically(path, b"x")
    assert path.read_text(encoding="utf-8") == "x"
    assert seen and len(seen[0]) < 40 and seen[0].startswith(TEMP_PREFIX)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_temp_files_of_this_target_are_removed(tmp_path: Path) -> None:
    """Temp files of a dead writer, or old ones, go (for any target in the folder, such as the
    report); a live writer's fresh one stays."""
    path = tmp_path / "a.toml"
    own_tag, other_tag = temp_tag(path), temp_tag(tmp_path / "b.toml")
    dead = tmp_path / f"{TEMP_PREFIX}{own_tag}-{_dead_pid()}-00000000.tmp"
    live_fresh = tmp_path / f"{TEMP_PREFIX}{own_tag}-{os.getppid()}-11111111.tmp"
    live_old = tmp_path / f"{TEMP_PREFIX}{own_tag}-{os.getppid()}-22222222.tmp"
    other_target = tmp_path / f"{TEMP_PREFIX}{other_tag}-{_dead_pid()}-33333333.tmp"
    other_live = tmp_path / f"{TEMP_PREFIX}{other_tag}-{os.getppid()}-44444444.tmp"
    legacy = tmp_path / ".a.toml.abcd1234.tmp"
    for file in (dead, live_fresh, live_old, other_target, other_live, legacy):
        file.write_text("partial", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(live_old, (an_hour_ago, an_hour_ago))
    os.utime(legacy, (an_hour_ago, an_hour_ago))
    removed = remove_stale_temp_files(path)
    assert sorted(removed) == sorted([dead, live_old, other_target, legacy])
    assert live_fresh.exists() and other_live.exists()


def test_a_temp_file_naming_an_impossible_pid_is_removed(tmp_path: Path) -> None:
    """`.om-x-99999999999-y.tmp` beside a file once crashed `run --resume` with OverflowError:
    no process has that pid, so its writer is gone and the file goes."""
    path = tmp_path / "a.toml"
    planted = tmp_path / f"{TEMP_PREFIX}x-99999999999-y.tmp"
    planted.write_bytes(b"")
    assert remove_stale_temp_files(path) == [planted]
    assert not planted.exists()


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    """`chmod 444` says "do not change this": the save is refused (root too, who could), the
    file keeps its content and mode, and no temp file is left."""
    path = tmp_path / "a.toml"
    path.write_text("kept\n", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(ReadOnlyFileError, match=r"read-only .*chmod u\+w"):
        write_bytes_atomically(path, b"changed\n")
    assert path.read_text(encoding="utf-8") == "kept\n"
    assert _mode(path) == 0o444
    assert os.listdir(tmp_path) == ["a.toml"]
    assert isinstance(replace_refusal(path), ReadOnlyFileError)


def test_a_hard_linked_file_is_not_replaced(tmp_path: Path) -> None:
    """A replace would give one name a new file and leave the other with the old content: it is
    refused, and both names still share one file."""
    path, other = tmp_path / "a.toml", tmp_path / "b.toml"
    path.write_text("shared\n", encoding="utf-8")
    os.link(path, other)
    with pytest.raises(HardLinkedFileError, match="2 names"):
        write_bytes_atomically(path, b"changed\n")
    assert path.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == "shared\n"
    assert path.stat().st_ino == other.stat().st_ino
    assert isinstance(replace_refusal(other), HardLinkedFileError)
    other.unlink()
    assert replace_refusal(path) is None
    write_bytes_atomically(path, b"changed\n")
    assert path.read_text(encoding="utf-8") == "changed\n"
