namespace NasLid.Core;

/// <summary>
/// Once-for-All (Cai et al., ICLR 2020), MobileNetV3 space: stem, a fixed MBConv1 block, five stages whose
/// depth is elastic {2,3,4} and whose blocks choose kernel {3,5,7} x expand {3,4,6}; then a 1x1 final expand
/// layer, pooling and a 1x1 feature mix layer. Layers per stage: its depth choice, then its four blocks
/// (a block beyond the chosen depth is unused). Width is the stem's channel count (reference 16); depth of the
/// config is not used (the depth choices are the space's). Resolution up to 64 selects the CIFAR variant.
/// Architecture string: one group per stage, depth first, <c>|d3|k3e4|k7e6|k5e3|k3e3|+|...|</c>.
/// </summary>
public sealed class OfaSpace : ISearchSpace
{
    public const int ReferenceWidth = 16;
    public const int MaxDepth = 4;

    public static readonly IReadOnlyList<int> Depths = [2, 3, 4];
    public static readonly IReadOnlyList<string> DepthOps = [.. Depths.Select(d => $"d{d}")];
    public static readonly IReadOnlyList<MbConvChoice> Choices =
        [.. new[] { 3, 5, 7 }.SelectMany(k => new[] { 3, 4, 6 }.Select(e => new MbConvChoice(k, e)))];
    public static readonly IReadOnlyList<string> BlockOps = [.. Choices.Select(c => $"k{c.Kernel}e{c.Expand}")];

    public OfaSpace(SupernetConfig config)
    {
        MbConvScaling.CheckSize(Name, config);
        Config = config;
        bool cifar = MbConvScaling.IsCifar(config);
        int[] channels = [24, 40, 80, 112, 160];
        int[] strides = [cifar ? 1 : 2, 2, 2, 1, 2];
        bool[] se = [false, true, false, true, true];
        Stages = [.. channels.Select((c, s) => new MbConvStage(MbConvScaling.Scale(c, config, ReferenceWidth), strides[s], MaxDepth, se[s], HardSwish: s >= 2))];
        StemChannels = config.Width;
        StemStride = cifar ? 1 : 2;
        FinalExpandChannels = MbConvScaling.Scale(960, config, ReferenceWidth);
        FeatureMixChannels = MbConvScaling.Scale(1280, config, ReferenceWidth);
        Layers = [.. Stages.SelectMany((_, s) => Enumerable.Range(0, MaxDepth + 1).Select(i =>
            i == 0 ? new SearchableLayer(DepthLayerName(s), DepthOps) : new SearchableLayer(BlockName(s, i - 1), BlockOps)))];
    }

    public SupernetConfig Config { get; }
    public IReadOnlyList<MbConvStage> Stages { get; }
    public int StemChannels { get; }
    public int StemStride { get; }
    public int FinalExpandChannels { get; }
    public int FeatureMixChannels { get; }

    public static int DepthLayer(int stage) => stage * (MaxDepth + 1);
    public static int BlockLayer(int stage, int block) => stage * (MaxDepth + 1) + 1 + block;
    public static string DepthLayerName(int stage) => $"stage{stage + 1}.depth";
    public static string BlockName(int stage, int block) => $"stage{stage + 1}.block{block + 1}";

    public string Name => "ofa";
    public IReadOnlyList<SearchableLayer> Layers { get; }

    public string Format(Architecture architecture)
    {
        SearchSpaces.CheckShape(this, architecture);
        return OpGroupString.Format(Stages.Select((_, s) =>
            Enumerable.Range(0, MaxDepth + 1).Select(i => Layers[DepthLayer(s) + i].Ops[architecture[DepthLayer(s) + i]])));
    }

    public Architecture Parse(string text)
    {
        text = text.Trim();
        var groups = OpGroupString.Parse(Name, text, [.. Stages.Select((_, s) => ($"stage {s + 1}: depth, then {MaxDepth} blocks", MaxDepth + 1))]);
        var ops = new List<int>();
        for (int s = 0; s < Stages.Count; s++)
        {
            foreach (var token in groups[s])
                ops.Add(OpGroupString.OpIndex(Name, text, token, token.Text, Layers[ops.Count].Ops, Layers[ops.Count].Name));
        }
        return new Architecture(ops);
    }
}
