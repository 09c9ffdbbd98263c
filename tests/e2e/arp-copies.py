#!/usr/bin/python3
"""arp-copies.py - broadcast storm probe for the e2e tests.

Usage: arp-copies.py SENDER_NS TARGET_IP TIMEOUT_S NS...

Opens a raw packet socket on eth0 inside every namespace NS (all sockets
exist before anything is sent), sends exactly one broadcast ARP request
"who-has TARGET_IP" from eth0 of namespace SENDER_NS (its own MAC and IPv4
address), then counts, per namespace, the inbound copies of that request
(same sender MAC, opcode request, target TARGET_IP). It stops when every
NS other than the sender has at least one copy and one more second has
passed (late duplicates), or after TIMEOUT_S. Prints "NS COUNT" lines.
Needs root (setns, packet sockets). Standard library only.
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ARP = 0x0806
PACKET_OUTGOING = 4

libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def open_in(ns, home):
    """A packet socket bound to eth0 of namespace 'ns'."""
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        setns(fd)
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ARP))
        s.bind(("eth0", ETH_P_ARP))
    finally:
        setns(home)
        os.close(fd)
    # The bound address carries eth0's MAC (/sys would still show the
    # namespace we started in: setns does not remount it).
    return s, s.getsockname()[4]


def main():
    sender, target, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    names = sys.argv[4:]
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    socks = {}
    for ns in set(names) | {sender}:
        socks[ns] = open_in(ns, home)
    ssock, smac = socks[sender]
    # The sender's IPv4 address, read inside its namespace.
    fd = os.open("/run/netns/" + sender, os.O_RDONLY)
    setns(fd)
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        import fcntl
        req = struct.pack("256s", b"eth0")
        spa = fcntl.ioctl(probe.fileno(), 0x8915, req)[20:24]  # SIOCGIFADDR
        probe.close()
    finally:
        setns(home)
        os.close(fd)
    tpa = socket.inet_aton(target)
    arp = bytes.fromhex("0001080006040001") + smac + spa + bytes(6) + tpa
    frame = b"\xff" * 6 + smac + struct.pack("!H", ETH_P_ARP) + arp
    frame += bytes(60 - len(frame))

    counts = {ns: 0 for ns in names}
    by_fd = {socks[ns][0].fileno(): ns for ns in names}
    ssock.send(frame)
    start = time.monotonic()
    done_at = None
    while True:
        now = time.monotonic()
        if done_at is None and all(counts[ns] > 0 for ns in names if ns != sender):
            done_at = now + 1.0
        end = min(done_at or start + timeout, start + timeout)
        if now >= end:
            break
        ready, _, _ = select.select(list(by_fd), [], [], end - now)
        for fd in ready:
            ns = by_fd[fd]
            data, addr = socks[ns][0].recvfrom(2048)
            if addr[2] == PACKET_OUTGOING or len(data) < 42:
                continue
            if (data[6:12] == smac and data[12:14] == b"\x08\x06"
                    and data[20:22] == b"\x00\x01" and data[38:42] == tpa):
                counts[ns] += 1
    for ns in names:
        print(ns, counts[ns])


if __name__ == "__main__":
    main()
