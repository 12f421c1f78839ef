"""Failed-authentication limiter: after N failures in a window, a client is refused (429) until
the window slides, so tokens cannot be guessed at network speed. In-process (one server)."""

from __future__ import annotations

import threading
import time
from collections import deque


class FailureLimiter:
    def __init__(self, limit: int, window_seconds: float = 60.0, max_clients: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_clients = max_clients
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Seconds until `key` may try again (0: allowed now)."""
        t = time.monotonic() if now is None else now
        with self._lock:
            q = self._prune(key, t)
            if len(q) < self.limit:
                return 0
            return max(1, int(q[0] + self.window - t + 0.999))

    def fail(self, key: str, now: float | None = None) -> None:
        t = time.monotonic() if now is None else now
        with self._lock:
            if len(self._fails) >= self.max_clients and key not in self._fails:
                # Bounded memory: forget the clients whose failures are oldest.
                oldest = sorted(
                    self._fails, key=lambda k: self._fails[k][-1] if self._fails[k] else 0
                )
                for k in oldest[: len(oldest) // 2]:
                    del self._fails[k]
            self._prune(key, t).append(t)

    def reset(self) -> None:
        with self._lock:
            self._fails.clear()
