using NasLid.Core;
using NasLid.Torch.Supernets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLid.Tests.Training;

/// <summary>A two-layer search space for training tests: layer 0 offers conv3x3, conv1x1, skip; layer 1 conv3x3, skip.</summary>
public sealed class TinySpace(string name = "tiny") : ISearchSpace
{
    public string Name => name;

    public IReadOnlyList<SearchableLayer> Layers { get; } =
    [
        new("layer0", ["conv3x3", "conv1x1", "skip"]),
        new("layer1", ["conv3x3", "skip"]),
    ];

    public string Format(Architecture architecture) =>
        string.Join("-", architecture.Ops.Select((op, l) => Layers[l].Ops[op]));

    public Architecture Parse(string text)
    {
        var names = text.Split('-');
        if (names.Length != Layers.Count)
            throw new NasLidException($"'{text}' has {names.Length} ops, space {Name} has {Layers.Count} layers");
        return new Architecture(names.Select((n, l) => Layers[l].Ops.ToList().IndexOf(n) is var i and >= 0
            ? i : throw new NasLidException($"'{n}' is not an op of {Layers[l].Name}")));
    }
}

/// <summary>
/// A small supernet over <see cref="TinySpace"/>: conv stem (stride 2), two searchable layers whose enabled
/// ops are summed (ReLU-conv-BN candidates and identity), global pooling and a linear head.
/// </summary>
public sealed class TinySupernet : Supernet
{
    readonly Sequential stem;
    readonly ModuleList<nn.Module<Tensor, Tensor>> layer0;
    readonly ModuleList<nn.Module<Tensor, Tensor>> layer1;
    readonly Linear classifier;

    public TinySupernet(SupernetConfig config, string spaceName = "tiny") : base("TinySupernet", new TinySpace(spaceName), config)
    {
        int c = config.Width;
        stem = nn.Sequential(nn.Conv2d(config.InputChannels, c, 3, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(c));
        layer0 = nn.ModuleList(ReluConvBn(c, 3), ReluConvBn(c, 1), nn.Identity());
        layer1 = nn.ModuleList(ReluConvBn(c, 3), nn.Identity());
        classifier = nn.Linear(c, config.Classes);
        RegisterComponents();
    }

    static nn.Module<Tensor, Tensor> ReluConvBn(int c, int kernel) =>
        nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, kernel, padding: kernel / 2, bias: false), nn.BatchNorm2d(c));

    ModuleList<nn.Module<Tensor, Tensor>> Layer(int l) => l == 0 ? layer0 : layer1;

    public override Tensor Forward(Tensor input, SupernetMask active, ITapSink? taps = null)
    {
        using var scope = NewDisposeScope();
        var x = stem.forward(input);
        for (int l = 0; l < 2; l++)
        {
            var ops = active.EnabledOps(l);
            var sum = Layer(l)[ops[0]].forward(x);
            foreach (var op in ops.Skip(1))
                sum = sum + Layer(l)[op].forward(x);
            x = sum;
            taps?.OnTap(l, Space.Layers[l].Name, x);
        }
        var pooled = nn.functional.adaptive_avg_pool2d(nn.functional.relu(x), 1).flatten(1);
        return classifier.forward(pooled).MoveToOuterDisposeScope();
    }

    public override IReadOnlyList<string> TapNames(SupernetMask active) => Space.Layers.Select(l => l.Name).ToArray();

    public override IEnumerable<Parameter> OpParameters(int layer, int op) => Layer(layer)[op].parameters();

    public override IEnumerable<Parameter> SharedParameters() => stem.parameters().Concat(classifier.parameters());

    public override long ParameterCount(Architecture architecture) =>
        SharedParameters().Concat(Enumerable.Range(0, 2).SelectMany(l => OpParameters(l, architecture[l]))).Sum(p => p.numel());

    public override long Flops(Architecture architecture)
    {
        long pixels = (long)(Config.Resolution / 2) * (Config.Resolution / 2), c = Config.Width;
        long layers = Enumerable.Range(0, 2).Sum(l => Space.Layers[l].Ops[architecture[l]] switch
        {
            "conv3x3" => 9 * c * c * pixels,
            "conv1x1" => c * c * pixels,
            _ => 0L,
        });
        return 9 * Config.InputChannels * c * pixels + layers + c * Config.Classes;
    }

    /// <summary>A supernet with weights drawn from LibTorch's generator seeded by <c>seed</c>.</summary>
    public static TinySupernet Create(int seed, int width = 8, string spaceName = "tiny")
    {
        random.manual_seed(seed);
        return new TinySupernet(new SupernetConfig("tiny", width, 1, 28, 1, 10), spaceName);
    }
}
