using NasLid.Core;
using NasLid.Core.Partitioning;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class SimilarityTests
{
    static readonly double[][] Profiles = [[0, 0], [3, 4], [6, 8], [3, 4]];

    [TestCase(SimilarityMeasure.Euclidean)]
    [TestCase(SimilarityMeasure.Cosine)]
    [TestCase(SimilarityMeasure.Pearson)]
    public void MatrixIsSymmetricAndFinite(SimilarityMeasure measure)
    {
        var rng = new Rng(1);
        var profiles = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 17).Select(_ => 10 * rng.NextDouble()).ToArray()).ToArray();
        var s = Similarity.Compute(profiles, measure);
        Assert.That(s.Size, Is.EqualTo(6));
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
            {
                Assert.That(double.IsFinite(s[i, j]));
                Assert.That(s[i, j], Is.EqualTo(s[j, i]));
            }
    }

    [Test]
    public void EuclideanIsReciprocalDistancePlusEpsilon()
    {
        var s = Similarity.Compute(Profiles);
        // ‖(0,0) − (3,4)‖ = 5, ‖(0,0) − (6,8)‖ = 10, identical profiles → 1/ε.
        Assert.That(s[0, 1], Is.EqualTo(1 / (5 + 1e-6)).Within(1e-15));
        Assert.That(s[0, 2], Is.EqualTo(1 / (10 + 1e-6)).Within(1e-15));
        Assert.That(s[1, 3], Is.EqualTo(1e6).Within(1e-6));
        Assert.That(s[2, 2], Is.EqualTo(1e6).Within(1e-6));
    }

    [Test]
    public void CosineAndPearsonKnownValues()
    {
        Assert.That(Similarity.Cosine([1, 0], [0, 1]), Is.EqualTo(0));
        Assert.That(Similarity.Cosine([3, 4], [6, 8]), Is.EqualTo(1).Within(1e-15));
        Assert.That(Similarity.Cosine([1, 2], [-1, -2]), Is.EqualTo(-1).Within(1e-15));
        Assert.That(Similarity.Pearson([1, 2, 3], [2, 4, 6]), Is.EqualTo(1).Within(1e-15));
        Assert.That(Similarity.Pearson([1, 2, 3], [3, 2, 1]), Is.EqualTo(-1).Within(1e-15));
        // Pearson ignores scale and offset: the reason the paper prefers Euclidean for LIDs.
        Assert.That(Similarity.Pearson([1, 2, 4], [11, 12, 14]), Is.EqualTo(1).Within(1e-15));
    }

    [Test]
    public void DegenerateVectorsAreOneWhenIdenticalElseZero()
    {
        Assert.That(Similarity.Cosine([0, 0], [1, 2]), Is.EqualTo(0));
        Assert.That(Similarity.Cosine([0, 0], [0, 0]), Is.EqualTo(1));
        Assert.That(Similarity.Pearson([2, 2, 2], [1, 2, 3]), Is.EqualTo(0));
        Assert.That(Similarity.Pearson([2, 2, 2], [5, 5, 5]), Is.EqualTo(0));
        Assert.That(Similarity.Pearson([2, 2, 2], [2, 2, 2]), Is.EqualTo(1));
        var s = Similarity.Compute(new[] { new[] { 0.0, 0.0 }, [0.0, 0.0], [1.0, 1.0] }, SimilarityMeasure.Cosine);
        Assert.That(s.ToRows().SelectMany(r => r).All(double.IsFinite));
    }

    [Test]
    public void NonFiniteProfileIsRejectedNamingTheCandidate()
    {
        var ex = Assert.Throws<NasLidException>(() =>
            Similarity.Compute(new[] { new[] { 1.0, 2.0 }, [1.0, double.NaN] }, SimilarityMeasure.Euclidean, ["skip_connect", "nor_conv_3x3"]));
        Assert.That(ex!.Message, Does.Contain("nor_conv_3x3").And.Contain("NaN"));
        Assert.Throws<NasLidException>(() => Similarity.Compute(new[] { new[] { double.PositiveInfinity }, [1.0] }));
    }

    [Test]
    public void UnequalLengthsAskForResampling()
    {
        var ex = Assert.Throws<NasLidException>(() => Similarity.Compute(new[] { new[] { 1.0, 2.0 }, [1.0, 2.0, 3.0] }));
        Assert.That(ex!.Message, Does.Contain("resample"));
    }

    [Test]
    public void FloatGradientsGiveTheSameCosineAsDoubles()
    {
        float[][] gradients = [[1f, 2f, 3f], [3f, 2f, 1f]];
        var s = Similarity.Compute(gradients, SimilarityMeasure.Cosine);
        Assert.That(s[0, 1], Is.EqualTo(10.0 / 14).Within(1e-12));
    }

    [Test]
    public void MatrixRejectsAsymmetryAndNaN()
    {
        Assert.Throws<NasLidException>(() => new SimilarityMatrix(new double[,] { { 0, 1 }, { 2, 0 } }));
        Assert.Throws<NasLidException>(() => new SimilarityMatrix(new double[,] { { 0, double.NaN }, { double.NaN, 0 } }));
        var s = Matrices.FromUpper(3, 0, 1, 2, 3);
        Assert.That(SimilarityMatrix.FromRows(s.ToRows()).ToRows(), Is.EqualTo(s.ToRows()));
    }
}
