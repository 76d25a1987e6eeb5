using NasLid.Core;
using NasLid.Torch.Data;

namespace NasLid.Tests.Training;

/// <summary>Real data for training tests: the embedded Fashion-MNIST subset, loaded once per test run.</summary>
public static class TrainingFixtures
{
    static readonly Lazy<LoadedData> Embedded = new(() => DataSets.Load(null));

    public static LoadedData FashionSubset => Embedded.Value;

    /// <summary>The first <c>count</c> training images only: short epochs, so a few steps cross epoch boundaries.</summary>
    public static LoadedData Small(int count)
    {
        var data = FashionSubset;
        return data with { Train = data.Train.Subset(Enumerable.Range(0, count).ToArray()) };
    }

    public static SupernetMask FullMask(TinySupernet net) => SupernetMask.Full(net.Space);
}
