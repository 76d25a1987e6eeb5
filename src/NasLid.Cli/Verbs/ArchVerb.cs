using System.Globalization;
using CommandLine;
using NasLid.Core;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Cli;

[Verb("arch", HelpText = "Validate and describe architectures of a search space: canonical string, op indices, parameters, FLOPs, output shape.")]
public sealed class ArchVerb : IVerb
{
    [Option("space", Required = true, HelpText = "Search space: nb201, proxyless or ofa.")]
    public string Space { get; set; } = "";

    [Option("arch", SetName = "arch", HelpText = "An architecture: the space's string (nb201: |nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|) or its op indices (nb201: 6 digits such as 301423).")]
    public string? Arch { get; set; }

    [Option("random", SetName = "random", HelpText = "Describe N uniformly drawn architectures.")]
    public int? Random { get; set; }

    [Option("width", HelpText = "Width: nb201 C (default 16), proxyless/ofa stem channels (default 32/16).")]
    public int? Width { get; set; }

    [Option("depth", HelpText = "Depth: nb201 cells per stage N (default 5), proxyless blocks per stage (default 4); ofa has its own depth choices.")]
    public int? Depth { get; set; }

    [Option("resolution", HelpText = "Input side in pixels (default 32; proxyless/ofa use their ImageNet variant above 64).")]
    public int? Resolution { get; set; }

    [Option("channels", HelpText = "Input channels (default 3).")]
    public int? Channels { get; set; }

    [Option("classes", HelpText = "Classes of the linear head (default 10).")]
    public int? Classes { get; set; }

    [Option("seed", Default = 0UL, HelpText = "Seed for --random.")]
    public ulong Seed { get; set; }

    public int Run() => Run(Console.Out);

    public int Run(TextWriter output)
    {
        var config = ToConfig();
        if ((Arch is null) == (Random is null))
            throw new NasLidException("arch: give either --arch STRING or --random N");
        if (Random is < 1)
            throw new NasLidException($"arch: --random {Random} must be at least 1");
        var space = SearchSpaces.Get(config.Space, config);
        var rng = new Rng(Seed);
        IReadOnlyList<Architecture> architectures = Arch is not null
            ? [SearchSpaces.ParseAny(space, Arch)]
            : [.. Enumerable.Range(0, Random!.Value).Select(_ => SearchSpaces.Random(space, rng))];

        using var net = Supernets.Create(config);
        net.eval();
        output.WriteLine($"space: {config.Space} (width {config.Width}, depth {config.Depth}, resolution {config.Resolution}, " +
                         $"channels {config.InputChannels}, classes {config.Classes})");
        foreach (var arch in architectures)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logits = net.Forward(zeros(1, config.InputChannels, config.Resolution, config.Resolution), arch);
            long parameters = net.ParameterCount(arch), flops = net.Flops(arch);
            output.WriteLine();
            output.WriteLine($"arch: {space.Format(arch)}");
            output.WriteLine($"ops: {arch.IndexKey}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parameters: {parameters} ({parameters / 1e6:F6} M)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flops: {flops} MACs ({flops / 1e6:F5} M)"));
            output.WriteLine($"output: [{string.Join(", ", logits.shape)}]");
        }
        return 0;
    }

    /// <summary>Options to a config, each size defaulting to the space's reference network (CIFAR-10 input).</summary>
    SupernetConfig ToConfig()
    {
        var (width, depth) = Space switch
        {
            "nb201" => (16, 5),
            "proxyless" => (32, 4),
            "ofa" => (16, 4),
            _ => throw new NasLidException($"arch: unknown search space '{Space}'; expected one of {string.Join(", ", SearchSpaces.Names)}"),
        };
        return new SupernetConfig(Space, Width ?? width, Depth ?? depth, Resolution ?? 32, Channels ?? 3, Classes ?? 10);
    }
}
