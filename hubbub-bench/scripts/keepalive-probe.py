#!/usr/bin/env python3
"""Sends requests one after another on keep-alive sockets, as a browser does, and reports which sockets hang.

    python3 hubbub-bench/scripts/keepalive-probe.py PORT SEQUENCE [SOCKETS]

Each of SOCKETS (default 16) fresh sockets to 127.0.0.1:PORT sends the requests of SEQUENCE in turn, each as soon
as the previous response's body is in (the next request can then arrive before the server has ended that
response, which is what a browser does), and waits at most 4 s for each response. Letters of SEQUENCE, for the
Spring chat sample (samples/spring-chat): J = GET /chat.js, S = GET /signalr.min.js, F = GET /favicon.ico (a 404),
G = GET /, P = POST /chat/negotiate?negotiateVersion=1. Prints one character per socket ('.' every response came,
'T' one did not) and the count of hung sockets. docs/reliability.md (finding 6) has the figures: before the
WebFlux mount asked for the read that Reactor Netty forgets (reactor/reactor-netty#4361), JFG and JFP hung on a
third to two thirds of the sockets.

    java -jar samples/spring-chat/target/hubbub-spring-chat.jar --server.port=18080 &
    python3 hubbub-bench/scripts/keepalive-probe.py 18080 JFG
"""
import socket
import sys

REQUESTS = {
    'J': ('GET', '/chat.js'),
    'S': ('GET', '/signalr.min.js'),
    'F': ('GET', '/favicon.ico'),
    'G': ('GET', '/'),
    'P': ('POST', '/chat/negotiate?negotiateVersion=1'),
}


def request(method, path, port):
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: keep-alive\r\nAccept: */*\r\n"
    if method == 'POST':
        head += "Content-Length: 0\r\n"
    return (head + "\r\n").encode('ascii')


def more(sock, data):
    """data with the socket's next bytes after it; the server closing is an error."""
    chunk = sock.recv(65536)
    if not chunk:
        raise ConnectionError('closed by the server')
    return data + chunk


def read_response(sock, buffered):
    """Reads one response (Content-Length or chunked body); returns (status line, bytes read past it)."""
    data = buffered
    while b'\r\n\r\n' not in data:
        data = more(sock, data)
    head, rest = data.split(b'\r\n\r\n', 1)
    lines = head.decode('latin-1').split('\r\n')
    headers = {line.split(':', 1)[0].strip().lower(): line.split(':', 1)[1].strip() for line in lines[1:]}
    if headers.get('transfer-encoding', '').lower() == 'chunked':
        while b'0\r\n\r\n' not in rest:
            rest = more(sock, rest)
        end = rest.index(b'0\r\n\r\n') + 5
    else:
        end = int(headers.get('content-length', '0'))
        while len(rest) < end:
            rest = more(sock, rest)
    return lines[0], rest[end:]


def probe(port, sequence):
    with socket.create_connection(('127.0.0.1', port)) as sock:
        sock.settimeout(4)
        buffered = b''
        for letter in sequence:
            sock.sendall(request(*REQUESTS[letter], port))
            try:
                _, buffered = read_response(sock, buffered)
            except socket.timeout:
                return False
    return True


def main():
    if len(sys.argv) < 3 or any(c not in REQUESTS for c in sys.argv[2]):
        sys.exit(__doc__)
    port, sequence = int(sys.argv[1]), sys.argv[2]
    sockets = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    marks = ''.join('.' if probe(port, sequence) else 'T' for _ in range(sockets))
    print(f"{sequence}: {marks} ({marks.count('T')} of {sockets} sockets hung)")


if __name__ == '__main__':
    main()
