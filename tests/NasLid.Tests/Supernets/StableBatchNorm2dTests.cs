using NasLid.Torch.Supernets;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Supernets;

/// <summary>StableBatchNorm2d is nn.BatchNorm2d with a safe counter update: same outputs, same running statistics.</summary>
public class StableBatchNorm2dTests
{
    [TestCase(0.1)]
    [TestCase(null)]
    public void MatchesTorchSharpBatchNormInTrainingAndEvaluation(double? momentum)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var reference = nn.BatchNorm2d(6);
        var stable = new StableBatchNorm2d(6);
        stable.load_state_dict(reference.state_dict());
        reference.momentum = momentum;
        stable.momentum = momentum;
        for (int step = 0; step < 3; step++)
        {
            var x = randn(4, 6, 5, 5) * (step + 1) + step;
            Assert.That(stable.call(x).allclose(reference.call(x), 1e-6, 1e-6), $"train step {step}");
        }
        Assert.That(stable.running_mean!.allclose(reference.running_mean!, 1e-6, 1e-6));
        Assert.That(stable.running_var!.allclose(reference.running_var!, 1e-6, 1e-6));
        Assert.That(stable.num_batches_tracked!.item<long>(), Is.EqualTo(3));
        stable.eval();
        reference.eval();
        var y = randn(2, 6, 5, 5);
        Assert.That(stable.call(y).allclose(reference.call(y), 1e-6, 1e-6), "eval");
    }
}
