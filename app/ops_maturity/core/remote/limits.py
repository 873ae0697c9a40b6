"""Limits against abuse in remote voting: wrong join codes per client address, messages per
connection. Both take an injectable clock, so tests never wait.

- `JoinLimiter`: at most `MAX_FAILED_JOINS` wrong codes from one address (an IPv4 address, or an
  IPv6 /64: one household or phone) within `FAILED_JOIN_WINDOW` seconds, then that address waits;
  other addresses are never affected. At most `MAX_TRACKED_ADDRESSES` are remembered.
- `MessageBudget`: a token bucket per connection, `MESSAGE_BURST` messages at once, then
  `MESSAGES_PER_SECOND`.

Plain Python: no network code, no Textual.
"""

from __future__ import annotations

import ipaddress
from collections import OrderedDict, deque
from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds from a monotonic clock (`time.monotonic` outside tests)."""

MAX_FAILED_JOINS = 5
"""Wrong join codes one client address may send within FAILED_JOIN_WINDOW seconds."""
FAILED_JOIN_WINDOW = 60.0
MAX_TRACKED_ADDRESSES = 10_000
"""Addresses remembered for the wrong-code limit; beyond it the oldest is forgotten."""
MESSAGES_PER_SECOND = 5.0
MESSAGE_BURST = 20
"""A connection may send MESSAGE_BURST messages at once, then MESSAGES_PER_SECOND."""


def address_key(address: str) -> str:
    """The key the wrong-code limit counts under: the IPv4 address, or the IPv6 /64 network
    (one household or phone holds a whole /64), or the text itself for anything else."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


class JoinLimiter:
    """Counts wrong join codes per client address within a sliding window."""

    def __init__(
        self,
        clock: Clock,
        *,
        limit: int = MAX_FAILED_JOINS,
        window: float = FAILED_JOIN_WINDOW,
        max_addresses: int = MAX_TRACKED_ADDRESSES,
    ) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._max_addresses = max_addresses
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures

    def wait_seconds(self, address: str) -> int:
        """0 when this address may try a code now, else whole seconds until it may."""
        now = self._clock()
        failures = self._recent(address_key(address), now)
        if len(failures) < self._limit:
            return 0
        return max(1, int(failures[0] + self._window - now) + 1)

    def record_failure(self, address: str) -> int:
        """Count a wrong code; returns how many tries this address has left in the window."""
        now = self._clock()
        key = address_key(address)
        failures = self._recent(key, now)
        failures.append(now)
        self._failures[key] = failures
        self._failures.move_to_end(key)
        while len(self._failures) > self._max_addresses:
            self._failures.popitem(last=False)
        return max(0, self._limit - len(failures))

    @property
    def tracked(self) -> int:
        return len(self._failures)


class MessageBudget:
    """A token bucket: how many messages one connection may send (a burst, then a steady rate)."""

    def __init__(
        self, clock: Clock, *, rate: float = MESSAGES_PER_SECOND, burst: int = MESSAGE_BURST
    ) -> None:
        self._clock = clock
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._last = clock()

    def allow(self) -> bool:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rate)
        self._last = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True
