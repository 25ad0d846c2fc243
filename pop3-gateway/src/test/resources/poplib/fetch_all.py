"""Fetches every message of a POP3 mailbox with Python's poplib, writes each as sent (CRLF lines,
dot-stuffing undone) to OUT_DIR/<n>.eml, deletes message 1, quits, and prints a JSON summary."""
import json
import os
import poplib
import sys

host, port, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pop = poplib.POP3(host, port, timeout=30)
summary = {"welcome": pop.getwelcome().decode()}
summary["capa"] = sorted(pop.capa().keys())
pop.user("alice@example.test")
summary["pass"] = pop.pass_("secret").decode()
count, octets = pop.stat()
summary["stat"] = [count, octets]
summary["list"] = [line.decode() for line in pop.list()[1]]
summary["uidl"] = [line.decode() for line in pop.uidl()[1]]
for n in range(1, count + 1):
    _, lines, _ = pop.retr(n)
    with open(os.path.join(out_dir, "%d.eml" % n), "wb") as f:
        f.write(b"".join(line + b"\r\n" for line in lines))
summary["top"] = [line.decode() for line in pop.top(2, 1)[1]]
summary["dele"] = pop.dele(1).decode()
summary["quit"] = pop.quit().decode()
print(json.dumps(summary))
