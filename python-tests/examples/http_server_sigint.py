"""The last example of the signal documentation: an HTTP server that shuts
down on SIGINT without KeyboardInterrupt.  The SIGINT handler writes a byte
into a socketpair; the selector loop sees it and returns.

Only change from the documentation: the port may be given as the first
argument (default 8000, as in the documentation).
"""
import signal
import socket
import sys
from selectors import DefaultSelector, EVENT_READ
from http.server import HTTPServer, SimpleHTTPRequestHandler

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8000

interrupt_read, interrupt_write = socket.socketpair()

def handler(signum, frame):
    print('Signal handler called with signal', signum)
    interrupt_write.send(b'\0')
signal.signal(signal.SIGINT, handler)

def serve_forever(httpd):
    sel = DefaultSelector()
    sel.register(interrupt_read, EVENT_READ)
    sel.register(httpd, EVENT_READ)

    while True:
        for key, _ in sel.select():
            if key.fileobj == interrupt_read:
                interrupt_read.recv(1)
                return
            if key.fileobj == httpd:
                httpd.handle_request()

print(f"Serving on port {PORT}")
httpd = HTTPServer(('', PORT), SimpleHTTPRequestHandler)
serve_forever(httpd)
print("Shutdown...")
