using NasLid.Core;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;
using SupernetFactory = NasLid.Torch.Supernets.Supernets;

namespace NasLid.Tests.Supernets;

public class ForwardMemoryTests
{
    /// <summary>Repeated forwards outside any scope must leave alive nothing but the logits the caller disposes.</summary>
    [TestCase("nb201")]
    [TestCase("proxyless")]
    [TestCase("ofa")]
    public void ForwardLeavesOnlyItsResultAlive(string space)
    {
        using var net = SupernetFactory.Create(new SupernetConfig(space, Width: 2, Depth: 2, Resolution: 16, InputChannels: 3));
        net.eval();
        using var x = randn(2, 3, 16, 16);
        // A single path with one summed layer keeps the wide OFA and Proxyless layers cheap.
        var mask = SupernetMask.SinglePath(net.Space, SearchSpaces.Random(net.Space, new Rng(2)))
            .WithLayer(1, Enumerable.Range(0, net.Space.Layers[1].Ops.Count));
        using (no_grad())
        {
            // Other tests leave tensors to the finalizer; collect them now so none is finalized mid-count.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            for (int i = 0; i < 2; i++)
            {
                using var logits = net.Forward(x, mask, new RecordingTapSink());
            }
            Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
        }
    }
}
