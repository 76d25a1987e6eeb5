using NasLid.Core;
using NasLid.Kernels.Interop;
using NasLid.Torch.Supernets.Mobile;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Ofa;

/// <summary>
/// The Once-for-All MobileNetV3 supernet (Cai et al., ICLR 2020) over <see cref="OfaSpace"/>: first_conv (3x3,
/// BN, h-swish), a fixed MBConv1 residual block, five stages of four searchable blocks (kernel x expand, ReLU in
/// the first two stages and h-swish after, squeeze-and-excite in stages 2, 4, 5), final_expand_layer (1x1, BN,
/// h-swish), global pooling, feature_mix_layer (1x1, h-swish), linear.
/// Differences from OFA, chosen so that each candidate is an op with its own weights as Eq. 4 needs: kernels
/// and expansions do not share (no centre-cropped kernels, no channel slicing), and channel counts are not
/// rounded to multiples of 8.
/// Depth: a stage runs its blocks up to the largest enabled depth and outputs the sum of the block outputs at
/// every enabled depth (Eq. 4 over the depth choice; a single depth is the plain stage). Taps are the first
/// block, each run block (a stage's last tap is its output), final_expand_layer and feature_mix_layer, so a
/// subnet's tap count depends on its depths: see <see cref="TapNames"/>.
/// </summary>
public sealed class OfaSupernet : Supernet
{
    readonly nn.Module<Tensor, Tensor> first_conv;
    readonly MixedBlock first_block;
    readonly TorchSharp.Modules.ModuleList<MixedBlock> blocks;
    readonly nn.Module<Tensor, Tensor> final_expand_layer;
    readonly nn.Module<Tensor, Tensor> feature_mix_layer;
    readonly nn.Module<Tensor, Tensor> classifier;
    readonly OfaSpace space;

    public OfaSupernet(SupernetConfig config) : this(new OfaSpace(config)) { }

    OfaSupernet(OfaSpace space) : base(nameof(OfaSupernet), space, space.Config)
    {
        this.space = space;
        first_conv = Activations.ConvBnAct(Config.InputChannels, space.StemChannels, 3, space.StemStride, Activation.HardSwish);
        first_block = new MixedBlock(space.StemChannels, space.StemChannels, 1, [new MbConvChoice(3, 1)], zeroOp: false, Activation.Relu, squeezeExcite: false);
        var list = new List<MixedBlock>();
        long channels = space.StemChannels;
        foreach (var stage in space.Stages)
            for (int b = 0; b < OfaSpace.MaxDepth; b++)
            {
                list.Add(new MixedBlock(channels, stage.Channels, b == 0 ? stage.Stride : 1, OfaSpace.Choices, zeroOp: false,
                                        stage.HardSwish ? Activation.HardSwish : Activation.Relu, stage.SqueezeExcite));
                channels = stage.Channels;
            }
        blocks = new TorchSharp.Modules.ModuleList<MixedBlock>([.. list]);
        final_expand_layer = Activations.ConvBnAct(channels, space.FinalExpandChannels, 1, 1, Activation.HardSwish);
        feature_mix_layer = nn.Sequential(
            ("conv", nn.Conv2d(space.FinalExpandChannels, space.FeatureMixChannels, 1, bias: false)),
            ("act", Activations.Create(Activation.HardSwish)));
        classifier = nn.Linear(space.FeatureMixChannels, Config.Classes);
        RegisterComponents();
    }

    MixedBlock Block(int stage, int block) => blocks[stage * OfaSpace.MaxDepth + block];

    static IReadOnlyList<int> EnabledDepths(SupernetMask active, int stage) =>
        [.. active.EnabledOps(OfaSpace.DepthLayer(stage)).Select(o => OfaSpace.Depths[o])];

    public override Tensor Forward(Tensor input, SupernetMask active, ITapSink? taps = null)
    {
        SearchSpaces.CheckShape(Space, active);
        CheckInput(input);
        using var scope = NewDisposeScope();
        int tap = 0;
        var x = first_conv.call(input);
        x = Advance(x, first_block.Forward(x, [0]));
        taps?.OnTap(tap++, "first_block", x);
        for (int s = 0; s < space.Stages.Count; s++)
        {
            var depths = EnabledDepths(active, s);
            int deepest = depths.Max();
            Tensor? stageOutput = null;
            for (int b = 0; b < deepest; b++)
            {
                x = Advance(x, Block(s, b).Forward(x, active.EnabledOps(OfaSpace.BlockLayer(s, b))));
                if (depths.Contains(b + 1))
                    stageOutput = stageOutput is null ? x.alias() : Advance(stageOutput, stageOutput.Plus(x));
                if (b < deepest - 1) taps?.OnTap(tap++, OfaSpace.BlockName(s, b), x);
            }
            x = Advance(x, stageOutput!);
            taps?.OnTap(tap++, OfaSpace.BlockName(s, deepest - 1), x);
        }
        x = Advance(x, final_expand_layer.call(x));
        taps?.OnTap(tap++, "final_expand_layer", x);
        x = Advance(x, feature_mix_layer.call(x.mean([2, 3], keepdim: true)));
        taps?.OnTap(tap, "feature_mix_layer", x);
        return scope.MoveToOuter(classifier.call(x.flatten(1)));
    }

    public override IReadOnlyList<string> TapNames(SupernetMask active)
    {
        SearchSpaces.CheckShape(Space, active);
        return
        [
            "first_block",
            .. Enumerable.Range(0, space.Stages.Count).SelectMany(s =>
                Enumerable.Range(0, EnabledDepths(active, s).Max()).Select(b => OfaSpace.BlockName(s, b))),
            "final_expand_layer", "feature_mix_layer",
        ];
    }

    public override IEnumerable<TorchSharp.Modules.Parameter> OpParameters(int layer, int op)
    {
        int stage = layer / (OfaSpace.MaxDepth + 1), block = layer % (OfaSpace.MaxDepth + 1) - 1;
        return block < 0 ? [] : Block(stage, block).Candidate(op)!.parameters();
    }

    public override IEnumerable<TorchSharp.Modules.Parameter> SharedParameters() =>
        new nn.Module[] { first_conv, first_block, final_expand_layer, feature_mix_layer, classifier }.SelectMany(m => m.parameters());

    /// <summary>Blocks beyond a stage's chosen depth are not part of the architecture and are not counted.</summary>
    public override long ParameterCount(Architecture architecture)
    {
        SearchSpaces.CheckShape(Space, architecture);
        return SharedParameters().Sum(p => p.numel()) + UsedBlocks(architecture).Sum(u =>
            OpParameters(OfaSpace.BlockLayer(u.Stage, u.Block), architecture[OfaSpace.BlockLayer(u.Stage, u.Block)]).Sum(p => p.numel()));
    }

    public override long Flops(Architecture architecture)
    {
        SearchSpaces.CheckShape(Space, architecture);
        int side = Macs.Strided(Config.Resolution, space.StemStride);
        long total = Macs.Conv(Config.InputChannels, space.StemChannels, 3, side, side) + first_block.MacsAt(0, side);
        foreach (var (s, b) in UsedBlocks(architecture))
        {
            total += Block(s, b).MacsAt(architecture[OfaSpace.BlockLayer(s, b)], side);
            if (b == 0) side = Macs.Strided(side, space.Stages[s].Stride);
        }
        return total
             + Macs.Conv(space.Stages[^1].Channels, space.FinalExpandChannels, 1, side, side)
             + Macs.Conv(space.FinalExpandChannels, space.FeatureMixChannels, 1, 1, 1)
             + Macs.Linear(space.FeatureMixChannels, Config.Classes);
    }

    IEnumerable<(int Stage, int Block)> UsedBlocks(Architecture architecture) =>
        Enumerable.Range(0, space.Stages.Count).SelectMany(s =>
            Enumerable.Range(0, OfaSpace.Depths[architecture[OfaSpace.DepthLayer(s)]]).Select(b => (s, b)));
}
