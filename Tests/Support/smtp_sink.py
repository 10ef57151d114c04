"""A real SMTP server for Sojourn's delivery tests (aiosmtpd), on 127.0.0.1.

It keeps each message it accepts as DIR/N.eml (N from 1) with DIR/N.json beside it (the
envelope), prints its port on the first line of standard output, and runs until killed.

Usage: python3 smtp_sink.py --dir DIR [--refuse ADDRESS]... [--tls CERT KEY] [--user U --password P] [--kill-pid-file F]
  --refuse   answer 550 to RCPT TO:<ADDRESS>
  --tls      offer STARTTLS with this certificate, and require it
  --user     require AUTH (PLAIN or LOGIN) with this user and password, over TLS
  --kill-pid-file  once a message is kept, kill -9 the process whose pid is in F before
             answering: the client dies between the hand-over and recording it
"""
import argparse
import json
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, refused, kill_pid_file=None):
        self.folder = folder
        self.refused = {a.lower() for a in refused}
        self.kill_pid_file = kill_pid_file

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = len([f for f in os.listdir(self.folder) if f.endswith(".eml")]) + 1
        with open(os.path.join(self.folder, "%d.eml" % number), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(self.folder, "%d.json" % number), "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": session.ssl is not None,
                       "authenticated": bool(getattr(session, "authenticated", False))}, f)
        if self.kill_pid_file:
            os.kill(int(open(self.kill_pid_file).read().strip()), signal.SIGKILL)
        return "250 2.0.0 accepted as %d" % number


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    # Started by a test runner whose threads block signals: take SIGTERM again.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--tls", nargs=2)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--kill-pid-file")
    args = parser.parse_args()

    options = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
        options.update(tls_context=context, require_starttls=True)
    if args.user:
        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login == args.user.encode() and data.password == args.password.encode()
            return AuthResult(success=ok, handled=False)
        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=True)
    port = free_port()
    controller = Controller(Sink(args.dir, args.refuse, args.kill_pid_file), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
