using NasLid.Core;
using NasLid.Torch.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Training;

public class RspsTrainerTests
{
    [Test]
    public void TrainingOnRealFashionMnistReducesTheLossAndInheritedSubnetsBeatChance()
    {
        var data = TrainingFixtures.FashionSubset;
        using var net = TinySupernet.Create(seed: 1);
        var trainer = new RspsTrainer(net, data, new TrainingOptions(Epochs: 2, BatchSize: 32, LearningRate: 0.1, MaxSteps: 300, Seed: 7));
        using var state = trainer.Begin(SupernetMask.Full(net.Space));

        var result = trainer.Run(state);

        Assert.That(result.Losses, Has.Count.EqualTo(300));
        double first = result.Losses.Take(30).Average(), last = result.Losses.TakeLast(30).Average();
        TestContext.Out.WriteLine($"loss {first:F3} -> {last:F3}, {result.ImagesPerSecond:F0} images/s");
        Assert.That(first, Is.GreaterThan(1.8), "an untrained 10-class model starts near ln 10");
        Assert.That(last, Is.LessThan(0.8 * first));

        var evaluator = new SubnetEvaluator(data, calibrationBatches: 4, batchSize: 250);
        var accuracy = evaluator.Accuracy(net, net.Space.Parse("conv3x3-conv3x3"));
        Assert.That(accuracy, Is.GreaterThan(0.3), "after 300 steps the conv path beats 10% chance by far");
    }

    [Test]
    public void KillAndResumeGivesTheSameLossesAndWeightsToTheLastBit()
    {
        // 96 images in batches of 32: 3 steps per epoch, so 8 steps span three epochs and the stop at step 4 is mid-epoch.
        var data = TrainingFixtures.Small(96);
        var options = new TrainingOptions(Epochs: 3, BatchSize: 32, LearningRate: 0.1, MaxSteps: 8, Seed: 3);
        var checkpoint = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"resume-{Guid.NewGuid():N}.ckpt");

        using var uninterrupted = TinySupernet.Create(seed: 5);
        var fullTrainer = new RspsTrainer(uninterrupted, data, options);
        using var fullState = fullTrainer.Begin(SupernetMask.Full(uninterrupted.Space));
        var all = fullTrainer.Run(fullState).Losses;

        using var killed = TinySupernet.Create(seed: 5);
        var killedTrainer = new RspsTrainer(killed, data, options);
        using (var before = killedTrainer.Begin(SupernetMask.Full(killed.Space)))
            killedTrainer.Run(before, checkpoint, stopAtStep: 4);

        using var resumed = TinySupernet.Create(seed: 99);
        var resumedTrainer = new RspsTrainer(resumed, data, options);
        using var after = resumedTrainer.Resume(checkpoint, SupernetMask.Full(resumed.Space));
        Assert.That(after.Step, Is.EqualTo(4));
        var rest = resumedTrainer.Run(after).Losses;

        Assert.That(all, Has.Count.EqualTo(8));
        Assert.That(rest.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(all.Skip(4).Select(BitConverter.SingleToInt32Bits)));
        var expected = uninterrupted.state_dict();
        foreach (var (name, tensor) in resumed.state_dict())
            Assert.That(tensor.equal(expected[name]).all().item<bool>(), Is.True, $"weight {name} differs after resume");
        File.Delete(checkpoint);
    }

    [Test]
    public void SampledPathsUseOnlyEnabledOpsAndCoverThemEvenly()
    {
        var space = new TinySpace();
        var mask = SupernetMask.Full(space).WithLayer(0, [0, 2]);
        var rng = new Rng(11);
        var counts = new int[3];
        for (int i = 0; i < 4000; i++)
        {
            var path = SubSupernet.SamplePath(mask, rng);
            Assert.That(mask.Contains(path), Is.True);
            counts[path[0]]++;
        }
        Assert.That(counts[1], Is.Zero);
        Assert.That(counts[0], Is.InRange(1850, 2150), "uniform over the two enabled ops (±4.7 sigma)");
    }

    [Test]
    public void StandaloneTrainingChangesOnlyTheChosenPath()
    {
        using var net = TinySupernet.Create(seed: 2);
        var architecture = net.Space.Parse("conv1x1-conv3x3");
        var untouched = net.OpParameters(0, 0).Select(p => p.detach().clone()).ToArray();
        var trained = net.OpParameters(0, 1).Select(p => p.detach().clone()).ToArray();

        StandaloneTrainer.Train(net, architecture, TrainingFixtures.Small(64), new TrainingOptions(BatchSize: 32, LearningRate: 0.1, MaxSteps: 3));

        var now = net.OpParameters(0, 0).ToArray();
        for (int i = 0; i < untouched.Length; i++)
            Assert.That(now[i].equal(untouched[i]).all().item<bool>(), Is.True, "conv3x3 of layer 0 is not on the path");
        Assert.That(net.OpParameters(0, 1).Zip(trained).Any(p => !p.First.equal(p.Second).all().item<bool>()), Is.True, "conv1x1 of layer 0 trained");
    }

    [Test]
    public void FineTuningAChildStartsFromTheParentsMomentum()
    {
        var data = TrainingFixtures.Small(64);
        using var net = TinySupernet.Create(seed: 4);
        var trainer = new RspsTrainer(net, data, new TrainingOptions(BatchSize: 32, MaxSteps: 2));
        using var parent = trainer.Begin(SupernetMask.Full(net.Space));
        trainer.Run(parent);

        var childMask = parent.Mask.WithLayer(0, [0, 1]);
        using var child = trainer.Begin(childMask, inheritFrom: parent);

        Assert.That(child.Step, Is.Zero);
        Assert.That(child.Mask, Is.EqualTo(childMask));
        Assert.That(child.Optimizer.MomentumBuffers.Keys, Is.EquivalentTo(parent.Optimizer.MomentumBuffers.Keys));
        foreach (var (name, buffer) in parent.Optimizer.MomentumBuffers)
            Assert.That(child.Optimizer.MomentumBuffers[name].equal(buffer).all().item<bool>(), Is.True, name);
    }

    [Test]
    public void AMaskOfAnotherSpaceIsRejected()
    {
        using var net = TinySupernet.Create(seed: 0);
        var trainer = new RspsTrainer(net, TrainingFixtures.Small(64), new TrainingOptions(BatchSize: 32));
        var ex = Assert.Throws<NasLidException>(() => trainer.Begin(SupernetMask.Parse("11|11|11")));
        Assert.That(ex!.Message, Does.Contain("does not fit space tiny"));
    }
}
