using NasLid.Core;
using NasLid.Torch.Training;
using NUnit.Framework;

namespace NasLid.Tests.Training;

public class SubnetEvaluatorTests
{
    [Test]
    public void RecalibrationLeavesTheSupernetUnchangedAndRepeatsExactly()
    {
        var data = TrainingFixtures.Small(256);
        using var net = TinySupernet.Create(seed: 3);
        var trainer = new RspsTrainer(net, data, new TrainingOptions(BatchSize: 32, LearningRate: 0.1, MaxSteps: 8));
        using (var state = trainer.Begin(SupernetMask.Full(net.Space)))
            trainer.Run(state);
        net.train();
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var evaluator = new SubnetEvaluator(data, calibrationBatches: 3, batchSize: 64);
        var architecture = net.Space.Parse("conv3x3-conv3x3");
        double first = evaluator.Accuracy(net, architecture);
        double second = evaluator.Accuracy(net, architecture);

        Assert.That(second, Is.EqualTo(first), "recalibration starts from reset statistics, so it repeats exactly");
        Assert.That(first, Is.InRange(0.0, 1.0));
        Assert.That(net.training, Is.True, "the supernet's mode is restored");
        foreach (var (name, tensor) in net.state_dict())
            Assert.That(tensor.equal(before[name]).all().item<bool>(), Is.True, $"{name} changed");
        var norm = net.modules().OfType<TorchSharp.Modules.NormBase>().First();
        Assert.That(norm.momentum, Is.EqualTo(0.1), "BatchNorm momentum restored");
    }
}
