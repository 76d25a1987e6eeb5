using NasLid.Core;
using NasLid.Torch.Supernets;
using NasLid.Torch.Supernets.Mobile;
using NasLid.Torch.Supernets.Ofa;
using NasLid.Torch.Supernets.Proxyless;
using NUnit.Framework;
using SupernetFactory = NasLid.Torch.Supernets.Supernets;
using static TorchSharp.torch;

namespace NasLid.Tests.Supernets;

public class MobileSupernetTests
{
    /// <summary>Every layer set to op <paramref name="op"/>, or to its last op where it has fewer.</summary>
    static Architecture AllOp(ISearchSpace space, int op) => new(space.Layers.Select(l => Math.Min(op, l.Ops.Count - 1)));

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Test]
    public void ProxylessEveryOpGivesLogitsAndTapShapes([Values(32, 224)] int side)
    {
        using var net = new ProxylessSupernet(new SupernetConfig("proxyless", Width: 4, Depth: 2, Resolution: side, InputChannels: 3, Classes: 5));
        net.eval();
        // CIFAR: stride-1 stem and first stage, /8 overall (32 -> 4); ImageNet: /32 (224 -> 7).
        int last = side == 32 ? 4 : 7;
        for (int op = 0; op < ProxylessSpace.SkippableBlockOps.Count; op++)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var taps = new RecordingTapSink();
            var arch = AllOp(net.Space, op);
            var logits = net.Forward(randn(1, 3, side, side), arch, taps);
            Assert.That(logits.shape, Is.EqualTo(new long[] { 1, 5 }));
            Assert.That(taps.Names, Is.EqualTo(net.TapNames(SupernetMask.SinglePath(net.Space, arch))));
            Assert.That(taps.Names, Has.Count.EqualTo(1 + 11 + 1));
            Assert.That(taps.Shapes[^2], Is.EqualTo(new long[] { 1, 40, last, last }), "last block: 320 * 4/32 channels");
            Assert.That(taps.Shapes[^1], Is.EqualTo(new long[] { 1, 160, last, last }), "mix layer: 1280 * 4/32 channels");
        }
    }

    [Test]
    public void OfaEveryOpGivesLogitsAndTapShapes([Values(32, 224)] int side)
    {
        using var net = new OfaSupernet(new SupernetConfig("ofa", Width: 2, Resolution: side, InputChannels: 3, Classes: 5));
        net.eval();
        int last = side == 32 ? 4 : 7;
        for (int op = 0; op < OfaSpace.BlockOps.Count; op++)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var taps = new RecordingTapSink();
            var arch = AllOp(net.Space, op); // depth choice index min(op, 2): d2, d3, then d4
            var logits = net.Forward(randn(1, 3, side, side), arch, taps);
            int depth = OfaSpace.Depths[Math.Min(op, 2)];
            Assert.That(logits.shape, Is.EqualTo(new long[] { 1, 5 }));
            Assert.That(taps.Names, Is.EqualTo(net.TapNames(SupernetMask.SinglePath(net.Space, arch))));
            Assert.That(taps.Names, Has.Count.EqualTo(1 + 5 * depth + 2));
            Assert.That(taps.Shapes[^3], Is.EqualTo(new long[] { 1, 20, last, last }), "last stage: 160 * 2/16 channels");
            Assert.That(taps.Shapes[^2], Is.EqualTo(new long[] { 1, 120, last, last }), "final expand: 960 * 2/16");
            Assert.That(taps.Shapes[^1], Is.EqualTo(new long[] { 1, 160, 1, 1 }), "feature mix: 1280 * 2/16, pooled");
        }
    }

    [Test]
    public void MixedBlockIsResidualPlusTheSumOfEnabledCandidates()
    {
        using var block = new MixedBlock(4, 4, 1, ProxylessSpace.Choices, zeroOp: true, Activation.Relu6, squeezeExcite: false);
        block.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(2, 4, 6, 6);
        var expected = x + block.Candidate(1)!.call(x) + block.Candidate(4)!.call(x);
        Assert.That(block.Forward(x, [1, 4]).allclose(expected, rtol: 1e-5, atol: 1e-6), Is.True);
        Assert.That(Same(block.Forward(x, [1, 4, 6]), block.Forward(x, [1, 4])), Is.True, "zero adds exactly nothing");
        Assert.That(Same(block.Forward(x, [6]), x), Is.True, "a lone zero passes the input");
    }

    [TestCase("proxyless")]
    [TestCase("ofa")]
    public void OneHotMaskIsTheSinglePathAndGradientsReachOnlyEnabledOps(string space)
    {
        using var net = SupernetFactory.Create(new SupernetConfig(space, Width: 2, Depth: 2, Resolution: 16, InputChannels: 3));
        using var scope = NewDisposeScope();
        var rng = new Rng(5);
        var arch = SearchSpaces.Random(net.Space, rng);
        var x = randn(2, 3, 16, 16);
        net.eval();
        using (no_grad())
        {
            var oneHot = SupernetMask.Parse(SupernetMask.SinglePath(net.Space, arch).ToString());
            Assert.That(Same(net.Forward(x, oneHot), net.Forward(x, arch)), Is.True);
        }

        net.train();
        var mask = new SupernetMask(net.Space.Layers.Select((l, i) =>
            Enumerable.Range(0, l.Ops.Count).Select(o => o == arch[i] || o == (arch[i] + 1) % l.Ops.Count)));
        net.Forward(x, mask).square().sum().backward();
        var reachable = ReachableLayers(net, mask);
        for (int layer = 0; layer < mask.LayerCount; layer++)
            for (int op = 0; op < mask.OpCount(layer); op++)
                if (net.OpParameters(layer, op).Any())
                    Assert.That(GradientReaches(net.OpParameters(layer, op)), Is.EqualTo(mask.IsEnabled(layer, op) && reachable.Contains(layer)),
                        $"{net.Space.Layers[layer].Name} op {net.Space.Layers[layer].Ops[op]}");
    }

    /// <summary>
    /// Whether any of an op's weights got a non-zero gradient. Not every weight must: a block's last BN bias
    /// shifts channels that the next 1x1 conv and train-mode BN cancel, so its gradient is 0 up to rounding.
    /// </summary>
    internal static bool GradientReaches(IEnumerable<TorchSharp.Modules.Parameter> parameters) =>
        parameters.Any(p => p.grad is { } g && g.abs().sum().item<float>() > 0);

    /// <summary>OFA blocks beyond a stage's deepest enabled depth do not run; every Proxyless block does.</summary>
    static HashSet<int> ReachableLayers(Supernet net, SupernetMask mask)
    {
        if (net is not OfaSupernet) return [.. Enumerable.Range(0, mask.LayerCount)];
        var reachable = new HashSet<int>();
        for (int s = 0; s < 5; s++)
        {
            int deepest = mask.EnabledOps(OfaSpace.DepthLayer(s)).Max(o => OfaSpace.Depths[o]);
            for (int b = 0; b < deepest; b++) reachable.Add(OfaSpace.BlockLayer(s, b));
        }
        return reachable;
    }

    [Test]
    public void OfaDepthMaskSumsTheStageOutputsAtEachEnabledDepth()
    {
        using var net = new OfaSupernet(new SupernetConfig("ofa", Width: 2, Resolution: 16, InputChannels: 3));
        net.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var arch = AllOp(net.Space, 0); // every stage d2, every block k3e3
        SupernetMask Depths(params int[] ops) => SupernetMask.SinglePath(net.Space, arch).WithLayer(OfaSpace.DepthLayer(0), ops);
        var x = randn(2, 3, 16, 16);
        Tensor StageOneTap(SupernetMask mask, string name)
        {
            using var sink = new RecordingTapSink(keepValues: true);
            net.Forward(x, mask, sink);
            Assert.That(sink.Names, Is.EqualTo(net.TapNames(mask)));
            return sink.Values[sink.Names.IndexOf(name)].clone();
        }
        var d2 = StageOneTap(Depths(0), "stage1.block2");
        var d4 = StageOneTap(Depths(2), "stage1.block4");
        var both = StageOneTap(Depths(0, 2), "stage1.block4");
        Assert.That(both.allclose(d2 + d4, rtol: 1e-5, atol: 1e-6), Is.True);
        Assert.That(net.TapNames(Depths(0)), Has.Count.EqualTo(1 + 2 * 5 + 2));
        Assert.That(net.TapNames(Depths(0, 2)), Has.Count.EqualTo(1 + 4 + 2 * 4 + 2));
    }

    [Test]
    public void ProxylessCountsFollowTheBlockArithmetic()
    {
        // Width 32 is the reference: stem 32, first block 16, stage 1 at 24 channels, CIFAR input 32x32.
        using var net = new ProxylessSupernet(new SupernetConfig("proxyless", Width: 32, Depth: 2, Resolution: 32, InputChannels: 3));
        var baseline = AllOp(net.Space, 0);
        var changed = baseline.With(1, 3); // stage1.block2 (24 -> 24 channels, 32x32): 3x3_MBConv3 -> 5x5_MBConv6
        long Params(long c, int k, int e) => c * c * e + 2 * c * e + c * e * k * k + 2 * c * e + c * e * c + 2 * c;
        long MacsOf(long c, int k, int e) => (c * c * e + c * e * k * k + c * e * c) * 32 * 32;
        Assert.That(net.ParameterCount(changed) - net.ParameterCount(baseline), Is.EqualTo(Params(24, 5, 6) - Params(24, 3, 3)));
        Assert.That(net.Flops(changed) - net.Flops(baseline), Is.EqualTo(MacsOf(24, 5, 6) - MacsOf(24, 3, 3)));
        var skipped = baseline.With(1, 6);
        Assert.That(net.ParameterCount(baseline) - net.ParameterCount(skipped), Is.EqualTo(Params(24, 3, 3)));
        Assert.That(net.Flops(baseline) - net.Flops(skipped), Is.EqualTo(MacsOf(24, 3, 3)));
    }
}
