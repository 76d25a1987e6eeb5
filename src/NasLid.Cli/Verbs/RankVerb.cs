using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("rank", HelpText = "Rank ground-truth architectures with a run's sub-supernets (Kendall tau, Spearman rho).")]
public sealed class RankVerb : IVerb
{
    public int Run() => throw new NasLidException("'rank' is not implemented yet.");
}
