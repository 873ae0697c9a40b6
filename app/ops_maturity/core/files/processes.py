"""Whether a process id still names a running process on this host, for stale lock and temp files.

On POSIX, signal 0 asks without disturbing the process. On Windows, `os.kill(pid, 0)` would send
CTRL_C_EVENT, so there every process is assumed to be running and only age makes a file stale.

The pid comes from a file name or a file's content, so it is hostile: a pid no process can have
(zero, negative, or beyond a C `pid_t`, which `os.kill` refuses with OverflowError) is simply not
running.
"""

from __future__ import annotations

import os

MAX_PID = 2**31 - 1
"""The largest value a `pid_t` holds; no process id is ever larger."""


def process_is_running(pid: int) -> bool:
    """True when `pid` is running (or cannot be checked); False when it is certainly gone."""
    if not 0 < pid <= MAX_PID:
        return False
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, as another user's process
    except OverflowError:
        return False  # a platform whose pid_t is narrower still
    except OSError:
        return True
    return True
