using NasLid.Core;
using NasLid.Core.Partitioning;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class SeparabilityTests
{
    [Test]
    public void ThreeCandidatesByHand()
    {
        // s01 = 1, s02 = 2, s12 = 3; ordered pairs i ≠ j sum to 2 × 6 = 12, 2n = 6, so s̄ = 2.
        // Σ_{i≠j} (s_ij − 2)² = 2 × (1 + 0 + 1) = 4, D = sqrt(4 / 6).
        Assert.That(Separability.Score(Matrices.FromUpper(3, 100, 1, 2, 3)), Is.EqualTo(Math.Sqrt(4.0 / 6)).Within(1e-15));
    }

    [Test]
    public void FourCandidatesByHandUseTwoNNotThePairCount()
    {
        // Off-diagonal 5, 1, 2, 3, 1, 4: ordered sum 32, 2n = 8, s̄ = 4 (the mean pair similarity is 16/6, not 4).
        // Squares (5−4)², (1−4)², (2−4)², (3−4)², (1−4)², (4−4)² = 1, 9, 4, 1, 9, 0 → 24, ordered 48; D = sqrt(48 / 8) = sqrt(6).
        Assert.That(Separability.Score(Matrices.FromUpper(4, 9, 5, 1, 2, 3, 1, 4)), Is.EqualTo(Math.Sqrt(6)).Within(1e-14));
    }

    [Test]
    public void DiagonalIsIgnored() =>
        Assert.That(Separability.Score(Matrices.FromUpper(3, 1e6, 1, 2, 3)), Is.EqualTo(Separability.Score(Matrices.FromUpper(3, 0, 1, 2, 3))));

    [Test]
    public void OneCandidateIsAnError() =>
        Assert.Throws<NasLidException>(() => Separability.Score(new SimilarityMatrix(new double[,] { { 1 } })));
}

public class LayerChoiceTests
{
    static Bipartition Split(double score, double between) => new([0], [1], score, between, true);

    [Test]
    public void PaperRuleTakesHighestGamma()
    {
        LayerCandidate[] layers = [new(0, Split(3, 9)), new(2, Split(8, 1)), new(5, Split(5, 4))];
        Assert.That(LayerChoice.Choose(layers).Layer, Is.EqualTo(2));
        Assert.That(LayerChoice.Choose(layers, LayerChoiceRule.LargestBetweenGroup).Layer, Is.EqualTo(0));
    }

    [Test]
    public void TiesGoToTheLowestLayer()
    {
        LayerCandidate[] layers = [new(4, Split(7, 2)), new(1, Split(7, 2)), new(3, Split(6, 2))];
        Assert.That(LayerChoice.Choose(layers).Layer, Is.EqualTo(1));
        Assert.That(LayerChoice.Choose(layers, LayerChoiceRule.LargestBetweenGroup).Layer, Is.EqualTo(1));
    }

    [Test]
    public void NothingLeftIsAnError() => Assert.Throws<NasLidException>(() => LayerChoice.Choose([]));
}

public class ProfileResamplingTests
{
    [Test]
    public void UpsamplingInterpolatesOverRelativeDepth()
    {
        Assert.That(ProfileResampling.Resample([0, 10], 3), Is.EqualTo(new[] { 0, 5, 10 }));
        Assert.That(ProfileResampling.Resample([1, 2, 3], 5), Is.EqualTo(new[] { 1, 1.5, 2, 2.5, 3 }));
        // 4 taps at depths 0, 1/3, 2/3, 1 onto 7 points at depths k/6.
        Assert.That(ProfileResampling.Resample([0, 3, 6, 9], 7), Is.EqualTo(new[] { 0, 1.5, 3, 4.5, 6, 7.5, 9 }).Within(1e-12));
    }

    [Test]
    public void DownsamplingAndEdgeCases()
    {
        Assert.That(ProfileResampling.Resample([0, 1, 2, 3, 4], 3), Is.EqualTo(new[] { 0, 2, 4 }));
        Assert.That(ProfileResampling.Resample([7], 3), Is.EqualTo(new[] { 7, 7, 7 }));
        Assert.That(ProfileResampling.Resample([7, 9], 1), Is.EqualTo(new[] { 7 }));
        Assert.Throws<NasLidException>(() => ProfileResampling.Resample([], 3));
    }

    [Test]
    public void UnequalDepthsBecomeComparable()
    {
        // A stage of depth 2 vs depth 3 (OFA): the short profile is stretched to the long one's length.
        var common = ProfileResampling.ToCommonDepth([[1.0, 2.0, 3.0], [1.0, 3.0]]);
        Assert.That(common[1], Is.EqualTo(new[] { 1, 2, 3 }));
        var s = Similarity.Compute(common);
        Assert.That(s[0, 1], Is.EqualTo(1 / Similarity.Epsilon).Within(1e-6));
    }
}
