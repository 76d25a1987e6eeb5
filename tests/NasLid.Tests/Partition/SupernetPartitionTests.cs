using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Kernels;
using NasLid.Tests.Training;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Partition;
using NasLid.Torch.Search;
using NasLid.Torch.Supernets;
using NasLid.Torch.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Partition;

public class SupernetPartitionTests : TempFolderTest
{
    /// <summary>NB201 at C = 8, N = 1 for 28×28 grey images, after a few RSPS steps on real Fashion-MNIST.</summary>
    internal static Supernet BrieflyTrainedNb201(int steps = 6)
    {
        random.manual_seed(5);
        var net = NasLid.Torch.Supernets.Supernets.Create(new SupernetConfig("nb201", 8, 1, 28, 1, 10));
        var trainer = new RspsTrainer(net, TrainingFixtures.Small(256), new TrainingOptions(BatchSize: 32, LearningRate: 0.05, MaxSteps: steps));
        using (var state = trainer.Begin(SupernetMask.Full(net.Space)))
            trainer.Run(state);
        return net;
    }

    internal static IReadOnlyList<Batch> RealBatches(int count, int size, ulong seed = 1)
    {
        var data = TrainingFixtures.FashionSubset;
        return new BatchLoader(data.Train, data.Normalisation, Augmentation.None, size, seed, shuffle: true, dropLast: true)
            .Epoch(0).Take(count).ToArray();
    }

    [Test]
    public void ASplitOfARealSupernetPartitionsTheChosenLayerAndRecordsEveryNumberThatDecidedIt()
    {
        using var net = BrieflyTrainedNb201();
        // A parent already split once: layer 0 keeps ops 1 and 3, and must stay so in both children.
        var parent = SupernetMask.Full(net.Space).WithLayer(0, [1, 3]);
        using var engine = LidEngines.Create("cpu");
        var record = SupernetPartition.Split(net, parent, new LidCharacterisation(engine, new LidOptions(K: 10)),
            RealBatches(2, 32), new Rng(3), new PartitionSettings());

        var folder = new RunFolder(Folder);
        folder.WriteJson("split.json", record);
        var read = folder.ReadJson<SplitRecord>("split.json");

        Assert.That(read.Layers.Select(l => l.Layer), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }), "every unsplit layer is scored, the split one is not");
        var a = SupernetMask.Parse(read.ChildA);
        var b = SupernetMask.Parse(read.ChildB);
        int chosen = read.ChosenLayer;
        var opsA = a.EnabledOps(chosen);
        var opsB = b.EnabledOps(chosen);
        Assert.That(opsA.Intersect(opsB), Is.Empty, "the two children share no op of the split layer");
        Assert.That(opsA.Union(opsB).Order(), Is.EqualTo(parent.EnabledOps(chosen)), "together they hold every op of the parent");
        Assert.That(Math.Abs(opsA.Count - opsB.Count), Is.LessThanOrEqualTo(1), "balanced");
        for (int l = 0; l < parent.LayerCount; l++)
            if (l != chosen)
            {
                Assert.That(a.EnabledOps(l), Is.EqualTo(parent.EnabledOps(l)), $"child A changed layer {l}");
                Assert.That(b.EnabledOps(l), Is.EqualTo(parent.EnabledOps(l)), $"child B changed layer {l}");
            }

        // Every decision recomputed from the record alone, with the Core functions.
        foreach (var layer in read.Layers)
        {
            Assert.That(layer.Profiles, Is.Not.Null.And.Length.EqualTo(5));
            Assert.That(layer.Profiles!.All(p => p.Length == 5), Is.True, "NB201 with N = 1 taps 3 cells and 2 reductions");
            var similarity = Similarity.Compute(layer.Profiles!.Select(p => (IReadOnlyList<double>)p).ToArray(), SimilarityMeasure.Euclidean);
            Assert.That(similarity.ToRows(), Is.EqualTo(layer.Similarity), $"similarity of {layer.Name}");
            var best = BalancedBipartition.Solve(SimilarityMatrix.FromRows(layer.Similarity));
            Assert.That(layer.Gamma, Is.EqualTo(best.Score), $"gamma of {layer.Name}");
            Assert.That(layer.GroupA, Is.EqualTo(best.Gamma.Select(i => layer.Ops[i])));
            Assert.That(layer.GroupB, Is.EqualTo(best.Rest.Select(i => layer.Ops[i])));
            Assert.That(layer.Separability, Is.EqualTo(Separability.Score(similarity)));
            Assert.That(layer.Similarity.SelectMany(r => r).All(double.IsFinite), Is.True);
        }
        Assert.That(chosen, Is.EqualTo(read.Layers.OrderByDescending(l => l.Gamma).ThenBy(l => l.Layer).First().Layer), "the paper's rule: highest gamma");
        var chosenRecord = read.Layers.Single(l => l.Layer == chosen);
        Assert.That(opsA, Is.EqualTo(chosenRecord.GroupA));
        Assert.That(opsB, Is.EqualTo(chosenRecord.GroupB));
    }

    [Test]
    public void ASupernetWithNothingLeftToSplitIsRefused()
    {
        using var net = TinySupernet.Create(seed: 1);
        var decided = SupernetMask.Full(net.Space).WithLayer(0, [0, 1]).WithLayer(1, [0]);
        var ex = Assert.Throws<NasLidException>(() => SupernetPartition.Split(net, decided, new GradientMatching(), RealBatches(1, 8), new Rng(1), new PartitionSettings()));
        Assert.That(ex!.Message, Does.Contain("no unsplit layer"));
    }
}
