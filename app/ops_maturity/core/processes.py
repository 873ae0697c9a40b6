"""Whether a process id still names a running process on this host, for stale lock and temp files.

On POSIX, signal 0 asks without disturbing the process. On Windows, `os.kill(pid, 0)` would send
CTRL_C_EVENT, so there every process is assumed to be running and only age makes a file stale.
"""

from __future__ import annotations

import os


def process_is_running(pid: int) -> bool:
    """True when `pid` is running (or cannot be checked); False when it is certainly gone."""
    if pid <= 0:
        return False
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, as another user's process
    except OSError:
        return True
    return True
