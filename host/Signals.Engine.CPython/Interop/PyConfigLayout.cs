namespace Signals.Engine.CPython.Interop;

/// <summary>
/// Offsets into CPython 3.11's <c>PyConfig</c> (x86_64 and aarch64), from <c>cpython/initconfig.h</c>:
/// <c>int _config_init; int isolated; int use_environment; int dev_mode; int install_signal_handlers; ...
/// int parse_argv</c>. The struct is 424 bytes; the buffer is larger so a patch-level growth cannot
/// overrun it. <see cref="CommandLine"/> checks the defaults it expects at these offsets before writing.
/// </summary>
internal static class PyConfigLayout
{
    public const int BufferSize = 4096;
    public const int Isolated = 4;
    public const int InstallSignalHandlers = 16;
    public const int ParseArgv = 96;
}
