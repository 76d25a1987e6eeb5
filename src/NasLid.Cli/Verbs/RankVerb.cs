using System.Globalization;
using CommandLine;
using NasLid.Core;
using NasLid.Core.Ranking;
using NasLid.Torch.Search;

namespace NasLid.Cli;

[Verb("rank", HelpText = "Rank the architectures of a ground-truth table with a search run's sub-supernets: Kendall tau-b and Spearman rho for the top 50, top 100 and all.")]
public sealed class RankVerb : IVerb
{
    [Option("run", Required = true, HelpText = "A search run folder whose fine-tuning stages are done.")]
    public string RunPath { get; set; } = "";

    [Option("groundtruth", Required = true, HelpText = "Ground-truth table written by `naslid groundtruth`.")]
    public string GroundTruth { get; set; } = "";

    [Option("out", HelpText = "Where to write predictions and correlations as JSON. Default: <run>/rank.json.")]
    public string? Out { get; set; }

    public int Run()
    {
        if (!File.Exists(GroundTruth)) throw new NasLidException($"{GroundTruth}: file not found");
        if (!File.Exists(Path.Combine(RunPath, "config.json"))) throw new NasLidException($"{RunPath}: not a search run folder (no config.json)");
        var truth = GroundTruthTable.Parse(File.ReadAllText(GroundTruth), GroundTruth);
        var run = new RunFolder(RunPath);
        var config = run.ReadJson<SearchConfig>("config.json");
        using var pipeline = new SearchPipeline(config, run, log: Console.Error);
        var predictions = pipeline.PredictAccuracy(truth.Select(t => t.Architecture).ToArray());
        var results = RankCorrelation.Compare(predictions, truth.ToDictionary(t => t.Architecture, t => t.Accuracy));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"criterion {config.Criterion.ToString().ToLowerInvariant()}, seed {config.Seed}, {truth.Count} architectures");
        Console.WriteLine("subset     n   kendall-tau-b  spearman-rho");
        foreach (var r in results)
            Console.WriteLine(string.Create(inv, $"{r.Subset,-8} {r.Count,4}  {r.KendallTauB,13:F4}  {r.SpearmanRho,12:F4}{(r.Warning is null ? "" : "  (" + r.Warning + ")")}"));
        var written = Path.GetFullPath(Out ?? Path.Combine(RunPath, "rank.json"));
        run.WriteJson(Path.GetRelativePath(run.Root, written), new { predictions, results });
        Console.WriteLine($"written: {written}");
        return 0;
    }
}
