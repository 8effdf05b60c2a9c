"""This process's sockets, for connection-leak checks (Linux: /proc/self/fd, /proc/net/tcp)."""

from __future__ import annotations

import os
from pathlib import Path

FD_DIR = Path("/proc/self/fd")
TCP_TABLE = Path("/proc/net/tcp")
ESTABLISHED = "01"


def supported() -> bool:
    return FD_DIR.is_dir() and TCP_TABLE.is_file()


def _socket_inodes() -> list[str]:
    inodes = []
    for entry in os.listdir(FD_DIR):
        try:
            target = os.readlink(FD_DIR / entry)
        except OSError:  # closed between listdir and readlink (the listing's own fd, for one)
            continue
        if target.startswith("socket:["):
            inodes.append(target[len("socket:[") : -1])
    return inodes


def open_sockets() -> int:
    """File descriptors of this process that are sockets (TCP or otherwise)."""
    return len(_socket_inodes())


def connections_to(port: int) -> int:
    """Established IPv4 TCP connections this process holds to ``port``: the client side only,
    even when the server runs in the same process (its accepted sockets have that port as
    their local port, not their remote one)."""
    mine = set(_socket_inodes())
    count = 0
    for line in TCP_TABLE.read_text().splitlines()[1:]:
        fields = line.split()  # sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
        remote_port = int(fields[2].rsplit(":", 1)[1], 16)
        count += remote_port == port and fields[3] == ESTABLISHED and fields[9] in mine
    return count
