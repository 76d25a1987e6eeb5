using NasLid.Torch.Training;
using NUnit.Framework;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLid.Tests.Training;

public class NesterovSgdTests
{
    [Test]
    public void TwoStepsMatchPyTorchsNesterovUpdateWrittenOutByHand()
    {
        using var p = new Parameter(tensor(new float[] { 2f }));
        using var unused = new Parameter(tensor(new float[] { 5f }));
        using var sgd = new NesterovSgd([("p", p), ("unused", unused)], momentum: 0.9, weightDecay: 0.1);
        double value = 2, buffer = 0, lr = 0.5;
        for (int step = 0; step < 2; step++)
        {
            sgd.ZeroGrad();
            using (var loss = (p * p).sum() * 0.5f)   // gradient = p
                loss.backward();
            sgd.Step(lr);
            double d = value + 0.1 * value;
            buffer = step == 0 ? d : 0.9 * buffer + d;
            value -= lr * (d + 0.9 * buffer);
        }
        Assert.That(p.item<float>(), Is.EqualTo(value).Within(1e-6));
        Assert.That(sgd.MomentumBuffers["p"].item<float>(), Is.EqualTo(buffer).Within(1e-6));
        Assert.That(unused.item<float>(), Is.EqualTo(5f), "a parameter without gradient is not decayed");
        Assert.That(sgd.MomentumBuffers.ContainsKey("unused"), Is.False);
    }

    [Test]
    public void TheCosineScheduleFallsFromTheBaseRateToZero()
    {
        Assert.That(CosineSchedule.LearningRate(0.1, 0, 100), Is.EqualTo(0.1));
        Assert.That(CosineSchedule.LearningRate(0.1, 50, 100), Is.EqualTo(0.05).Within(1e-15));
        Assert.That(CosineSchedule.LearningRate(0.1, 100, 100), Is.EqualTo(0).Within(1e-15));
    }
}
