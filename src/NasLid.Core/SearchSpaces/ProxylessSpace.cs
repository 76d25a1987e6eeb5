namespace NasLid.Core;

/// <summary>
/// ProxylessNAS (Cai et al., ICLR 2019), mobile setting: after a stem and a fixed MBConv1 block, six stages of
/// searchable MBConv blocks, kernel {3,5,7} x expand {3,6}; every block but a stage's first may also be
/// "zero" (the block is skipped, its residual passes). A final 1x1 mix layer precedes pooling.
/// Width is the stem's channel count (reference 32; every layer scales with it); depth is the number of blocks
/// in each of the first five stages (reference 4; the last stage has 1). Resolution up to 64 selects the CIFAR
/// variant (stride-1 stem and first stage), larger the ImageNet one (224 px in, 7x7 before pooling).
/// Architecture string: one group per stage, <c>|3x3_MBConv6|zero|...|+|...|</c>.
/// </summary>
public sealed class ProxylessSpace : ISearchSpace
{
    public const int ReferenceWidth = 32;

    public static readonly IReadOnlyList<MbConvChoice> Choices = [new(3, 3), new(3, 6), new(5, 3), new(5, 6), new(7, 3), new(7, 6)];
    public static readonly IReadOnlyList<string> BlockOps = [.. Choices.Select(c => $"{c.Kernel}x{c.Kernel}_MBConv{c.Expand}")];
    public const string Zero = "zero";
    public static readonly IReadOnlyList<string> SkippableBlockOps = [.. BlockOps, Zero];

    public ProxylessSpace(SupernetConfig config)
    {
        MbConvScaling.CheckSize(Name, config);
        if (config.Depth < 1)
            throw new NasLidException($"{Name}: depth {config.Depth} must be at least 1 block per stage");
        Config = config;
        bool cifar = MbConvScaling.IsCifar(config);
        int[] channels = [24, 40, 80, 96, 192, 320];
        int[] strides = [cifar ? 1 : 2, 2, 2, 1, 2, 1];
        Stages = [.. channels.Select((c, s) => new MbConvStage(MbConvScaling.Scale(c, config, ReferenceWidth), strides[s], s == channels.Length - 1 ? 1 : config.Depth))];
        StemChannels = config.Width;
        StemStride = cifar ? 1 : 2;
        FirstBlockChannels = MbConvScaling.Scale(16, config, ReferenceWidth);
        MixChannels = MbConvScaling.Scale(1280, config, ReferenceWidth);
        Layers = [.. Stages.SelectMany((stage, s) => Enumerable.Range(0, stage.Blocks).Select(b =>
            new SearchableLayer(BlockName(s, b), b == 0 ? BlockOps : SkippableBlockOps)))];
    }

    public SupernetConfig Config { get; }
    public IReadOnlyList<MbConvStage> Stages { get; }
    public int StemChannels { get; }
    public int StemStride { get; }
    public int FirstBlockChannels { get; }
    public int MixChannels { get; }

    public static string BlockName(int stage, int block) => $"stage{stage + 1}.block{block + 1}";

    public string Name => "proxyless";
    public IReadOnlyList<SearchableLayer> Layers { get; }

    public string Format(Architecture architecture)
    {
        SearchSpaces.CheckShape(this, architecture);
        int l = 0;
        return OpGroupString.Format(Stages.Select(stage =>
            Enumerable.Range(0, stage.Blocks).Select(_ => { var name = Layers[l].Ops[architecture[l]]; l++; return name; }).ToArray()));
    }

    public Architecture Parse(string text)
    {
        text = text.Trim();
        var groups = OpGroupString.Parse(Name, text, [.. Stages.Select((stage, s) => ($"stage {s + 1}", stage.Blocks))]);
        var ops = new List<int>();
        for (int s = 0; s < Stages.Count; s++)
        {
            for (int b = 0; b < Stages[s].Blocks; b++)
            {
                var token = groups[s][b];
                if (b == 0 && token.Text == Zero)
                    throw new NasLidException(
                        $"{Name} architecture '{text}': 'zero' at character {token.Position + 1} is not allowed for the first block of stage {s + 1} (it changes stride or channels)");
                ops.Add(OpGroupString.OpIndex(Name, text, token, token.Text, Layers[ops.Count].Ops, BlockName(s, b)));
            }
        }
        return new Architecture(ops);
    }
}
