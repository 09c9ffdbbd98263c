#!/usr/bin/python3
"""arp-copies.py - broadcast storm probe for the e2e tests.

Usage: arp-copies.py [-n COUNT] [-i INTERVAL_MS] SENDER_NS TARGET_IP
                     TIMEOUT_S NS...

Opens a raw packet socket on eth0 inside every namespace NS (all sockets
exist before anything is sent), then sends broadcast ARP requests from
eth0 of namespace SENDER_NS (its own MAC and IPv4 address): one request
"who-has TARGET_IP" by default, or COUNT requests INTERVAL_MS apart for
the targets TARGET_IP, TARGET_IP+1, ... It counts, per namespace and per
request, the inbound copies (same sender MAC, opcode request, that
target).

With one request it stops when every NS other than the sender has a copy
and one more second has passed (late duplicates), or after TIMEOUT_S, and
prints "NS COUNT" lines. With COUNT > 1 it stops one second after the
last request (or after TIMEOUT_S) and prints "NS REQUESTS_SEEN MAX_COPIES"
lines (how many of the requests reached NS, and the most copies of any
one request). Needs root (setns, packet sockets). Standard library only.
"""
import ctypes
import fcntl
import getopt
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ARP = 0x0806
PACKET_OUTGOING = 4
SIOCGIFADDR = 0x8915

libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def open_in(ns, home):
    """A packet socket bound to eth0 of namespace 'ns', eth0's MAC and
    IPv4 address (None if it has none)."""
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        setns(fd)
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ARP))
        s.bind(("eth0", ETH_P_ARP))
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            req = struct.pack("256s", b"eth0")
            ip = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, req)[20:24]
        except OSError:
            ip = None
        probe.close()
    finally:
        setns(home)
        os.close(fd)
    # The bound address carries eth0's MAC (/sys would still show the
    # namespace we started in: setns does not remount it).
    return s, s.getsockname()[4], ip


def main():
    opts, args = getopt.getopt(sys.argv[1:], "n:i:")
    count, interval = 1, 0.0
    for o, v in opts:
        if o == "-n":
            count = int(v)
        elif o == "-i":
            interval = float(v) / 1000
    sender, target, timeout = args[0], args[1], float(args[2])
    names = args[3:]
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    socks = {ns: open_in(ns, home) for ns in set(names) | {sender}}
    ssock, smac, spa = socks[sender]
    if spa is None:
        sys.exit("arp-copies: %s's eth0 has no IPv4 address" % sender)

    base = struct.unpack("!I", socket.inet_aton(target))[0]
    tpas = [struct.pack("!I", base + k) for k in range(count)]
    index = {tpa: k for k, tpa in enumerate(tpas)}
    frames = []
    for tpa in tpas:
        arp = bytes.fromhex("0001080006040001") + smac + spa + bytes(6) + tpa
        frame = b"\xff" * 6 + smac + struct.pack("!H", ETH_P_ARP) + arp
        frames.append(frame + bytes(60 - len(frame)))

    counts = {ns: [0] * count for ns in names}
    by_fd = {socks[ns][0].fileno(): ns for ns in names}
    start = time.monotonic()
    sent = 0
    done_at = None
    while True:
        now = time.monotonic()
        if sent < count and now >= start + sent * interval:
            ssock.send(frames[sent])
            sent += 1
            if sent == count and count > 1:
                done_at = now + 1.0
            continue
        if (done_at is None and count == 1
                and all(counts[ns][0] > 0 for ns in names if ns != sender)):
            done_at = now + 1.0
        end = start + timeout
        if done_at is not None:
            end = min(end, done_at)
        if sent < count:
            end = min(end, start + sent * interval)
        if now >= start + timeout or (done_at is not None and now >= done_at):
            break
        ready, _, _ = select.select(list(by_fd), [], [], max(0, end - now))
        for fd in ready:
            ns = by_fd[fd]
            data, addr = socks[ns][0].recvfrom(2048)
            if addr[2] == PACKET_OUTGOING or len(data) < 42:
                continue
            k = index.get(data[38:42])
            if (k is not None and data[6:12] == smac
                    and data[12:14] == b"\x08\x06"
                    and data[20:22] == b"\x00\x01"):
                counts[ns][k] += 1
    for ns in names:
        if count == 1:
            print(ns, counts[ns][0])
        else:
            print(ns, sum(1 for c in counts[ns] if c), max(counts[ns]))


if __name__ == "__main__":
    main()
