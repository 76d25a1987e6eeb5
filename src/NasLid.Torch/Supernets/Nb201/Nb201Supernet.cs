using NasLid.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Nb201;

/// <summary>
/// The NAS-Bench-201 network (Dong and Yang, ICLR 2020) as a supernet: stem conv3x3 + BN; three stages of
/// N cells at C, 2C, 4C channels with a ResNet reduction block between stages; head BN + ReLU, global average
/// pooling, linear. Every cell has its own weights, but all cells share the 6 edge decisions of one mask.
/// Width = C (16 in the benchmark), depth = N (5); the input side must be divisible by 4.
/// Taps: every cell and reduction block output, named after its place in <c>cells</c> (3N + 2 taps).
/// Field names follow the reference implementation's state_dict keys.
/// </summary>
public sealed class Nb201Supernet : Supernet
{
    readonly nn.Module<Tensor, Tensor> stem;
    readonly TorchSharp.Modules.ModuleList<nn.Module> cells;
    readonly nn.Module<Tensor, Tensor> lastact;
    readonly nn.Module<Tensor, Tensor> global_pooling;
    readonly nn.Module<Tensor, Tensor> classifier;

    public Nb201Supernet(SupernetConfig config) : base(nameof(Nb201Supernet), Nb201Space.Instance, config)
    {
        if (config.Width < 1 || config.Depth < 1 || config.InputChannels < 1 || config.Classes < 1)
            throw new NasLidException(
                $"nb201: width {config.Width}, depth {config.Depth}, input channels {config.InputChannels} and classes {config.Classes} must all be positive");
        if (config.Resolution < 4 || config.Resolution % 4 != 0)
            throw new NasLidException($"nb201: resolution {config.Resolution} must be a positive multiple of 4 (two stride-2 reductions)");
        long c = config.Width;
        stem = nn.Sequential(
            ("0", nn.Conv2d(config.InputChannels, c, 3, padding: 1, bias: false)),
            ("1", new StableBatchNorm2d(c)));
        var modules = new List<nn.Module>();
        for (int stage = 0; stage < 3; stage++)
        {
            long channels = c << stage;
            if (stage > 0) modules.Add(new ResNetReduction(channels / 2, channels));
            for (int n = 0; n < config.Depth; n++) modules.Add(new Nb201Cell(channels));
        }
        cells = new TorchSharp.Modules.ModuleList<nn.Module>([.. modules]);
        lastact = nn.Sequential(("0", new StableBatchNorm2d(4 * c)), ("1", nn.ReLU()));
        global_pooling = nn.AdaptiveAvgPool2d(1);
        classifier = nn.Linear(4 * c, config.Classes);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, SupernetMask active, ITapSink? taps = null)
    {
        SearchSpaces.CheckShape(Space, active);
        CheckInput(input);
        using var scope = NewDisposeScope();
        var x = stem.call(input);
        for (int k = 0; k < cells.Count; k++)
        {
            x = Advance(x, cells[k] switch
            {
                Nb201Cell cell => cell.Forward(x, active),
                ResNetReduction reduction => reduction.call(x),
                var m => throw new InvalidOperationException($"unexpected module {m.GetName()} in cells"),
            });
            taps?.OnTap(k, TapName(k), x);
        }
        var features = global_pooling.call(lastact.call(x)).flatten(1);
        return scope.MoveToOuter(classifier.call(features));
    }

    static string TapName(int k) => $"cells.{k}";

    public override IReadOnlyList<string> TapNames(SupernetMask active) => [.. Enumerable.Range(0, cells.Count).Select(TapName)];

    IEnumerable<Nb201Cell> SearchCells => cells.OfType<Nb201Cell>();

    public override IEnumerable<TorchSharp.Modules.Parameter> OpParameters(int layer, int op) =>
        SearchCells.SelectMany(cell => cell.Op(layer, op).parameters());

    public override IEnumerable<TorchSharp.Modules.Parameter> SharedParameters() =>
        new nn.Module[] { stem, lastact, classifier }.Concat(cells.OfType<ResNetReduction>()).SelectMany(m => m.parameters());

    public override long Flops(Architecture architecture)
    {
        SearchSpaces.CheckShape(Space, architecture);
        int side = Config.Resolution;
        long c = Config.Width;
        long total = Macs.Conv(Config.InputChannels, c, 3, side, side);
        for (int k = 0; k < cells.Count; k++)
        {
            if (cells[k] is ResNetReduction reduction)
            {
                total += reduction.MacsAt(side);
                side /= 2;
                c *= 2;
            }
            else
                total += Enumerable.Range(0, architecture.LayerCount).Sum(l => Nb201Ops.OpMacs(architecture[l], c, side));
        }
        return total + Macs.Linear(c, Config.Classes);
    }
}
