"""Copy text with the system's clipboard tool (wl-copy, xclip, xsel, pbcopy, clip.exe).

A terminal app copies by sending OSC 52 to the terminal, but the app cannot know whether the
terminal honoured it: tmux, GNOME Terminal and macOS Terminal ignore it by default. This module is
the fallback: it picks the clipboard tool that fits the session (Wayland, X11, macOS, Windows or
WSL) and runs it with the text on stdin and a timeout. It never raises for a missing or failing
tool; the result says what happened, in words the UI can show. No Textual here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

COPY_TIMEOUT_SECONDS = 3.0
"""How long a clipboard tool may take before it is stopped and the copy counted as failed."""


@dataclass(frozen=True)
class ClipboardTool:
    """One clipboard command: its name as users know it and the full command line."""

    name: str
    command: tuple[str, ...]


@dataclass(frozen=True)
class SystemCopyResult:
    """What trying the system clipboard did: which tool, and whether it worked."""

    tool: str | None
    """The tool that was run, or None when none fits this session."""
    copied: bool
    problem: str = ""
    """Why the tool failed, in plain words ('' when it worked or none was found)."""


KNOWN_TOOLS = "wl-copy, xclip, xsel, pbcopy, clip.exe"
"""The tools this module knows, for messages."""


def clipboard_tools(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> list[ClipboardTool]:
    """The clipboard tools that fit this session and are on PATH, best first.

    wl-copy needs a Wayland session, xclip and xsel an X display; pbcopy is macOS's, and
    clip.exe is Windows' (also reachable from WSL).
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    path = env.get("PATH", os.defpath)
    candidates: list[ClipboardTool] = []
    if platform == "darwin":
        candidates.append(ClipboardTool("pbcopy", ("pbcopy",)))
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(ClipboardTool("wl-copy", ("wl-copy",)))
    if env.get("DISPLAY"):
        candidates.append(ClipboardTool("xclip", ("xclip", "-selection", "clipboard", "-in")))
        candidates.append(ClipboardTool("xsel", ("xsel", "--clipboard", "--input")))
    candidates.append(ClipboardTool("clip.exe", ("clip.exe",)))
    found = []
    for tool in candidates:
        executable = shutil.which(tool.command[0], path=path)
        if executable is not None:
            found.append(ClipboardTool(tool.name, (executable, *tool.command[1:])))
    return found


def copy_with_system_tool(
    text: str,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    timeout: float = COPY_TIMEOUT_SECONDS,
) -> SystemCopyResult:
    """Copy `text` with the first clipboard tool that fits; blocks for at most `timeout`.

    The tool's output goes to /dev/null: xclip and wl-copy leave a process behind that serves
    the clipboard, and waiting for their output would wait for that process.
    """
    tools = clipboard_tools(environ, platform)
    if not tools:
        return SystemCopyResult(None, copied=False)
    tool = tools[0]
    try:
        completed = subprocess.run(
            tool.command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return SystemCopyResult(tool.name, False, f"it did not finish within {timeout:g} s")
    except OSError as error:
        return SystemCopyResult(tool.name, False, error.strerror or str(error))
    if completed.returncode != 0:
        return SystemCopyResult(tool.name, False, f"it exited with status {completed.returncode}")
    return SystemCopyResult(tool.name, copied=True)
