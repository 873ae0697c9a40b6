"""The "acknowledged" pause is a setting: `run --ack-delay SECONDS` or $OPS_MATURITY_ACK_DELAY."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_maturity.cli import main
from ops_maturity.cli.parser import ACK_DELAY_ENV, DEFAULT_ACK_DELAY
from ops_maturity.ui.app import OpsMaturityApp
from ops_maturity.ui.launch import LaunchOptions


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[LaunchOptions]:
    """Record the options the app is started with, without starting it."""
    started: list[LaunchOptions] = []

    def record(app: OpsMaturityApp) -> None:
        started.append(app.options)

    monkeypatch.setattr(OpsMaturityApp, "run", record)
    monkeypatch.delenv(ACK_DELAY_ENV, raising=False)
    return started


def test_the_default_pause_is_three_tenths_of_a_second(
    launched: list[LaunchOptions], tmp_path: Path
) -> None:
    assert main(["run", "--dir", str(tmp_path)]) == 0
    assert launched[0].ack_delay == DEFAULT_ACK_DELAY == 0.3


def test_the_flag_sets_the_pause(launched: list[LaunchOptions], tmp_path: Path) -> None:
    assert main(["run", "--ack-delay", "1.5", "--dir", str(tmp_path)]) == 0
    assert launched[0].ack_delay == 1.5


def test_the_environment_sets_the_pause_and_the_flag_wins(
    launched: list[LaunchOptions], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$OPS_MATURITY_ACK_DELAY is the default; an explicit flag overrides it."""
    monkeypatch.setenv(ACK_DELAY_ENV, "2")
    assert main(["run", "--dir", str(tmp_path)]) == 0
    assert main(["run", "--ack-delay", "0", "--dir", str(tmp_path)]) == 0
    assert [options.ack_delay for options in launched] == [2.0, 0.0]


@pytest.mark.parametrize("value", ["soon", "-1", "11", "nan", "inf"])
def test_a_bad_flag_is_a_usage_error(
    launched: list[LaunchOptions], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", f"--ack-delay={value}"])
    assert exit_info.value.code == 2
    assert "--ack-delay" in capsys.readouterr().err
    assert launched == []


def test_a_bad_environment_value_is_a_usage_error_naming_the_variable(
    launched: list[LaunchOptions],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ACK_DELAY_ENV, "soon")
    assert main(["run"]) == 2
    assert f"{ACK_DELAY_ENV}: 'soon' is not a number of seconds" in capsys.readouterr().err
    assert launched == []
