using CommandLine;
using NasLid.Core;

namespace NasLid.Cli;

[Verb("search", HelpText = "Run the whole NAS-LID pipeline: warm-up, partition, fine-tuning, evolutionary search.")]
public sealed class SearchVerb : IVerb
{
    public int Run() => throw new NasLidException("'search' is not implemented yet.");
}
