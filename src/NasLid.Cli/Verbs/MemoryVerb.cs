using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("memory", HelpText = "Measure the peak memory of characterisation, LID vs gradient.")]
public sealed class MemoryVerb : IVerb
{
    public int Run() => throw new NasLidException("'memory' is not implemented yet.");
}
