using System.Globalization;
using System.Text.Json.Nodes;
using NasLid.Core.Perf;
using NasLid.Kernels.Gpu;
using NasLid.Torch.Characterisation;

namespace NasLid.Perf;

/// <summary>
/// Peak memory of one characterisation step, LID vs gradient (the <c>naslid memory</c> measurement, paper Table 1),
/// each in a fresh child process. Figure: LID bytes ÷ gradient bytes per space and input (lower is better). The
/// CPU engine always runs; with CUDA the ILGPU engine's LID step is measured too, against the same gradient step.
/// </summary>
public static class MemorySuite
{
    sealed record Case(string Space, int Width, int Depth, int Batch, int Channels, int Resolution)
    {
        public string Input => $"{Batch}x{Channels}x{Resolution}x{Resolution}";
        public string Name => $"{Space}-w{Width}d{Depth}.{Input}";
    }

    // Paper Table 1 at NB201 C = 16, N = 5 (ProxylessNAS at width 16, 5 blocks per stage, as `naslid memory`).
    static readonly Case[] Full =
    [
        new("nb201", 16, 5, 128, 3, 32), new("nb201", 16, 5, 32, 3, 224),
        new("proxyless", 16, 5, 128, 3, 32), new("proxyless", 16, 5, 32, 3, 224),
    ];

    // Small supernets and inputs: on a loaded 2-core machine the full ones take minutes per child. The batch stays
    // above k = 20, which LID needs.
    static readonly Case[] Quick = [new("nb201", 8, 1, 24, 3, 64), new("proxyless", 8, 1, 24, 3, 64)];

    public static int Run(bool quick, string? jsonPath)
    {
        var args = Environment.GetCommandLineArgs();
        int child = Array.IndexOf(args, "--child");
        if (child >= 0) return RunChild(args[(child + 1)..]);

        bool cuda = IlgpuLidEngine.CudaAvailable();
        string[] engines = cuda ? ["cpu", "ilgpu"] : ["cpu"];
        long limit = MemoryChildProcess.DefaultLimitBytes();
        var rows = new JsonArray();
        var figures = new List<ReportedFigure>();
        Console.WriteLine($"{"space",-18} {"input",-13} {"engine",-6} {"LID MB",9} {"gradient MB",12} {"LID/grad",9}");
        foreach (var c in quick ? Quick : Full)
        {
            var gradient = Measure(c, "gradient", "cpu", limit);
            foreach (var engine in engines)
            {
                var lid = Measure(c, "lid", engine, limit);
                double? ratio = lid is not null && gradient is not null ? (double)lid.ExtraBytes / gradient.ExtraBytes : null;
                rows.Add(SuiteReport.Row(("space", c.Space), ("width", c.Width), ("depth", c.Depth), ("input", c.Input), ("engine", engine),
                    ("lidBytes", lid?.ExtraBytes), ("gradientBytes", gradient?.ExtraBytes), ("lidSeconds", lid?.Seconds),
                    ("gradientSeconds", gradient?.Seconds), ("lidOverGradient", ratio)));
                Console.WriteLine($"{c.Space + " w" + c.Width + " d" + c.Depth,-18} {c.Input,-13} {engine,-6} {Mb(lid),9} {Mb(gradient),12} " +
                                  $"{ratio?.ToString("F3", CultureInfo.InvariantCulture) ?? "did not fit",9}");
                if (ratio is { } value)
                    figures.Add(new ReportedFigure($"memory.{engine}.{c.Name}.lid_over_gradient", value, Better.Lower, RequiresCuda: engine == "ilgpu"));
            }
        }
        return SuiteReport.Finish("memory", cuda ? "cuda" : "cpu", rows, figures, jsonPath);
    }

    static CharacterisationMemory.Measurement? Measure(Case c, string criterion, string engine, long limit) =>
        MemoryChildProcess.Run(["memory", "--child", c.Space, c.Width.ToString(CultureInfo.InvariantCulture), c.Depth.ToString(CultureInfo.InvariantCulture),
            c.Input, criterion, engine], limit, $"{c.Name} {criterion} ({engine})");

    /// <summary>The child: <c>memory --child SPACE WIDTH DEPTH BxCxHxW CRITERION ENGINE</c>.</summary>
    static int RunChild(string[] a)
    {
        int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
        var shape = a[3].Split('x').Select(Int).ToArray();
        return MemoryChildProcess.Report(CharacterisationMemory.Measure(a[0], shape[0], shape[1], shape[2], Int(a[1]), Int(a[2]), a[4], a[5]));
    }

    static string Mb(CharacterisationMemory.Measurement? m) => m is null ? "-" : (m.ExtraBytes / 1e6).ToString("F0", CultureInfo.InvariantCulture);
}
