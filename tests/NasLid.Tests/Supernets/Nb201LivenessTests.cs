using NasLid.Core;
using SupernetFactory = NasLid.Torch.Supernets.Supernets;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Supernets;

/// <summary>Which NB201 edges can change the output, and the canonical form of isomorphic cells.</summary>
public class Nb201LivenessTests
{
    static readonly Nb201Space Space = Nb201Space.Instance;

    [Test]
    public void EdgesIntoANodeThatNeverReachesTheOutputAreDead()
    {
        // 3<-2 is none, so node 2 is a dead end: edges 2<-0 and 2<-1 change nothing.
        var arch = Space.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|");
        Assert.That(Enumerable.Range(0, 6).Select(e => Space.AffectsOutput(arch, e)), Is.EqualTo(new[] { true, false, false, true, true, true }));
        Assert.That(Space.Format(Space.Canonical(arch)), Is.EqualTo("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"));
    }

    [Test]
    public void EdgesOutOfANodeThatNeverReceivesInputAreDead()
    {
        // 1<-0 is none, so node 1 is always zero: edges 2<-1 and 3<-1 see only zeros.
        var arch = Space.Parse("|none~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|nor_conv_3x3~1|skip_connect~2|");
        Assert.That(Enumerable.Range(0, 6).Select(e => Space.AffectsOutput(arch, e)), Is.EqualTo(new[] { true, true, false, true, false, true }));
    }

    [Test]
    public void AnEdgeIsJudgedByItsContextNotItsOwnOp()
    {
        var arch = Space.Parse("|none~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
        // 1<-0 is none itself, yet it would matter: node 1 feeds node 2 which feeds the output.
        Assert.That(Space.AffectsOutput(arch, 0), Is.True);
        Assert.That(Space.Canonical(Space.Canonical(arch)), Is.EqualTo(Space.Canonical(arch)), "canonical form is stable");
    }

    [Test]
    public void ChangingAnEdgeIntoADeadEndLeavesTheNetworkOutputBitIdentical()
    {
        using var scope = NewDisposeScope();
        using var net = SupernetFactory.Create(new SupernetConfig("nb201", 4, 1, 8, 1, 10));
        net.eval();
        var input = randn(2, 1, 8, 8);
        var rng = new Rng(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var arch = SubSupernet.SamplePath(SupernetMask.Full(Space), rng).With(5, 0);
            var reference = net.Forward(input, arch);
            foreach (var edge in new[] { 1, 2 })
                for (int op = 0; op < Nb201Space.Ops.Count; op++)
                    Assert.That(net.Forward(input, arch.With(edge, op)).equal(reference).all().item<bool>(), $"{Space.Format(arch)} edge {edge} op {op}");
        }
    }

    [Test]
    public void LivePathSamplingAvoidsDeadContexts()
    {
        var rng = new Rng(3);
        var mask = SupernetMask.Full(Space);
        for (int layer = 0; layer < 6; layer++)
            for (int i = 0; i < 50; i++)
                Assert.That(Space.AffectsOutput(SubSupernet.SampleLivePath(Space, mask, layer, rng), layer), Is.True);
    }
}
