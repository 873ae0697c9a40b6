"""No cache can be turned against the user: nothing read back runs as code, a cache folder or
entry that someone else could have written is not used, and a damaged entry is only a miss.

Several tests plant files where earlier versions kept a pickled questionnaire and Jinja2's
compiled templates, named as those versions named them: today nothing reads those places.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import stat
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from ops_maturity import __version__
from ops_maturity.core.files.private_cache import (
    cache_folder_path,
    private_cache_folder,
    read_cache_entry,
    write_cache_entry,
)
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.bundled import (
    load_default_questionnaire,
    questionnaires_folder,
    templates_folder,
)
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.reports import sandbox as template_sandbox
from ops_maturity.core.reports.report import SUMMARY_TEMPLATE, _bundled_environment, render_report
from ops_maturity.core.storage.records import default_cache_file, scan_records

from .builders import DAY, MINIMAL_QUESTIONNAIRE
from .rollup_builders import levels, write_questionnaire, write_team

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX owners, modes and FIFOs")

BUNDLED_DISPLAY = "questionnaires/ops-maturity.toml"
NOBODY = 65534


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh $XDG_CACHE_HOME; yields where the ops-maturity cache folder goes in it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    _bundled_environment.cache_clear()
    yield tmp_path / "cache-home" / "ops-maturity"
    _bundled_environment.cache_clear()


def _files_below(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if not path.is_dir())


class _RunsCode:
    """Pickles as a call to builtins.exec: unpickling it runs `code`."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (self.code,)


def _old_questionnaire_entry(cache_home: Path, raw: bytes) -> Path:
    """Where versions before 0.2 kept the pickled bundled questionnaire."""
    digest = hashlib.sha256()
    for part in (__version__.encode(), BUNDLED_DISPLAY.encode(), raw):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return cache_home / f"questionnaire-{digest.hexdigest()}.pickle"


# ------------------------------------------------------------- 1: questionnaire cache


def test_a_planted_questionnaire_pickle_never_runs(cache_home: Path, tmp_path: Path) -> None:
    """A pickle whose reduce is builtins.exec, where the parsed questionnaire used to be
    cached, is never unpickled: loading the bundled questionnaire runs nothing."""
    raw = (questionnaires_folder() / "ops-maturity.toml").read_bytes()
    marker = tmp_path / "ran"
    entry = _old_questionnaire_entry(cache_home, raw)
    entry.parent.mkdir(parents=True, mode=0o700)
    entry.write_bytes(pickle.dumps(_RunsCode(f"open({str(marker)!r}, 'w').close()")))
    entry.chmod(0o600)
    assert load_default_questionnaire() == parse_questionnaire(raw, BUNDLED_DISPLAY)
    assert not marker.exists()


def test_another_questionnaire_under_the_bundled_key_is_not_trusted(cache_home: Path) -> None:
    """A different questionnaire pickled under the bundled file's key does not replace it."""
    raw = (questionnaires_folder() / "ops-maturity.toml").read_bytes()
    other = parse_questionnaire(MINIMAL_QUESTIONNAIRE.read_bytes(), "minimal.toml")
    entry = _old_questionnaire_entry(cache_home, raw)
    entry.parent.mkdir(parents=True, mode=0o700)
    entry.write_bytes(pickle.dumps(other, pickle.HIGHEST_PROTOCOL))
    entry.chmod(0o600)
    loaded = load_default_questionnaire()
    assert loaded.id == "ops-maturity"
    assert loaded == parse_questionnaire(raw, BUNDLED_DISPLAY)


def test_loading_the_bundled_questionnaire_stores_nothing(cache_home: Path) -> None:
    """Parsing takes under 5 ms (benchmarks/RESULTS.md): no parsed copy is written anywhere."""
    load_default_questionnaire()
    assert not cache_home.exists() or _files_below(cache_home) == []


# ------------------------------------------------------------ 2: compiled templates


@pytest.fixture
def assessment(minimal: Questionnaire) -> Assessment:
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    assessment.record(minimal.questions[0].id, Answer(2))
    return assessment


def _old_template_entry(cache_home: Path, name: str) -> Path:
    """Where versions before 0.2 kept Jinja2's compiled code for a bundled template."""
    digest = hashlib.sha256(jinja2.__version__.encode())
    digest.update(Path(template_sandbox.__file__).read_bytes())
    folder = cache_home / f"templates-{digest.hexdigest()[:16]}"
    key = jinja2.FileSystemBytecodeCache(str(folder)).get_cache_key(
        name, f"reports/templates/{name}"
    )
    return folder / f"__jinja2_{key}.cache"


def _bytecode_entry(source: str, code: str) -> bytes:
    """A well-formed Jinja2 bytecode cache entry for `source` that runs `code` when loaded."""
    bucket = jinja2.bccache.Bucket(
        jinja2.Environment(), "key", jinja2.BytecodeCache().get_source_checksum(source)
    )
    bucket.code = compile(code, "<planted>", "exec")
    buffer = io.BytesIO()
    bucket.write_bytecode(buffer)
    return buffer.getvalue()


def test_a_swapped_compiled_template_never_runs(
    cache_home: Path, tmp_path: Path, minimal: Questionnaire, assessment: Assessment
) -> None:
    """Compiled code planted with the right header and source checksum is never loaded: the
    templates are compiled in memory, so the report renders and the planted code does not run."""
    marker = tmp_path / "ran"
    source = (templates_folder() / SUMMARY_TEMPLATE).read_text(encoding="utf-8")
    entry = _old_template_entry(cache_home, SUMMARY_TEMPLATE)
    entry.parent.mkdir(parents=True, mode=0o700)
    entry.write_bytes(_bytecode_entry(source, f"open({str(marker)!r}, 'w').close()"))
    text = render_report(minimal, assessment, bundled_template=SUMMARY_TEMPLATE)
    assert text.startswith("# ")
    assert not marker.exists()


@pytest.mark.timeout(30)
def test_a_fifo_where_a_compiled_template_was_kept_cannot_hang_a_report(
    cache_home: Path, minimal: Questionnaire, assessment: Assessment
) -> None:
    """A FIFO named as a template's cache entry once blocked `report` forever."""
    for name in ("roadmap.md.j2", SUMMARY_TEMPLATE):
        entry = _old_template_entry(cache_home, name)
        entry.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.mkfifo(entry)
    assert render_report(minimal, assessment).startswith("# Operational maturity roadmap")


def test_rendering_a_report_stores_nothing(
    cache_home: Path, minimal: Questionnaire, assessment: Assessment
) -> None:
    """No compiled template is written to disk, where a later run would trust it."""
    render_report(minimal, assessment)
    assert not cache_home.exists() or _files_below(cache_home) == []


# ----------------------------------------------------------- 3: who owns the cache


def _org(tmp_path: Path) -> Path:
    """Two teams' assessments in a folder of their own."""
    org = tmp_path / "org"
    org.mkdir()
    questionnaire = write_questionnaire(org)
    write_team(org, questionnaire, "Payments", "2026-Q4", levels(2, 3))
    write_team(org, questionnaire, "Search", "2026-Q4", levels(1, 1))
    return org


def _plant_team(cache_file: Path, team: str = "Planted") -> None:
    """Rewrite a roll-up cache so that every record it holds names `team`: a cache that is
    trusted then shows that team in the roll-up."""
    data = json.loads(cache_file.read_bytes())
    for entry in data["files"].values():
        if "record" in entry:
            entry["record"]["team"] = team
    mode = stat.S_IMODE(cache_file.stat().st_mode)
    cache_file.chmod(0o600)
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    cache_file.chmod(mode)


def _teams(org: Path, cache_file: Path | None) -> set[str]:
    return {record.team for record in scan_records(org, cache_file=cache_file).records}


def test_the_cache_folder_and_its_entries_are_private(cache_home: Path, tmp_path: Path) -> None:
    """The folder is made 0700, as Jinja2 makes its own; the roll-up's entry 0600."""
    org = _org(tmp_path)
    cache_file = default_cache_file(org)
    assert cache_file is not None and cache_file.parent == cache_home
    scan_records(org, cache_file=cache_file)
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert _teams(org, cache_file) == {"Payments", "Search"}


def test_a_cache_entry_is_written_private_whatever_the_umask(
    cache_home: Path, tmp_path: Path
) -> None:
    """Under umask 002 (common with per-user groups) a new entry is still 0600, so it is read
    back: otherwise the cache would refuse its own entries forever."""
    org = _org(tmp_path)
    cache_file = default_cache_file(org)
    assert cache_file is not None
    old_mask = os.umask(0o002)
    try:
        scan_records(org, cache_file=cache_file)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert scan_records(org, cache_file=cache_file).read == 0


def _make_folder_unsafe(folder: Path, how: str, tmp_path: Path) -> None:
    if how == "writable by others":
        folder.chmod(0o777)
    elif how == "writable by its group":
        folder.chmod(0o770)
    elif how == "a symlink":
        moved = tmp_path / "elsewhere"
        folder.rename(moved)
        folder.symlink_to(moved, target_is_directory=True)
    elif how == "another user's":
        os.chown(folder, NOBODY, NOBODY)


UNSAFE_FOLDERS = [
    "writable by others",
    "writable by its group",
    "a symlink",
    pytest.param(
        "another user's",
        marks=pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder away"),
    ),
]


@pytest.mark.parametrize("how", UNSAFE_FOLDERS)
def test_a_cache_folder_someone_else_could_write_is_not_used(
    cache_home: Path, tmp_path: Path, how: str
) -> None:
    """A roll-up cache that others could have planted is neither read nor written."""
    org = _org(tmp_path)
    cache_file = default_cache_file(org)
    assert cache_file is not None
    scan_records(org, cache_file=cache_file)
    _plant_team(cache_file)
    _make_folder_unsafe(cache_home, how, tmp_path)
    assert private_cache_folder() is None
    assert default_cache_file(org) is None
    assert read_cache_entry(cache_file, 1 << 20) is None
    assert _teams(org, default_cache_file(org)) == {"Payments", "Search"}
    assert _teams(org, cache_file) == {"Payments", "Search"}, "not read even when named"
    assert not write_cache_entry(cache_home / "new.json", b"{}")


def _make_entry_unsafe(entry: Path, how: str, tmp_path: Path) -> None:
    if how == "writable by others":
        entry.chmod(0o666)
    elif how == "writable by its group":
        entry.chmod(0o660)
    elif how == "a symlink":
        moved = tmp_path / "planted.json"
        entry.rename(moved)
        entry.symlink_to(moved)
    elif how == "another user's":
        os.chown(entry, NOBODY, NOBODY)


@pytest.mark.parametrize("how", UNSAFE_FOLDERS)
def test_a_cache_entry_someone_else_could_write_is_a_miss(
    cache_home: Path, tmp_path: Path, how: str
) -> None:
    """In a private folder, an entry that is a symlink or that others could write is ignored,
    and the next run replaces it with a private one."""
    org = _org(tmp_path)
    cache_file = default_cache_file(org)
    assert cache_file is not None
    scan_records(org, cache_file=cache_file)
    _plant_team(cache_file)
    _make_entry_unsafe(cache_file, how, tmp_path)
    scan = scan_records(org, cache_file=cache_file)
    assert {record.team for record in scan.records} == {"Payments", "Search"}
    assert scan.read == 3  # the two assessments and the questionnaire, read again
    if how != "a symlink":  # a symlink is left alone; anything else is replaced
        assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
        assert scan_records(org, cache_file=cache_file).read == 0


# ------------------------------------------------------ 4: a damaged entry is a miss


def _damage(cache_file: Path, how: str, tmp_path: Path) -> None:
    cache_file.unlink()
    if how == "nested ten thousand deep":
        cache_file.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    elif how == "a FIFO":
        os.mkfifo(cache_file, 0o600)
    elif how == "a symlink to /dev/zero":
        cache_file.symlink_to("/dev/zero")
    elif how == "/dev/zero itself":
        os.mknod(cache_file, 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    elif how == "over the size limit":
        with open(cache_file, "wb") as sparse:
            sparse.truncate(64 * 1024 * 1024)
    elif how == "not UTF-8":
        cache_file.write_bytes(b'{"format": \xff}')
    elif how == "wrong types":
        cache_file.write_text('{"format": 2, "files": [1, 2, 3]}', encoding="utf-8")


DAMAGE = [
    "nested ten thousand deep",
    "a FIFO",
    "a symlink to /dev/zero",
    pytest.param(
        "/dev/zero itself",
        marks=pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a device"),
    ),
    "over the size limit",
    "not UTF-8",
    "wrong types",
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_rollup_cache_is_only_a_miss(cache_home: Path, tmp_path: Path, how: str) -> None:
    """No RecursionError, no hang, no MemoryError: the files are read again."""
    org = _org(tmp_path)
    cache_file = default_cache_file(org)
    assert cache_file is not None
    expected = scan_records(org, cache_file=cache_file).records
    _damage(cache_file, how, tmp_path)
    scan = scan_records(org, cache_file=cache_file)
    assert (scan.records, scan.read) == (expected, 3)


def test_a_rollup_cache_stored_for_another_folder_is_not_trusted(
    cache_home: Path, tmp_path: Path
) -> None:
    """Each cache names the folder it was stored for; a cache copied from elsewhere (or one
    that says it is for another folder) is a miss, however well its stamps match."""
    org = _org(tmp_path)
    cache_file = default_cache_file(org)
    assert cache_file is not None
    scan_records(org, cache_file=cache_file)
    _plant_team(cache_file)
    data = json.loads(cache_file.read_bytes())
    data["folder"] = str(tmp_path / "another-org")
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert _teams(org, cache_file) == {"Payments", "Search"}


def test_the_cache_folder_follows_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$XDG_CACHE_HOME when absolute; a relative one is ignored, as the XDG spec asks."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder_path() == tmp_path / "xdg" / "ops-maturity"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder_path() == tmp_path / "home" / ".cache" / "ops-maturity"


def test_a_cache_folder_that_cannot_be_made_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$XDG_CACHE_HOME naming a file: no cache this run, and the roll-up still works."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert private_cache_folder() is None
    org = _org(tmp_path)
    assert _teams(org, default_cache_file(org)) == {"Payments", "Search"}
