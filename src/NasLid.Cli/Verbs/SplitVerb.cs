using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("split", HelpText = "Run one partition step on a checkpointed supernet and write its records.")]
public sealed class SplitVerb : IVerb
{
    public int Run() => throw new NasLidException("'split' is not implemented yet.");
}
