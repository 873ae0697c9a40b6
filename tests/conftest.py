"""Suite-wide fixtures: a private cache folder, a disk that fills up, and running code without
root's power over permissions.

No test reads or fills ~/.cache or reads ~/.config: $XDG_CACHE_HOME (where the roll-up keeps its
cache) and $XDG_CONFIG_HOME (where a keymap file may be) point at folders of this test run.

CI runs as root, where a read-only folder is writable anyway and permission tests would skip in
silence. `run_unprivileged` runs their code as root without the capabilities that override file
permissions (`setpriv` drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER), so a 0555
folder refuses it as it refuses any user. It stays the owner of the checkout and the venv, so the
tests pass wherever they live: switching to `nobody` instead failed whenever the clone sat under a
0700 folder (as `mktemp -d` makes), where nobody could not even start the venv's Python.
`full_disk` mounts a small tmpfs when root may mount one, and otherwise makes writes beneath its
folder fail with ENOSPC (os.write and os.fsync patched), so the test runs everywhere
(`OPS_MATURITY_SIMULATE_FULL_DISK=1` forces the simulation).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

RunUnprivileged = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder of its own that a test may make read-only: permissions restored, removed after."""
    folder = Path(tempfile.mkdtemp(prefix="om-faults-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


PERMISSION_OVERRIDES = "-dac_override,-dac_read_search,-fowner"
"""The capabilities that let root ignore file permissions, as `setpriv` drops them."""


@pytest.fixture
def run_unprivileged() -> RunUnprivileged:
    """Run `python -c CODE ARGS...` so that file permissions apply to it (under root, without
    the capabilities that override them)."""

    def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", code, *args]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.fail("running as root without setpriv: cannot drop privileges")
            command = [
                setpriv,
                f"--bounding-set={PERMISSION_OVERRIDES}",
                f"--inh-caps={PERMISSION_OVERRIDES}",
                *command,
            ]
        environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/tmp"}
        return subprocess.run(command, capture_output=True, text=True, timeout=60, env=environment)

    return run


class FullDisk:
    """A folder on a disk that can be filled up and freed again."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch, mounted: bool) -> None:
        self.folder = folder
        self.mounted = mounted
        self._monkeypatch = monkeypatch
        self._filler = folder / "filler.bin"
        self._full = False

    def fill(self) -> None:
        """Use up every byte. On a real tmpfs, write until ENOSPC; else start refusing writes."""
        self._full = True
        if not self.mounted:
            self._simulate()
            return
        descriptor = os.open(self._filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            for size in (1 << 16, 1 << 10, 1):
                try:
                    while True:
                        os.write(descriptor, b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
        finally:
            os.close(descriptor)

    def free(self) -> None:
        self._full = False
        self._filler.unlink(missing_ok=True)

    def _simulate(self) -> None:
        real_write, real_fsync = os.write, os.fsync

        def on_this_disk(descriptor: int) -> bool:
            try:
                target = os.readlink(f"/proc/self/fd/{descriptor}")
            except OSError:
                return True
            return target.startswith(str(self.folder))

        def write(descriptor: int, data: bytes) -> int:
            if self._full and on_this_disk(descriptor):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(descriptor, data)

        def fsync(descriptor: int) -> None:
            if self._full and on_this_disk(descriptor):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_fsync(descriptor)

        self._monkeypatch.setattr(os, "write", write)
        self._monkeypatch.setattr(os, "fsync", fsync)


def _mount_tmpfs(folder: Path) -> bool:
    if os.environ.get("OPS_MATURITY_SIMULATE_FULL_DISK") == "1":
        return False
    if os.geteuid() != 0 or not sys.platform.startswith("linux") or not shutil.which("mount"):
        return False
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        timeout=30,
    )
    return result.returncode == 0


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FullDisk]:
    """A 256 KB tmpfs (root, Linux) or a simulated disk, to fill up with `fill()`."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = _mount_tmpfs(folder)
    try:
        yield FullDisk(folder, monkeypatch, mounted)
    finally:
        monkeypatch.undo()
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point $XDG_CACHE_HOME (the roll-up's cache) and $XDG_CONFIG_HOME (the keymap file) at
    folders of this test run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))
        yield


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def out_of_order_folder(tmp_path: Path) -> Path:
    """Payments Platform's 2026-Q3, 2026-Q4 and 2027-Q1 in `tmp_path`, with 2026-Q3 filled in late
    (dated after 2026-Q4) and 2026-Q4 spelled 'payments  PLATFORM', beside another team's file.
    Returns the 2027-Q1 file: its previous assessment is 2026-Q4 by label, 2026-Q3 by date."""
    from ops_maturity.core.storage.assessment_store import (
        load_assessment,
        save_assessment_atomically,
    )

    for name in ("payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml"):
        shutil.copyfile(EXAMPLES / name, tmp_path / name)
    late = load_assessment(tmp_path / "payments-platform-2026-q3.toml")
    late.date = dt.date(2026, 12, 2)
    save_assessment_atomically(late, tmp_path / "payments-platform-2026-q3.toml")
    respelled = load_assessment(tmp_path / "payments-platform-2026-q4.toml")
    respelled.team = "payments  PLATFORM"
    save_assessment_atomically(respelled, tmp_path / "payments-platform-2026-q4.toml")
    shutil.copyfile(
        EXAMPLES / "identity-services-2026-q4.toml", tmp_path / "identity-services-2026-q4.toml"
    )
    current = tmp_path / "payments-platform-2027-q1.toml"
    shutil.copyfile(EXAMPLES / current.name, current)
    return current
