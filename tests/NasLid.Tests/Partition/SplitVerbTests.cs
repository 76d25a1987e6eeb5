using NasLid.Cli;
using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Tests.Training;
using NasLid.Torch.Partition;
using NasLid.Torch.Search;
using NasLid.Torch.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Partition;

public class SplitVerbTests : TempFolderTest
{
    /// <summary>A real (tiny) RSPS run of NB201 at C = 8, N = 1 on Fashion-MNIST, checkpointed under <paramref name="mask"/>.</summary>
    string TrainedCheckpoint(Func<SupernetMask, SupernetMask>? mask = null)
    {
        random.manual_seed(11);
        using var net = NasLid.Torch.Supernets.Supernets.Create(new SupernetConfig("nb201", 8, 1, 28, 1, 10));
        var path = Path.Combine(Folder, "trained.ckpt");
        var trainer = new RspsTrainer(net, TrainingFixtures.Small(128), new TrainingOptions(BatchSize: 32, MaxSteps: 3));
        using var state = trainer.Begin((mask ?? (m => m))(SupernetMask.Full(net.Space)));
        trainer.Run(state, path);
        return path;
    }

    [Test]
    public void SplitsACheckpointedSupernetPrintsTheDecisionAndWritesTheRecord()
    {
        var checkpoint = TrainedCheckpoint(m => m.WithLayer(5, [2, 3]));
        var info = Checkpoint.ReadInfo(checkpoint);
        Assert.That(info.Config, Is.EqualTo(new SupernetConfig("nb201", 8, 1, 28, 1, 10)));
        Assert.That(info.Mask.ToString(), Is.EqualTo("11111|11111|11111|11111|11111|00110"));

        var output = new StringWriter();
        var outFolder = Path.Combine(Folder, "out");
        int code = new SplitVerb { Checkpoint = checkpoint, Batches = 1, BatchSize = 32, K = 10, Out = outFolder, Seed = 2 }.Run(output);

        Assert.That(code, Is.EqualTo(0));
        var record = new RunFolder(outFolder).ReadJson<SplitRecord>("split.json");
        Assert.That(record.Parent, Is.EqualTo(info.Mask.ToString()), "the checkpoint's own mask by default");
        Assert.That(record.Layers.Select(l => l.Layer), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        var chosen = record.Layers.Single(l => l.Layer == record.ChosenLayer);
        var text = output.ToString();
        Assert.That(text, Does.Contain($"layer    {chosen.Layer} ({chosen.Name})"));
        Assert.That(text, Does.Contain(chosen.Gamma.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(text, Does.Contain(record.ChildA).And.Contain(record.ChildB));
        Assert.That(SupernetMask.Parse(record.ChildA).EnabledOps(5), Is.EqualTo(new[] { 2, 3 }), "other layers keep the parent's ops");
        Assert.That(chosen.Gamma, Is.EqualTo(BalancedBipartition.Solve(SimilarityMatrix.FromRows(chosen.Similarity)).Score));
    }

    [Test]
    public void AGivenMaskAndTheGradientCriterionAreUsed()
    {
        var checkpoint = TrainedCheckpoint();
        var mask = "11111|11111|11111|10000|10000|10000";
        var outFolder = Path.Combine(Folder, "out");
        int code = new SplitVerb { Checkpoint = checkpoint, Mask = mask, Criterion = "gradient", Batches = 1, BatchSize = 8, Out = outFolder }
            .Run(new StringWriter());

        Assert.That(code, Is.EqualTo(0));
        var record = new RunFolder(outFolder).ReadJson<SplitRecord>("split.json");
        Assert.That((record.Parent, record.Criterion, record.Similarity), Is.EqualTo((mask, "gradient", "Cosine")));
        Assert.That(record.Layers.Select(l => l.Layer), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [TestCase("--mask", "111|11", "does not fit")]
    [TestCase("--criterion", "random", "--criterion 'random'")]
    [TestCase("--batches", "1000", "need")]
    public void BadInputIsAOneLineError(string option, string value, string expected)
    {
        var checkpoint = TrainedCheckpoint();
        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(["split", "--checkpoint", checkpoint, "--batch-size", "32", "--out", Folder, option, value], new StringWriter(), error);
        Assert.That(code, Is.EqualTo(1), error.ToString());
        Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("naslid: error: ").And.Contain(expected));
    }

    [Test]
    public void AMissingCheckpointIsAOneLineError()
    {
        var error = new StringWriter();
        var missing = Path.Combine(Folder, "missing.ckpt");
        Assert.That(NasLid.Cli.Cli.Run(["split", "--checkpoint", missing], new StringWriter(), error), Is.EqualTo(1));
        Assert.That(error.ToString().Trim(), Is.EqualTo($"naslid: error: {missing}: checkpoint not found"));
    }
}
