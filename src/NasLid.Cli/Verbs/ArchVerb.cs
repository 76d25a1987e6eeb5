using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("arch", HelpText = "Validate and describe architectures of a search space.")]
public sealed class ArchVerb : IVerb
{
    public int Run() => throw new NasLidException("'arch' is not implemented yet.");
}
