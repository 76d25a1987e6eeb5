using System.Globalization;
using CommandLine;
using NasLid.Core;
using NasLid.Core.Ranking;
using NasLid.Torch.Search;

namespace NasLid.Cli;

[Verb("rank", HelpText = "Rank the architectures of a ground-truth table with search runs' sub-supernets: Kendall tau-b and Spearman rho for the top 50, top 100 and all; with several runs, mean and std per criterion.")]
public sealed class RankVerb : IVerb
{
    [Option("run", Required = true, Min = 1, HelpText = "One or more search run folders whose fine-tuning stages are done.")]
    public IEnumerable<string> RunPaths { get; set; } = [];

    [Option("groundtruth", Required = true, HelpText = "Ground-truth table written by `naslid groundtruth`.")]
    public string GroundTruth { get; set; } = "";

    [Option("out", HelpText = "Where to write the JSON: predictions and correlations for one run (default <run>/rank.json), " +
                              "the per-criterion summary for several (default rank-summary.json beside the first run; each run still gets its rank.json).")]
    public string? Out { get; set; }

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public int Run()
    {
        if (!File.Exists(GroundTruth)) throw new NasLidException($"{GroundTruth}: file not found");
        var paths = RunPaths.ToList();
        foreach (var path in paths)
            if (!File.Exists(Path.Combine(path, "config.json"))) throw new NasLidException($"{path}: not a search run folder (no config.json)");
        var truth = GroundTruthTable.Parse(File.ReadAllText(GroundTruth), GroundTruth);
        var ranked = paths.Select(path => RankOne(path, truth, paths.Count == 1 ? Out : null)).ToList();
        if (ranked.Count > 1) WriteSummary(ranked, paths[0]);
        return 0;
    }

    RankedRun RankOne(string path, IReadOnlyList<GroundTruthRow> truth, string? output)
    {
        var run = new RunFolder(path);
        var config = run.ReadJson<SearchConfig>("config.json");
        using var pipeline = new SearchPipeline(config, run, log: Console.Error);
        var predictions = pipeline.PredictAccuracy(truth.Select(t => t.Architecture).ToArray());
        var results = RankCorrelation.Compare(predictions, truth.ToDictionary(t => t.Architecture, t => t.Accuracy));
        var method = config.Criterion.ToString().ToLowerInvariant();
        Console.WriteLine($"{path}: criterion {method}, seed {config.Seed}, {truth.Count} architectures");
        Console.WriteLine("subset     n   kendall-tau-b  spearman-rho");
        foreach (var r in results)
            Console.WriteLine(string.Create(Inv, $"{r.Subset,-8} {r.Count,4}  {r.KendallTauB,13:F4}  {r.SpearmanRho,12:F4}{(r.Warning is null ? "" : "  (" + r.Warning + ")")}"));
        var written = Path.GetFullPath(output ?? Path.Combine(path, "rank.json"));
        run.WriteJson(Path.GetRelativePath(run.Root, written), new { predictions, results });
        Console.WriteLine($"written: {written}");
        return new RankedRun(method, config.Seed, results);
    }

    void WriteSummary(IReadOnlyList<RankedRun> ranked, string firstRun)
    {
        var summary = RankingSummary.Summarise(ranked);
        Console.WriteLine();
        Console.WriteLine("criterion  subset    runs  kendall-tau-b (mean ± std)  spearman-rho (mean ± std)");
        foreach (var s in summary)
        {
            var undefined = s.UndefinedRuns == 0 ? "" : $"  ({s.UndefinedRuns} run(s) undefined, counted as 0)";
            Console.WriteLine(string.Create(Inv, $"{s.Method,-10} {s.Subset,-8} {s.Runs,5}  {s.KendallMean,12:F4} ± {s.KendallStd:F4}  {s.SpearmanMean,14:F4} ± {s.SpearmanStd:F4}{undefined}"));
        }
        var written = Path.GetFullPath(Out ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(firstRun))!, "rank-summary.json"));
        var folder = new RunFolder(Path.GetDirectoryName(written)!);
        folder.WriteJson(Path.GetFileName(written), new { runs = ranked, summary });
        Console.WriteLine($"written: {written}");
    }
}
