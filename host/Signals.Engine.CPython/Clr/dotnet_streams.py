# sys.stdout, sys.stderr and sys.stdin over a .NET TextWriter / TextReader, for hosts that capture a
# script's I/O (see ClrStreams.cs). Writes go straight to the writer: nothing waits in a buffer, so
# nothing written before a cancellation is lost.
import io


class DotNetWriter(io.TextIOBase):
    def __init__(self, writer, name):
        self._writer = writer
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._writer.WriteText(text)
        return len(text)

    def flush(self):
        self._writer.FlushText()


class DotNetReader(io.TextIOBase):
    def __init__(self, reader):
        self._reader = reader

    @property
    def name(self):
        return "<stdin>"

    @property
    def encoding(self):
        return "utf-8"

    def readable(self):
        return True

    def isatty(self):
        return False

    def readline(self, size=-1):
        line = self._reader.ReadLineText()
        if line is None:
            return ""
        line += "\n"
        return line if size is None or size < 0 else line[:size]

    def read(self, size=-1):
        if size is None or size < 0:
            return self._reader.ReadAllText()
        chars = []
        while len(chars) < size:
            code = self._reader.ReadCharacter()
            if code < 0:
                break
            chars.append(chr(code))
        return "".join(chars)
