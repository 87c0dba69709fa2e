"""Consistent hashing with virtual nodes, for routing requests to model replicas.

Each replica owns `vnodes` points on a ring of 2**64 positions. A key goes to
the first point at or after its own position (wrapping round). Adding a
replica takes over only the arcs in front of its new points, so about 1/N of
the keys move, all of them to the new replica; removing one hands its arcs to
the next points on the ring.

Positions come from hashlib, never from Python's hash(): str hashes are salted
per process, so two routers would disagree about where a key lives.
"""

from __future__ import annotations

import bisect
import hashlib


def stable_hash(text: str) -> int:
    """A 64-bit position, identical in every process and on every machine."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class ConsistentHashRing:
    def __init__(self, vnodes: int = 100) -> None:
        if vnodes < 1:
            raise ValueError("vnodes must be >= 1")
        self.vnodes = vnodes
        self._ring: list[tuple[int, str]] = []  # sorted (position, replica)
        self._replicas: dict[str, int] = {}  # replica -> number of points (its weight)

    def add(self, replica: str, weight: int = 1) -> None:
        """Add a replica with weight x vnodes points (give a bigger GPU more weight)."""
        if replica in self._replicas:
            raise ValueError(f"replica {replica!r} is already on the ring")
        if weight < 1:
            raise ValueError("weight must be >= 1")
        points = weight * self.vnodes
        self._replicas[replica] = points
        for v in range(points):
            bisect.insort(self._ring, (stable_hash(f"{replica}#{v}"), replica))

    def remove(self, replica: str) -> None:
        if replica not in self._replicas:
            raise KeyError(f"unknown replica {replica!r}")
        del self._replicas[replica]
        self._ring = [point for point in self._ring if point[1] != replica]

    def route(self, key: str) -> str:
        """The replica that serves `key`."""
        return self.preference_list(key, 1)[0]

    def preference_list(self, key: str, n: int) -> list[str]:
        """The first n distinct replicas clockwise from the key: primary, then fallbacks."""
        if not self._ring:
            raise LookupError("no replicas on the ring")
        n = min(n, len(self._replicas))
        start = bisect.bisect_left(self._ring, stable_hash(key), key=lambda point: point[0])
        chosen: list[str] = []
        for k in range(len(self._ring)):
            replica = self._ring[(start + k) % len(self._ring)][1]
            if replica not in chosen:
                chosen.append(replica)
                if len(chosen) == n:
                    break
        return chosen

    @property
    def replicas(self) -> list[str]:
        return sorted(self._replicas)
