using NasLid.Core;
using NasLid.Core.Ranking;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class RankingSummaryTests
{
    static RankedRun Run(string method, ulong seed, double tauAll, double rhoAll, string? warning = null) =>
        new(method, seed, [new RankCorrelationResult(50, 50, tauAll / 2, rhoAll / 2, 0, null), new RankCorrelationResult(null, 80, tauAll, rhoAll, 0, warning)]);

    [Test]
    public void MeanAndSampleStdPerMethodAndSubsetByHand()
    {
        // lid τ(all) = 0.2, 0.4, 0.6: mean 0.4, sample variance (0.04 + 0 + 0.04) / 2 = 0.04, std 0.2.
        var summary = RankingSummary.Summarise([
            Run("lid", 0, 0.2, 0.3), Run("none", 0, 0.1, 0.1), Run("lid", 1, 0.4, 0.3), Run("lid", 2, 0.6, 0.3)]);

        Assert.That(summary.Select(s => (s.Method, s.Subset)), Is.EqualTo(new[] { ("lid", "top-50"), ("lid", "all"), ("none", "top-50"), ("none", "all") }));
        var lidAll = summary[1];
        Assert.That(lidAll.Runs, Is.EqualTo(3));
        Assert.That(lidAll.KendallMean, Is.EqualTo(0.4).Within(1e-12));
        Assert.That(lidAll.KendallStd, Is.EqualTo(0.2).Within(1e-12));
        Assert.That(lidAll.SpearmanMean, Is.EqualTo(0.3).Within(1e-12));
        Assert.That(lidAll.SpearmanStd, Is.EqualTo(0).Within(1e-12));
        Assert.That(summary[0].KendallMean, Is.EqualTo(0.2).Within(1e-12));
        Assert.That((summary[3].Runs, summary[3].KendallStd), Is.EqualTo((1, 0.0)), "one run: no spread, not NaN");
    }

    [Test]
    public void UndefinedRunsCountAsZeroAndAreNamed()
    {
        var summary = RankingSummary.Summarise([Run("gradient", 0, 0.5, 0.5), Run("gradient", 1, 0, 0, "constant predictions")]);
        var all = summary.Single(s => s.Subset == "all");
        Assert.That((all.KendallMean, all.UndefinedRuns), Is.EqualTo((0.25, 1)));
    }

    [Test]
    public void RunsAgainstDifferentSubsetsAreRefused()
    {
        var odd = new RankedRun("none", 4, [new RankCorrelationResult(null, 10, 0.1, 0.1, 0, null)]);
        var ex = Assert.Throws<NasLidException>(() => RankingSummary.Summarise([Run("lid", 0, 0.2, 0.2), odd]));
        Assert.That(ex!.Message, Does.Contain("'none' seed 4").And.Contain("same ground truth"));
        Assert.Throws<NasLidException>(() => RankingSummary.Summarise([]));
    }
}
