#!/usr/bin/env python3
"""Where a lone SMTP session's time goes: one message per connection, as smtp-source sends them,
timed step by step from the client's side (connect to greeting, EHLO, MAIL, RCPT, DATA to 354,
content to 250, QUIT to 221 and close). Runs against any server, so Paperpath and Postfix can be
compared step by step; run.sh measures the rates, this only tells where they differ.

usage: steps.py PORT COUNT [RECIPIENT]    (127.0.0.1; RECIPIENT defaults to u@bench.test)

Prints the mean of each step in milliseconds over the last four fifths of COUNT messages (the
first fifth warms up client and server). Every reply must be the expected one, or it stops.
"""
import socket
import sys
import time

STEPS = ["connect+greeting", "EHLO", "MAIL", "RCPT", "DATA", "content->250", "QUIT"]


def reply(sock, expected):
    """Reads one whole (possibly multi-line) reply and checks its code."""
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("connection closed while waiting for " + expected)
        data += chunk
        lines = data.split(b"\r\n")
        if len(lines) >= 2 and len(lines[-2]) >= 4 and lines[-2][3:4] == b" ":
            if not data.startswith(expected.encode()):
                raise SystemExit("expected %s, got %r" % (expected, data[:200]))
            return


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    port, count = int(sys.argv[1]), int(sys.argv[2])
    if not 1 <= count <= 1_000_000:
        raise SystemExit("COUNT must be between 1 and 1000000")
    recipient = sys.argv[3] if len(sys.argv) > 3 else "u@bench.test"
    # About 4 KiB, like smtp-source -l 4096: a few headers and 55 lines of 72 octets.
    content = (b"From: <sender@source.test>\r\nTo: <" + recipient.encode() + b">\r\nSubject: steps\r\n\r\n"
               + (b"x" * 70 + b"\r\n") * 55 + b".\r\n")
    commands = [(b"EHLO source.test\r\n", "250"), (b"MAIL FROM:<sender@source.test>\r\n", "250"),
                (b"RCPT TO:<" + recipient.encode() + b">\r\n", "250"), (b"DATA\r\n", "354")]
    totals = [0.0] * len(STEPS)
    skip = count // 5
    for i in range(count):
        marks = [time.perf_counter()]
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reply(sock, "220")
        marks.append(time.perf_counter())
        for command, expected in commands:
            sock.sendall(command)
            reply(sock, expected)
            marks.append(time.perf_counter())
        sock.sendall(content)
        reply(sock, "250")
        marks.append(time.perf_counter())
        sock.sendall(b"QUIT\r\n")
        reply(sock, "221")
        sock.close()
        marks.append(time.perf_counter())
        if i >= skip:
            for k in range(len(STEPS)):
                totals[k] += marks[k + 1] - marks[k]
    measured = count - skip
    print(" ".join("%s %.3f" % (STEPS[k], totals[k] / measured * 1000) for k in range(len(STEPS))),
          "total %.3f ms" % (sum(totals) / measured * 1000))


if __name__ == "__main__":
    main()
