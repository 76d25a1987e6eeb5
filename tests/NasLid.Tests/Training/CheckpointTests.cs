using NasLid.Core;
using NasLid.Torch.Training;
using NUnit.Framework;

namespace NasLid.Tests.Training;

public class CheckpointTests : TempFolderTest
{
    string Written(TinySupernet net, SupernetMask? mask = null)
    {
        var path = Path.Combine(Folder, "run.ckpt");
        var trainer = new RspsTrainer(net, TrainingFixtures.Small(64), new TrainingOptions(BatchSize: 32, MaxSteps: 2));
        using var state = trainer.Begin(mask ?? SupernetMask.Full(net.Space));
        trainer.Run(state, path, stopAtStep: 1);
        return path;
    }

    [Test]
    public void ACheckpointIsWrittenAtomicallyAndRestoresTheStateItSaved()
    {
        using var net = TinySupernet.Create(seed: 1);
        var mask = SupernetMask.Full(net.Space).WithLayer(1, [0]);
        var path = Written(net, mask);

        Assert.That(Directory.GetFiles(Folder).Select(Path.GetFileName), Is.EqualTo(new[] { "run.ckpt" }), "no temporary file left behind");
        using var other = TinySupernet.Create(seed: 2);
        using var state = Checkpoint.Load(path, other, mask);
        Assert.That(state.Step, Is.EqualTo(1));
        Assert.That(state.TotalSteps, Is.EqualTo(2));
        Assert.That(state.Mask, Is.EqualTo(mask));
        Assert.That(state.Optimizer.MomentumBuffers, Is.Not.Empty);
        var expected = net.state_dict();
        foreach (var (name, tensor) in other.state_dict())
            Assert.That(tensor.equal(expected[name]).all().item<bool>(), Is.True, name);
    }

    [Test]
    public void ADamagedCheckpointIsReportedAsCorrupt()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Written(net);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<NasLidException>(() => Checkpoint.Load(path, net));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("corrupt"));
    }

    [Test]
    public void ATruncatedCheckpointIsReportedAsCorrupt()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Written(net);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var ex = Assert.Throws<NasLidException>(() => Checkpoint.Load(path, net));
        Assert.That(ex!.Message, Does.Contain("corrupt"));
    }

    [Test]
    public void AFileThatIsNoCheckpointIsRejected()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Path.Combine(Folder, "notes.txt");
        File.WriteAllText(path, "these are not weights");

        var ex = Assert.Throws<NasLidException>(() => Checkpoint.Load(path, net));
        Assert.That(ex!.Message, Does.Contain("not a NasLid checkpoint"));
    }

    [Test]
    public void ACheckpointOfAnotherSpaceIsRejected()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Written(net);
        using var other = TinySupernet.Create(seed: 1, spaceName: "other");

        var ex = Assert.Throws<NasLidException>(() => Checkpoint.Load(path, other));
        Assert.That(ex!.Message, Does.Contain("search space 'tiny'").And.Contain("'other'"));
    }

    [Test]
    public void ACheckpointOfAnotherSizeIsRejected()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Written(net);
        using var wider = TinySupernet.Create(seed: 1, width: 12);

        var ex = Assert.Throws<NasLidException>(() => Checkpoint.Load(path, wider));
        Assert.That(ex!.Message, Does.Contain("Width = 8").And.Contain("Width = 12"));
    }

    [Test]
    public void ACheckpointOfAnotherMaskIsRejected()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Written(net);
        var expected = SupernetMask.Full(net.Space).WithLayer(0, [2]);

        var ex = Assert.Throws<NasLidException>(() => Checkpoint.Load(path, net, expected));
        Assert.That(ex!.Message, Does.Contain("111|11").And.Contain("001|11"));
    }

    [Test]
    public void ResumingWithAnotherBatchSizeIsRejectedBeforeAnyWeightChanges()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Written(net);
        using var other = TinySupernet.Create(seed: 2);
        var before = other.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var trainer = new RspsTrainer(other, TrainingFixtures.Small(64), new TrainingOptions(BatchSize: 16));

        var ex = Assert.Throws<NasLidException>(() => trainer.Resume(path));
        Assert.That(ex!.Message, Does.Contain("batch size 32").And.Contain("this run has 16"));
        foreach (var (name, tensor) in other.state_dict())
            Assert.That(tensor.equal(before[name]).all().item<bool>(), Is.True, name);
    }
}
