using System.Text.Json;
using NasLid.Core.Ranking;
using NUnit.Framework;

namespace NasLid.Tests.Search;

public class RankVerbTests : TempFolderTest
{
    [Test]
    public void SeveralRunsAreRankedEachAndSummarisedPerCriterion()
    {
        var data = MiniFashion.Write(Folder);
        var runs = new[] { ("lid", 1), ("none", 1), ("none", 2) }.Select(r =>
        {
            var path = Path.Combine(Folder, "runs", $"{r.Item1}-seed{r.Item2}");
            var searchError = new StringWriter();
            Assert.That(NasLid.Cli.Cli.Run(SearchPipelineTests.MiniatureCliSearch(data, r.Item1, path, r.Item2), new StringWriter(), searchError),
                Is.EqualTo(0), searchError.ToString());
            return path;
        }).ToArray();
        // Real cells from the committed table, with made-up accuracies: ranking needs only distinct keys and values.
        var cells = File.ReadLines(Path.Combine(RepoPaths.Root, "groundtruth", "nb201-fashion-mnist-subset.csv")).Skip(1).Take(8)
            .Select((line, i) => GroundTruthTable.FormatRow(new GroundTruthRow(line.Split(',')[0], 0.5 + 0.01 * i, 0, 1, 1, 1, 1)));
        var truth = Path.Combine(Folder, "truth.csv");
        File.WriteAllLines(truth, [GroundTruthTable.Header, .. cells]);

        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(["rank", "--groundtruth", truth, "--run", .. runs], new StringWriter(), error);

        Assert.That(code, Is.EqualTo(0), error.ToString());
        foreach (var run in runs)
            Assert.That(File.Exists(Path.Combine(run, "rank.json")), Is.True, $"{run}/rank.json");
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "runs", "rank-summary.json"))).RootElement.GetProperty("summary");
        var rows = summary.EnumerateArray().Select(s => (s.GetProperty("method").GetString(), s.GetProperty("subset").GetString(), s.GetProperty("runs").GetInt32())).ToList();
        Assert.That(rows, Is.EqualTo(new[] { ("lid", "top-50", 1), ("lid", "top-100", 1), ("lid", "all", 1), ("none", "top-50", 2), ("none", "top-100", 2), ("none", "all", 2) }));
        Assert.That(summary.EnumerateArray().All(s => double.IsFinite(s.GetProperty("kendallMean").GetDouble())), Is.True);
    }

    [Test]
    public void AFolderThatIsNotARunIsNamed()
    {
        var truth = Path.Combine(Folder, "truth.csv");
        File.WriteAllLines(truth, [GroundTruthTable.Header]);
        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(["rank", "--groundtruth", truth, "--run", Folder, Path.Combine(Folder, "missing")], new StringWriter(), error);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain(Folder).And.Contain("not a search run folder"));
    }
}
