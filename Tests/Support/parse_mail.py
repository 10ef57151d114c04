"""Reads one e-mail message with Python's email package and prints what a mail reader
sees, as JSON: the test oracle for Sojourn's RFC 5322 / RFC 2047 / MIME writer.

Usage: python3 parse_mail.py FILE
"""
import email
import json
import re
import sys
from email import policy


def main(path):
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    defects = [type(d).__name__ for d in msg.defects]
    for name in ("From", "To", "Subject", "Date", "Message-ID"):
        header = msg[name]
        if header is not None:
            defects += [f"{name}: {type(d).__name__}" for d in header.defects]

    def mailboxes(name):
        return [{"name": a.display_name, "address": a.addr_spec} for a in msg[name].addresses]

    text = msg.get_body(("plain",))
    calendar = next((part for part in msg.walk() if part.get_content_type() == "text/calendar"), None)
    words = re.findall(r"=\?[^?]+\?[BbQq]\?[^?]*\?=", head)
    print(json.dumps({
        "from": mailboxes("From"),
        "to": mailboxes("To"),
        "subject": str(msg["Subject"]),
        "date": msg["Date"].datetime.isoformat(),
        "messageID": str(msg["Message-ID"]),
        "mimeVersion": str(msg["MIME-Version"]),
        "contentType": msg.get_content_type(),
        "textEncoding": text["Content-Transfer-Encoding"] if text else None,
        # Mail programs show lines, whatever ends them on the wire.
        "body": text.get_content().replace("\r\n", "\n") if text else None,
        "calendar": calendar.get_content().replace("\r\n", "\n") if calendar else None,
        "calendarMethod": calendar.get_param("method") if calendar else None,
        "defects": defects,
        "longestHeaderLine": max(len(line) for line in head.split("\r\n")),
        "longestEncodedWord": max((len(w) for w in words), default=0),
        "bareLineFeeds": raw.count(b"\n") - raw.count(b"\r\n"),
        "longestLine": max(len(line) for line in raw.split(b"\r\n")),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
