"""Roles for the iptables-preview hijack test, each run inside a network namespace the test made
(`ip netns exec NS python3 iptables_netns_helper.py ROLE ...`). Every socket has a timeout.

  serve UID NAME PORT...   listen on PORTS as UID; answer "NAME:<port>:<original destination>"
                           (SO_ORIGINAL_DST for REDIRECT, the local address otherwise);
                           with UID "tproxy" the listener is IP_TRANSPARENT (stays root)
  connect UID HOST PORT    connect as UID, print the answer
"""
import encodings.idna  # noqa: F401  (loaded before dropping privileges: the interpreter may be unreadable then)
import os
import socket
import struct
import sys
import threading

SO_ORIGINAL_DST = 80  # linux/netfilter_ipv4.h
IP_TRANSPARENT = 19
TIMEOUT = 5.0


def drop_to(uid):
    if uid not in ("root", "tproxy"):
        os.setgroups([])
        os.setgid(int(uid))
        os.setuid(int(uid))


def original_destination(conn):
    try:
        raw = conn.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
        port, packed = struct.unpack("!2xH4s8x", raw)
        return "%s:%d" % (socket.inet_ntoa(packed), port)
    except OSError:
        host, port = conn.getsockname()[:2]
        return "%s:%d" % (host, port)


def serve(uid, name, ports):
    listeners = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if uid == "tproxy":
            s.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
        s.bind(("0.0.0.0", int(port)))
        s.listen(16)
        s.settimeout(TIMEOUT)
        listeners.append((s, port))
    drop_to(uid)
    print("ready", flush=True)

    def loop(s, port):
        while True:
            try:
                conn, _ = s.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(TIMEOUT)
                how = "tproxy" if uid == "tproxy" else "redirect"
                dst = original_destination(conn) if how == "redirect" else "%s:%d" % conn.getsockname()[:2]
                try:
                    conn.recv(64)
                    conn.sendall(("%s:%s:%s\n" % (name, port, dst)).encode())
                except OSError:
                    pass

    threads = [threading.Thread(target=loop, args=(s, p), daemon=True) for s, p in listeners]
    for t in threads:
        t.start()
    # Runs until the test kills it (bounded by the test's own deadline).
    threading.Event().wait(120)


def connect(uid, host, port):
    drop_to(uid)
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as s:
        s.settimeout(TIMEOUT)
        s.sendall(b"hello\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(256)
            if not chunk:
                break
            data += chunk
        print(data.decode().strip(), flush=True)


if __name__ == "__main__":
    role = sys.argv[1]
    if role == "serve":
        serve(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif role == "connect":
        try:
            connect(sys.argv[2], sys.argv[3], sys.argv[4])
        except OSError as e:
            print("error: %s" % e, flush=True)
            sys.exit(1)
