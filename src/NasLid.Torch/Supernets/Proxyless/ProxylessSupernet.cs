using NasLid.Core;
using NasLid.Torch.Supernets.Mobile;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Proxyless;

/// <summary>
/// The ProxylessNAS mobile supernet (Cai et al., ICLR 2019) over <see cref="ProxylessSpace"/>: first_conv
/// (3x3, BN, ReLU6), a fixed MBConv1 3x3 first block, the searchable blocks (one MBConv per kernel x expand
/// candidate, plus zero where the space allows it), feature_mix_layer (1x1, BN, ReLU6), global pooling, linear.
/// Candidates keep separate weights. Taps: the first block, every searchable block, the mix layer.
/// </summary>
public sealed class ProxylessSupernet : Supernet
{
    readonly nn.Module<Tensor, Tensor> first_conv;
    readonly MbConv first_block;
    readonly TorchSharp.Modules.ModuleList<MixedBlock> blocks;
    readonly nn.Module<Tensor, Tensor> feature_mix_layer;
    readonly nn.Module<Tensor, Tensor> classifier;
    readonly ProxylessSpace space;
    readonly int[] blockStrides;

    public ProxylessSupernet(SupernetConfig config) : this(new ProxylessSpace(config)) { }

    ProxylessSupernet(ProxylessSpace space) : base(nameof(ProxylessSupernet), space, space.Config)
    {
        this.space = space;
        first_conv = Activations.ConvBnAct(Config.InputChannels, space.StemChannels, 3, space.StemStride, Activation.Relu6);
        first_block = new MbConv(space.StemChannels, space.FirstBlockChannels, new MbConvChoice(3, 1), 1, Activation.Relu6, squeezeExcite: false);
        var list = new List<MixedBlock>();
        var strides = new List<int>();
        long channels = space.FirstBlockChannels;
        foreach (var stage in space.Stages)
            for (int b = 0; b < stage.Blocks; b++)
            {
                int stride = b == 0 ? stage.Stride : 1;
                list.Add(new MixedBlock(channels, stage.Channels, stride, ProxylessSpace.Choices, zeroOp: b > 0, Activation.Relu6, squeezeExcite: false));
                strides.Add(stride);
                channels = stage.Channels;
            }
        blocks = new TorchSharp.Modules.ModuleList<MixedBlock>([.. list]);
        blockStrides = [.. strides];
        feature_mix_layer = Activations.ConvBnAct(channels, space.MixChannels, 1, 1, Activation.Relu6);
        classifier = nn.Linear(space.MixChannels, Config.Classes);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, SupernetMask active, ITapSink? taps = null)
    {
        SearchSpaces.CheckShape(Space, active);
        CheckInput(input);
        using var scope = NewDisposeScope();
        int tap = 0;
        var x = first_conv.call(input);
        x = Advance(x, first_block.call(x));
        taps?.OnTap(tap++, "first_block", x);
        for (int l = 0; l < blocks.Count; l++)
        {
            x = Advance(x, blocks[l].Forward(x, active.EnabledOps(l)));
            taps?.OnTap(tap++, Space.Layers[l].Name, x);
        }
        x = Advance(x, feature_mix_layer.call(x));
        taps?.OnTap(tap, "feature_mix_layer", x);
        return scope.MoveToOuter(classifier.call(x.mean([2, 3])));
    }

    public override IReadOnlyList<string> TapNames(SupernetMask active) =>
        ["first_block", .. Space.Layers.Select(l => l.Name), "feature_mix_layer"];

    public override IEnumerable<TorchSharp.Modules.Parameter> OpParameters(int layer, int op) =>
        blocks[layer].Candidate(op)?.parameters() ?? [];

    public override IEnumerable<TorchSharp.Modules.Parameter> SharedParameters() =>
        new nn.Module[] { first_conv, first_block, feature_mix_layer, classifier }.SelectMany(m => m.parameters());

    public override long Flops(Architecture architecture)
    {
        SearchSpaces.CheckShape(Space, architecture);
        int side = Macs.Strided(Config.Resolution, space.StemStride);
        long total = Macs.Conv(Config.InputChannels, space.StemChannels, 3, side, side) + first_block.MacsAt(side);
        for (int l = 0; l < blocks.Count; l++)
        {
            total += blocks[l].MacsAt(architecture[l], side);
            side = Macs.Strided(side, blockStrides[l]);
        }
        return total + Macs.Conv(space.Stages[^1].Channels, space.MixChannels, 1, side, side) + Macs.Linear(space.MixChannels, Config.Classes);
    }
}
