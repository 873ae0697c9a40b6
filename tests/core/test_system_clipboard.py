"""The system clipboard fallback: which tool fits the session, and what running it reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ops_maturity.core.reports.clipboard import clipboard_tools, copy_with_system_tool

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake tools are shell scripts")


def fake_tool(folder: Path, name: str, body: str) -> Path:
    """An executable shell script called `name` in `folder`."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_x11_prefers_xclip_and_wayland_prefers_wl_copy(tmp_path: Path) -> None:
    """The tool follows the session: wl-copy under Wayland, xclip then xsel under X11."""
    bin_folder = tmp_path / "bin"
    for name in ("wl-copy", "xclip", "xsel", "clip.exe"):
        fake_tool(bin_folder, name, "cat >/dev/null")
    x11 = {"PATH": str(bin_folder), "DISPLAY": ":0"}
    wayland = {"PATH": str(bin_folder), "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    console = {"PATH": str(bin_folder)}
    assert [t.name for t in clipboard_tools(x11, "linux")] == ["xclip", "xsel", "clip.exe"]
    assert clipboard_tools(wayland, "linux")[0].name == "wl-copy"
    assert [t.name for t in clipboard_tools(console, "linux")] == ["clip.exe"]


def test_no_tool_on_path_means_no_tool(tmp_path: Path) -> None:
    """With nothing installed the result names no tool and copies nothing."""
    result = copy_with_system_tool("text", {"PATH": str(tmp_path), "DISPLAY": ":0"}, "linux")
    assert result.tool is None
    assert not result.copied


def test_the_tool_receives_the_text_on_stdin(tmp_path: Path) -> None:
    """The whole text, UTF-8, reaches the tool's standard input."""
    out = tmp_path / "clipboard.txt"
    bin_folder = tmp_path / "bin"
    fake_tool(bin_folder, "xclip", f'cat > "{out}"')
    text = "# Roadmap\n\n| a | b |\nÉquipe ✓\n"
    result = copy_with_system_tool(text, {"PATH": str(bin_folder), "DISPLAY": ":0"}, "linux")
    assert (result.tool, result.copied) == ("xclip", True)
    assert out.read_text(encoding="utf-8") == text


def test_a_failing_tool_is_reported_with_its_status(tmp_path: Path) -> None:
    """A tool that exits non-zero counts as not copied, and says how it failed."""
    bin_folder = tmp_path / "bin"
    fake_tool(bin_folder, "xsel", "cat >/dev/null; exit 3")
    result = copy_with_system_tool("x", {"PATH": str(bin_folder), "DISPLAY": ":0"}, "linux")
    assert (result.tool, result.copied) == ("xsel", False)
    assert result.problem == "it exited with status 3"


def test_a_hanging_tool_is_stopped_after_the_timeout(tmp_path: Path) -> None:
    """A tool that never finishes is given up on, and the result says so."""
    bin_folder = tmp_path / "bin"
    fake_tool(bin_folder, "clip.exe", "exec sleep 30")
    result = copy_with_system_tool("x", {"PATH": str(bin_folder)}, "linux", timeout=0.2)
    assert (result.tool, result.copied) == ("clip.exe", False)
    assert result.problem == "it did not finish within 0.2 s"
