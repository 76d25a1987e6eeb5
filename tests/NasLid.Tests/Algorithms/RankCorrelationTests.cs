using NasLid.Core;
using NasLid.Core.Ranking;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class RankCorrelationTests
{
    [Test]
    public void PerfectAndReversedOrders()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.That(RankCorrelation.KendallTauB(x, [10, 20, 30, 40, 50]).Value, Is.EqualTo(1));
        Assert.That(RankCorrelation.KendallTauB(x, [5, 4, 3, 2, 1]).Value, Is.EqualTo(-1));
        Assert.That(RankCorrelation.SpearmanRho(x, [5, 4, 3, 2, 1]).Value, Is.EqualTo(-1).Within(1e-15));
    }

    [Test]
    public void NoTiesByHand()
    {
        // x = 1..4, y = 1, 3, 2, 4: only the pair (1,2) is discordant; n0 = 6, τ = (5 − 1)/6 = 2/3.
        // Rank differences d = 0, −1, 1, 0; ρ = 1 − 6 Σd² / (n(n²−1)) = 1 − 12/60 = 0.8.
        Assert.That(RankCorrelation.KendallTauB([1, 2, 3, 4], [1, 3, 2, 4]).Value, Is.EqualTo(2.0 / 3).Within(1e-15));
        Assert.That(RankCorrelation.SpearmanRho([1, 2, 3, 4], [1, 3, 2, 4]).Value, Is.EqualTo(0.8).Within(1e-15));
    }

    [Test]
    public void TiesByHand()
    {
        // x = 1, 2, 2, 3 and y = 1, 3, 2, 2. Pairs: (0,1) (0,2) (0,3) concordant; (1,2) tied in x; (1,3) discordant;
        // (2,3) tied in y. n0 = 6, n1 = n2 = 1: τ-b = (3 − 1) / sqrt(5 × 5) = 0.4.
        // Average ranks x: 1, 2.5, 2.5, 4; y: 1, 4, 2.5, 2.5. Centred (mean 2.5): x −1.5, 0, 0, 1.5; y −1.5, 1.5, 0, 0.
        // ρ = 2.25 / sqrt(4.5 × 4.5) = 0.5.
        Assert.That(RankCorrelation.KendallTauB([1, 2, 2, 3], [1, 3, 2, 2]).Value, Is.EqualTo(0.4).Within(1e-15));
        Assert.That(RankCorrelation.SpearmanRho([1, 2, 2, 3], [1, 3, 2, 2]).Value, Is.EqualTo(0.5).Within(1e-15));
        Assert.That(RankCorrelation.AverageRanks([3, 1, 3, 2]), Is.EqualTo(new[] { 3.5, 1, 3.5, 2 }));
    }

    [Test]
    public void ConstantInputIsZeroWithWarning()
    {
        var tau = RankCorrelation.KendallTauB([1, 2, 3], [5, 5, 5]);
        Assert.That((tau.Value, tau.Defined), Is.EqualTo((0.0, false)));
        Assert.That(RankCorrelation.SpearmanRho([7, 7, 7], [1, 2, 3]).Defined, Is.False);

        var results = RankCorrelation.Compare(Scores(("a", 0.5), ("b", 0.5), ("c", 0.5)), Scores(("a", 1), ("b", 2), ("c", 3)), [null]);
        Assert.That(results[0].KendallTauB, Is.EqualTo(0));
        Assert.That(results[0].SpearmanRho, Is.EqualTo(0));
        Assert.That(results[0].Warning, Does.Contain("constant"));
    }

    [Test]
    public void PairsByKeyNotPosition()
    {
        var rng = new Rng(7);
        var truth = Enumerable.Range(0, 200).ToDictionary(i => $"arch{i}", i => rng.NextDouble());
        var predicted = truth.ToDictionary(p => p.Key, p => p.Value + 0.3 * rng.NextDouble());
        var shuffled = predicted.ToList();
        rng.Shuffle(shuffled);
        var a = RankCorrelation.Compare(predicted, truth);
        var b = RankCorrelation.Compare(shuffled.ToDictionary(p => p.Key, p => p.Value), truth);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(a.Select(r => r.Subset), Is.EqualTo(new[] { "top-50", "top-100", "all" }));
        Assert.That(a.Select(r => r.Count), Is.EqualTo(new[] { 50, 100, 200 }));
        Assert.That(a[2].KendallTauB, Is.GreaterThan(0.5));
        Assert.That(a.All(r => r.Warning is null));
    }

    [Test]
    public void TopKTakesTheBestByGroundTruth()
    {
        // Ground truth best two: c (0.9), a (0.8). Predicted on them: c 0.1 < a 0.2, reversed → τ = −1,
        // although over all four the order is mostly right.
        var truth = Scores(("a", 0.8), ("b", 0.1), ("c", 0.9), ("d", 0.2));
        var predicted = Scores(("a", 0.2), ("b", 0.0), ("c", 0.1), ("d", 0.05));
        var results = RankCorrelation.Compare(predicted, truth, [2, null]);
        Assert.That(results[0].KendallTauB, Is.EqualTo(-1));
        Assert.That(results[1].Count, Is.EqualTo(4));
    }

    [Test]
    public void MissingPredictionIsAnErrorExtraPredictionIsSkipped()
    {
        var truth = Scores(("a", 1), ("b", 2), ("c", 3));
        var ex = Assert.Throws<NasLidException>(() => RankCorrelation.Compare(Scores(("a", 1), ("b", 2)), truth));
        Assert.That(ex!.Message, Does.Contain("c"));
        var results = RankCorrelation.Compare(Scores(("a", 1), ("b", 2), ("c", 3), ("zzz", 4)), truth, [null]);
        Assert.That(results[0].SkippedPredictions, Is.EqualTo(1));
        Assert.That(results[0].KendallTauB, Is.EqualTo(1));
    }

    [Test]
    public void NaNScoreIsAnError() =>
        Assert.Throws<NasLidException>(() => RankCorrelation.Compare(Scores(("a", double.NaN), ("b", 1)), Scores(("a", 1), ("b", 2))));

    static Dictionary<string, double> Scores(params (string Key, double Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
