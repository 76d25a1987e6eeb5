using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("groundtruth", HelpText = "Train architectures standalone and write a ground-truth table.")]
public sealed class GroundTruthVerb : IVerb
{
    public int Run() => throw new NasLidException("'groundtruth' is not implemented yet.");
}
