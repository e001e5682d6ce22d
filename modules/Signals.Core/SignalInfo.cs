namespace Signals.Core;

/// <summary>What <c>sigwaitinfo</c>/<c>sigtimedwait</c> report about a signal (CPython's struct_siginfo fields).</summary>
public readonly record struct SignalInfo(int Signo, int Code, int Errno, int Pid, uint Uid, int Status, long Band);
