using NasLid.Core;
using NUnit.Framework;
using SupernetFactory = NasLid.Torch.Supernets.Supernets;

namespace NasLid.Tests.Supernets;

/// <summary>A run's seed fixes the supernet's initial weights (a new user found two seed-0 searches diverging).</summary>
public class SeededCreationTests
{
    static readonly SupernetConfig Small = new("nb201", 4, 1, 8, 1, 10);

    static float[] Weights(ulong seed)
    {
        using var net = SupernetFactory.Create(Small, seed);
        return net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    [Test]
    public void SameSeedGivesTheSameInitialWeights() => Assert.That(Weights(7), Is.EqualTo(Weights(7)));

    [Test]
    public void DifferentSeedsGiveDifferentInitialWeights() => Assert.That(Weights(7), Is.Not.EqualTo(Weights(8)));
}
