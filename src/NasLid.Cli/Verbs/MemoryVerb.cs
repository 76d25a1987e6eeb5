using System.Globalization;
using System.Text.Json;
using CommandLine;
using NasLid.Core;
using NasLid.Torch.Characterisation;

namespace NasLid.Cli;

[Verb("memory", HelpText = "Measure the peak memory of one characterisation step, LID vs gradient, each in its own child process (paper Table 1).")]
public sealed class MemoryVerb : IVerb
{
    [Option("space", Separator = ',', Default = new[] { "nb201", "proxyless" }, HelpText = "Search spaces, comma-separated: nb201, proxyless.")]
    public IEnumerable<string> Spaces { get; set; } = [];

    [Option("inputs", Separator = ',', Default = new[] { "128x3x32x32", "32x3x224x224" }, HelpText = "Input shapes BxCxHxW, comma-separated.")]
    public IEnumerable<string> Inputs { get; set; } = [];

    [Option("width", Default = 16, HelpText = "Supernet width (NB201 C).")]
    public int Width { get; set; }

    [Option("depth", Default = 5, HelpText = "Supernet depth (NB201 N).")]
    public int Depth { get; set; }

    [Option("engine", Default = "cpu", HelpText = "LID engine: cpu, ilgpu or torch.")]
    public string Engine { get; set; } = "cpu";

    [Option("limit-gb", Default = 0.0, HelpText = "Memory cap of each child process in GiB (0: 80% of available memory). A child over it is reported as not fitting.")]
    public double LimitGb { get; set; }

    [Option("out", Default = "memory.json", HelpText = "Where to write the table as JSON (a .md copy is written beside it).")]
    public string Out { get; set; } = "memory.json";

    [Option("child", Hidden = true)]
    public string? Child { get; set; }

    public int Run()
    {
        if (Child is not null) return RunChild();
        var rows = new List<MemoryRow>();
        long limit = LimitGb > 0 ? (long)(LimitGb * (1L << 30)) : MemoryChildProcess.DefaultLimitBytes();
        var inputs = Inputs.Select(InputShape.Parse).ToArray();
        int k = new LidOptions().K;
        if (inputs.FirstOrDefault(i => i.Batch <= k) is { } small)
            throw new NasLidException($"memory: input {small} has {small.Batch} images; LID needs more than k = {k} per batch (at least {k + 1})");
        foreach (var space in Spaces)
            foreach (var input in inputs)
                rows.Add(MeasureLargestFitting(space, input, limit, k));
        var table = MemoryTable.Markdown(rows);
        Console.WriteLine(table);
        File.WriteAllText(Out, JsonSerializer.Serialize(rows, JsonOptions));
        File.WriteAllText(Path.ChangeExtension(Out, ".md"), table);
        Console.WriteLine($"written: {Out}, {Path.ChangeExtension(Out, ".md")}");
        return 0;
    }

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Measures both criteria at the requested batch; where either does not fit, halves the batch
    /// until both do, so the table always holds a like-for-like comparison. Below k + 1 images LID is undefined.</summary>
    MemoryRow MeasureLargestFitting(string space, InputShape requested, long limit, int k)
    {
        for (var input = requested; input.Batch > k; input = input with { Batch = input.Batch / 2 })
        {
            Console.Error.WriteLine($"memory: {space} {input}: measuring lid and gradient...");
            var lid = RunChildProcess(space, input, "lid", limit);
            var gradient = lid is null ? null : RunChildProcess(space, input, "gradient", limit);
            if (lid is not null && gradient is not null)
                return new MemoryRow(space, requested.ToString(), input.ToString(), input == requested, lid.ExtraBytes, gradient.ExtraBytes,
                    100.0 * (1 - (double)lid.ExtraBytes / gradient.ExtraBytes), lid.Seconds, gradient.Seconds);
        }
        throw new NasLidException($"{space} at {requested} does not fit in {limit >> 20} MiB at any batch above k = {k}, or its child failed (see above)");
    }

    CharacterisationMemory.Measurement? RunChildProcess(string space, InputShape input, string criterion, long limit) =>
        MemoryChildProcess.Run(["memory", "--child", criterion, "--space", space, "--inputs", input.ToString(),
            "--width", Width.ToString(CultureInfo.InvariantCulture), "--depth", Depth.ToString(CultureInfo.InvariantCulture), "--engine", Engine],
            limit, $"{space} {input} {criterion}");

    int RunChild()
    {
        var input = InputShape.Parse(Inputs.Single());
        return MemoryChildProcess.Report(CharacterisationMemory.Measure(Spaces.Single(), input.Batch, input.Channels, input.Height, Width, Depth, Child!, Engine));
    }
}

/// <summary>An input tensor shape B×C×H×W as the paper's Table 1 writes it.</summary>
public sealed record InputShape(int Batch, int Channels, int Height, int Width)
{
    public static InputShape Parse(string text)
    {
        var parts = text.Split('x');
        if (parts.Length != 4 || parts.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v <= 0))
            throw new NasLidException($"input shape '{text}' must be BxCxHxW with positive integers, e.g. 128x3x32x32");
        var v = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (v[2] != v[3]) throw new NasLidException($"input shape '{text}': only square images are supported (H = W)");
        return new InputShape(v[0], v[1], v[2], v[3]);
    }

    public override string ToString() => $"{Batch}x{Channels}x{Height}x{Width}";
}

public sealed record MemoryRow(string Space, string Requested, string Measured, bool Fits, long LidBytes, long GradientBytes,
    double SavingPercent, double LidSeconds, double GradientSeconds);

public static class MemoryTable
{
    public static string Markdown(IEnumerable<MemoryRow> rows)
    {
        var lines = new List<string>
        {
            "| space | input | measured at | LID peak MB | gradient peak MB | saving |",
            "|---|---|---|---:|---:|---:|",
        };
        lines.AddRange(rows.Select(r =>
            $"| {r.Space} | {r.Requested} | {(r.Fits ? r.Measured : r.Measured + " (requested did not fit)")} | " +
            $"{r.LidBytes / 1e6:F0} | {r.GradientBytes / 1e6:F0} | {r.SavingPercent:F1}% |"));
        return string.Join(Environment.NewLine, lines);
    }
}
