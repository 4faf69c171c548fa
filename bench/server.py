#!/usr/bin/env python3
"""A loopback SSO-OIDC and SSO portal stand-in for bench/run.sh: answers POST /client/register,
/device_authorization and /token (also /token?aws_iam=t), and the portal's GET
/federation/credentials (GetRoleCredentials, for export-credentials), with a fixed reply of that
operation, over HTTP and, when given a certificate, over HTTPS.

Its own speed is not what is measured, but it is added to every round trip of every client, so it
is kept out of the way: connections are served one at a time on the listening thread (the
benchmark runs one client process at a time, so a thread per connection would only add start-up
latency), TCP_NODELAY is set and each reply goes out in one write (Nagle plus delayed ACK would
otherwise add 40 ms), and every connection is closed after its reply since each client process
connects once.

Usage: server.py READY_FILE [CERT KEY]
Writes "HTTP_PORT HTTPS_PORT" (HTTPS_PORT 0 without a certificate) to READY_FILE once both
listeners accept connections. Any other request gets a 400 so that a misconfigured benchmark fails
loudly instead of timing the wrong thing.
"""
import json
import os
import socket
import ssl
import sys
import threading

BODIES = {
    b"/client/register": {
        "clientId": "bench-client-id",
        "clientIdIssuedAt": 1700000000,
        "clientSecret": "bench-client-secret",
        "clientSecretExpiresAt": 1707776000,
    },
    b"/device_authorization": {
        "deviceCode": "bench-device-code", "userCode": "ABCD-EFGH",
        "verificationUri": "https://device.sso.us-east-1.amazonaws.com/",
        "verificationUriComplete": "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH",
        "expiresIn": 600, "interval": 1,
    },
    b"/token": {"accessToken": "bench-access-token", "tokenType": "Bearer", "expiresIn": 3600,
                "refreshToken": "bench-refresh-token"},
}
# GET: the portal's role credentials, expiring in 2100 (epoch milliseconds).
GET_BODIES = {
    b"/federation/credentials": {"roleCredentials": {
        "accessKeyId": "ASIABENCH", "secretAccessKey": "bench-role-secret",
        "sessionToken": "bench-role-session-token", "expiration": 4102444800000}},
}


def ok_reply(body):
    body = json.dumps(body).encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            b"x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n"
            b"Connection: close\r\n\r\n" % len(body)) + body


REPLIES = {
    b"POST": {path: ok_reply(body) for path, body in BODIES.items()},
    b"GET": {path: ok_reply(body) for path, body in GET_BODIES.items()},
}
BAD_BODY = b'{"error":"invalid_request","error_description":"bench server: unexpected request"}'
BAD = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
       b"Connection: close\r\n\r\n" % len(BAD_BODY)) + BAD_BODY


def listen():
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def read_request(conn):
    """Returns the request line, or None if the client went away before a whole request."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return lines[0]


def serve(sock, context):
    while True:
        conn, _ = sock.accept()
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # A client that stalls must not hold up the next benchmark run for long.
            conn.settimeout(5)
            if context is not None:
                conn = context.wrap_socket(conn, server_side=True)
            line = read_request(conn)
            if line is None:
                continue
            parts = line.split(b" ")
            method = parts[0] if len(parts) == 3 and parts[0] in REPLIES else b"POST"
            path = parts[1].split(b"?")[0] if len(parts) == 3 and parts[0] in REPLIES else b""
            replies = REPLIES[method]
            reply = next((r for p, r in replies.items() if path.endswith(p)), BAD)
            conn.sendall(reply)
        except (OSError, ValueError):
            # A client killed mid-exchange (hyperfine's interrupts, a failed handshake) is no
            # reason to stop serving the others.
            pass
        finally:
            conn.close()


def main():
    ready = sys.argv[1]
    http = listen()
    https = None
    context = None
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        https = listen()
        threading.Thread(target=serve, args=(https, context), daemon=True).start()
    ports = "%d %d\n" % (http.getsockname()[1], https.getsockname()[1] if https else 0)
    # Written whole and renamed so that the waiting script never reads half a line.
    with open(ready + ".tmp", "w") as out:
        out.write(ports)
    os.rename(ready + ".tmp", ready)
    serve(http, None)


if __name__ == "__main__":
    main()
