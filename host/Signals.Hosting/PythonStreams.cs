using System.Text;
using Microsoft.Extensions.Logging;

namespace Signals.Hosting;

/// <summary>
/// Where a script's <c>sys.stdout</c> and <c>sys.stderr</c> go and where <c>sys.stdin</c> comes from
/// (each null: the process's own). Set for every run in <see cref="PythonHostOptions.Streams"/>, or
/// for one run in the overloads that take it. Writes reach the writer as the script makes them, and
/// everything is flushed before the run's result returns, a cancelled run's too.
/// </summary>
public sealed class PythonStreams
{
    /// <summary>Receives what the script writes to <c>sys.stdout</c> (null: the process's standard output).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Receives what the script writes to <c>sys.stderr</c> (null: the process's standard error).</summary>
    public TextWriter? Error { get; init; }

    /// <summary>What the script reads from <c>sys.stdin</c> (null: the process's standard input).</summary>
    public TextReader? Input { get; init; }

    /// <summary>Output and error to <paramref name="logger"/>, one log entry a line.</summary>
    public static PythonStreams ToLogger(ILogger logger, LogLevel outputLevel = LogLevel.Information, LogLevel errorLevel = LogLevel.Error)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new PythonStreams
        {
            Output = new LoggerWriter(logger, outputLevel, "stdout"),
            Error = new LoggerWriter(logger, errorLevel, "stderr"),
        };
    }

    /// <summary>A writer that logs each complete line; <see cref="Flush"/> logs a partial one.</summary>
    private sealed class LoggerWriter(ILogger logger, LogLevel level, string stream) : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly Lock _gate = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                if (value == '\n')
                {
                    Emit();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void Flush()
        {
            lock (_gate)
            {
                if (_line.Length > 0)
                {
                    Emit();
                }
            }
        }

        private void Emit()
        {
#pragma warning disable CA1848, CA2254 // one call site; the stream name is a structured field
            logger.Log(level, "{Stream}: {Line}", stream, _line.ToString());
#pragma warning restore CA1848, CA2254
            _line.Clear();
        }
    }
}
