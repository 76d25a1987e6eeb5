using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("lid", HelpText = "Compute the LID of a 2-D float matrix from a .npy or .csv file.")]
public sealed class LidVerb : IVerb
{
    public int Run() => throw new NasLidException("'lid' is not implemented yet.");
}
