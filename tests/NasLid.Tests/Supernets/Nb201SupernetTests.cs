using NasLid.Core;
using NasLid.Torch.Supernets;
using NasLid.Torch.Supernets.Nb201;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Supernets;

public class Nb201SupernetTests
{
    static readonly Nb201Space Space = Nb201Space.Instance;

    static Architecture Uniform(int op) => new(Enumerable.Repeat(op, 6));

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Test]
    public void EveryOpGivesLogitsAndTapShapesAt32And224([Values(32, 224)] int side)
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 2, Depth: 1, Resolution: side, InputChannels: 3, Classes: 7));
        net.eval();
        for (int op = 0; op < Nb201Space.Ops.Count; op++)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var taps = new RecordingTapSink();
            var logits = net.Forward(randn(2, 3, side, side), Uniform(op), taps);
            Assert.That(logits.shape, Is.EqualTo(new long[] { 2, 7 }), Nb201Space.Ops[op]);
            Assert.That(taps.Names, Is.EqualTo(new[] { "cells.0", "cells.1", "cells.2", "cells.3", "cells.4" }));
            Assert.That(taps.Shapes, Is.EqualTo(new[]
            {
                new long[] { 2, 2, side, side }, [2, 4, side / 2, side / 2], [2, 4, side / 2, side / 2],
                [2, 8, side / 4, side / 4], [2, 8, side / 4, side / 4],
            }), Nb201Space.Ops[op]);
        }
    }

    [Test]
    public void BenchmarkDepthHas17TapsInOrderAndNamesMatchTapNames()
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 1, Depth: 5, Resolution: 8, InputChannels: 3));
        using var scope = NewDisposeScope();
        var taps = new RecordingTapSink();
        var mask = SupernetMask.Full(Space);
        net.Forward(randn(1, 3, 8, 8), mask, taps);
        Assert.That(taps.Indices, Is.EqualTo(Enumerable.Range(0, 17)));
        Assert.That(taps.Names, Is.EqualTo(net.TapNames(mask)));
        var channels = taps.Shapes.Select(s => s[1]).ToArray();
        Assert.That(channels, Is.EqualTo(Enumerable.Repeat(1L, 5).Concat(Enumerable.Repeat(2L, 6)).Concat(Enumerable.Repeat(4L, 6))));
    }

    /// <summary>The cell's node sums written out from the paper (Eq. 4) using the cell's own candidate modules.</summary>
    static Tensor HandWiredCell(Nb201Cell cell, Tensor x, SupernetMask mask)
    {
        Tensor EdgeSum(int edge, Tensor input) =>
            mask.EnabledOps(edge).Select(op => cell.Op(edge, op).call(input)).Aggregate((a, b) => a + b);
        var n1 = EdgeSum(0, x);
        var n2 = EdgeSum(1, x) + EdgeSum(2, n1);
        return EdgeSum(3, x) + EdgeSum(4, n1) + EdgeSum(5, n2);
    }

    [TestCase("01000|00010|00100|00001|01000|00010")]
    [TestCase("11111|00110|10001|01010|11111|00011")]
    public void CellIsTheMaskedSumOfEnabledOps(string maskText)
    {
        using var cell = new Nb201Cell(3);
        cell.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(2, 3, 6, 6);
        var mask = SupernetMask.Parse(maskText);
        Assert.That(cell.Forward(x, mask).allclose(HandWiredCell(cell, x, mask), rtol: 1e-5, atol: 1e-6), Is.True);
    }

    [Test]
    public void OneHotMaskIsTheSinglePath()
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 3, Depth: 2, Resolution: 8, InputChannels: 3));
        net.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(2, 3, 8, 8);
        var arch = Space.Parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|");
        var oneHot = SupernetMask.Parse("00010|10000|01000|00001|00100|00010");
        Assert.That(Same(net.Forward(x, oneHot), net.Forward(x, arch)), Is.True);
        Assert.That(Same(net.Forward(x, oneHot), net.Forward(x, SupernetMask.Full(Space))), Is.False);
    }

    [Test]
    public void NoneEdgesContributeExactlyZero()
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 3, Depth: 2, Resolution: 8, InputChannels: 3));
        net.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(2, 3, 8, 8);
        var without = SupernetMask.Parse("00010|00100|01000|00001|00100|00010");
        var withNone = SupernetMask.Parse("10010|10100|11000|10001|10100|10010");
        Assert.That(Same(net.Forward(x, withNone), net.Forward(x, without)), Is.True);

        using var taps = new RecordingTapSink(keepValues: true);
        net.Forward(x, Uniform(0), taps);
        foreach (int cellTap in new[] { 0, 1, 3, 4, 6, 7 })
            Assert.That(taps.Values[cellTap].count_nonzero().item<long>(), Is.EqualTo(0), taps.Names[cellTap]);
    }

    [Test]
    public void GradientsReachOnlyEnabledOps()
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 2, Depth: 1, Resolution: 8, InputChannels: 3));
        using var scope = NewDisposeScope();
        var mask = SupernetMask.Parse("00110|00010|00100|11111|00011|00010");
        net.Forward(randn(4, 3, 8, 8), mask).square().sum().backward();
        for (int layer = 0; layer < 6; layer++)
            foreach (int op in new[] { 2, 3 })
                Assert.That(MobileSupernetTests.GradientReaches(net.OpParameters(layer, op)), Is.EqualTo(mask.IsEnabled(layer, op)),
                    $"edge {Nb201Space.EdgeName(layer)} op {Nb201Space.Ops[op]}");
        Assert.That(net.SharedParameters().All(p => p.grad is not null), Is.True);
    }

    /// <summary>
    /// Parameters and multiply-accumulates of an NB201 network worked out layer by layer from the benchmark's
    /// description, without the code under test: conv weights k*k*in*out (no bias), BN 2 per channel,
    /// linear in*out + out.
    /// </summary>
    static (long Params, long Macs) ByHand(int c, int n, int side, int inChannels, int classes, Architecture arch)
    {
        long parameters = 9L * inChannels * c + 2 * c;           // stem conv3x3 + BN
        long macs = 9L * inChannels * c * side * side;
        for (int stage = 0; stage < 3; stage++)
        {
            long ch = (long)c << stage;
            if (stage > 0)
            {
                long inCh = ch / 2;
                side /= 2;
                parameters += 9 * inCh * ch + 2 * ch + 9 * ch * ch + 2 * ch + inCh * ch; // conv_a, conv_b, shortcut 1x1
                macs += (9 * inCh * ch + 9 * ch * ch + inCh * ch) * side * side;
            }
            foreach (int op in arch.Ops)
            {
                long k2 = op switch { 2 => 1, 3 => 9, _ => 0 };
                if (k2 == 0) continue;
                parameters += n * (k2 * ch * ch + 2 * ch);
                macs += n * k2 * ch * ch * side * side;
            }
        }
        long last = 4L * c;
        parameters += 2 * last + last * classes + classes; // lastact BN + classifier
        macs += last * classes + classes;
        return (parameters, macs);
    }

    [Test]
    public void BenchmarkSizeCountsMatchHandArithmeticAndPublishedValues()
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 16, Depth: 5, Resolution: 32, InputChannels: 3, Classes: 10));
        var conv3 = ByHand(16, 5, 32, 3, 10, Uniform(3));
        var none = ByHand(16, 5, 32, 3, 10, Uniform(0));
        Assert.That(conv3.Params, Is.EqualTo(1_531_546), "NAS-Bench-201 lists 1.531546 MB params for all-conv3x3");
        Assert.That(conv3.Macs, Is.EqualTo(220_119_690), "and 220.11969 MFLOPs");
        Assert.That(none.Params, Is.EqualTo(73_306));
        Assert.That(net.ParameterCount(Uniform(3)), Is.EqualTo(conv3.Params));
        Assert.That(net.Flops(Uniform(3)), Is.EqualTo(conv3.Macs));
        Assert.That(net.ParameterCount(Uniform(0)), Is.EqualTo(none.Params));
        Assert.That(net.Flops(Uniform(0)), Is.EqualTo(none.Macs));

        var rng = new Rng(4);
        for (int i = 0; i < 20; i++)
        {
            var arch = SearchSpaces.Random(Space, rng);
            var hand = ByHand(16, 5, 32, 3, 10, arch);
            Assert.That(net.ParameterCount(arch), Is.EqualTo(hand.Params), arch.ToString());
            Assert.That(net.Flops(arch), Is.EqualTo(hand.Macs), arch.ToString());
            Assert.That(net.ParameterCount(arch), Is.GreaterThanOrEqualTo(none.Params));
        }
    }
}

public class Nb201StateDictTests
{
    [Test]
    public void ParameterNamesFollowTheReferenceStateDictKeys()
    {
        using var net = new Nb201Supernet(new SupernetConfig(Width: 2, Depth: 1, Resolution: 8, InputChannels: 3));
        var names = net.named_parameters().Select(p => p.name).ToHashSet();
        Assert.That(names, Is.SupersetOf(new[]
        {
            "stem.0.weight", "stem.1.weight", "cells.0.edges.1<-0.3.op.1.weight", "cells.0.edges.3<-2.2.op.2.bias",
            "cells.1.conv_a.op.1.weight", "cells.1.conv_b.op.2.weight", "cells.1.downsample.1.weight",
            "lastact.0.weight", "classifier.weight", "classifier.bias",
        }));
        Assert.That(names, Has.Count.EqualTo(3 + 3 * 6 * 2 * 3 + 2 * (3 + 3 + 1) + 2 + 2),
            "stem conv+BN, per edge 2 conv ops of 3 tensors, reductions conv_a+conv_b+shortcut, lastact, classifier");
    }
}
