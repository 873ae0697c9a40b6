"""The command line's remote voting: `run --remote` and its options, and the old `serve`."""

from __future__ import annotations

import pytest
from ops_maturity.cli import main
from ops_maturity.cli.parser import build_parser
from ops_maturity.cli.run import remote_options
from ops_maturity.core.remote.options import DEFAULT_HOST, DEFAULT_PORT, RemoteOptions


def test_serve_says_where_remote_voting_went(capsys: pytest.CaptureFixture[str]) -> None:
    """`ops-maturity serve FILE` is gone: a usage error that points to `run --remote`."""
    assert main(["serve", "assessments/team.toml", "--port", "8000"]) == 2
    error = capsys.readouterr().err
    assert "run --resume ASSESSMENT.toml --remote" in error
    assert "Start remote voting" in error


def test_remote_options_default_to_this_machine_only() -> None:
    """--remote alone listens on 127.0.0.1:8000; without it there is no remote voting."""
    parser = build_parser()
    assert remote_options(parser.parse_args(["run", "--team", "T"])) is None
    assert remote_options(parser.parse_args(["run", "--remote"])) == RemoteOptions(
        DEFAULT_HOST, DEFAULT_PORT
    )


def test_host_port_and_public_url_imply_remote() -> None:
    """Any of the three options turns remote voting on, with the others at their defaults."""
    parser = build_parser()
    assert remote_options(parser.parse_args(["run", "--port", "0"])) == RemoteOptions(port=0)
    options = remote_options(
        parser.parse_args(["run", "--host", "::1", "--public-url", "https://vote.example.org"])
    )
    assert options == RemoteOptions("::1", DEFAULT_PORT, "https://vote.example.org")


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (["--port", "70000"], "must be a port number"),
        (["--port", "-1"], "must be a port number"),
        (["--public-url", "ftp://x"], "must be an http:// or https:// address"),
        (["--public-url", "vote.example.org"], "must be an http:// or https:// address"),
    ],
)
def test_bad_remote_options_are_usage_errors(
    argument: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad port or public URL stops before the app starts, with a plain reason."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["run", *argument])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
