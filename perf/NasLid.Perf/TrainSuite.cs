using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NasLid.Core;
using NasLid.Core.Perf;
using NasLid.Torch.Supernets;
using NasLid.Torch.Training;
using static TorchSharp.torch;

namespace NasLid.Perf;

/// <summary>
/// Supernet training throughput (images/s) on synthetic batches: one SGD step per batch, either on a random single
/// path (RSPS) or on the masked sum of every op (paper Eq. 4 with all ops enabled). A fixed number of steps is timed
/// after a warm-up, and more until a minimum time has passed (a small
/// supernet's step is too short to time alone). Figures: masked sum ÷ single path per size, and benchmark size ÷ small per mode (higher is better).
/// </summary>
public static class TrainSuite
{
    static readonly (string Name, SupernetConfig Config)[] Sizes =
    [
        ("small", new SupernetConfig("nb201", 8, 1, 28, 1, 10)),
        ("benchmark", new SupernetConfig("nb201", 16, 5, 32, 3, 10)),
    ];
    static readonly string[] Modes = ["single_path", "masked_sum"];

    public static int Run(bool quick, string? jsonPath)
    {
        TorchThreads.Configure();
        int batch = quick ? 16 : 64, warmUp = quick ? 1 : 3, steps = quick ? 3 : 20;
        var minimum = TimeSpan.FromSeconds(quick ? 2 : 10);
        var rows = new JsonArray();
        var throughput = new Dictionary<(string Size, string Mode), double>();
        Console.WriteLine($"{"size",-10} {"mode",-12} {"batch",6} {"steps",6} {"images/s",10}");
        foreach (var (size, config) in Sizes)
            foreach (var mode in Modes)
            {
                var (rate, done) = ImagesPerSecond(config, mode == "masked_sum", batch, warmUp, steps, minimum);
                throughput[(size, mode)] = rate;
                rows.Add(SuiteReport.Row(("size", size), ("mode", mode), ("width", config.Width), ("depth", config.Depth),
                    ("resolution", config.Resolution), ("channels", config.InputChannels), ("batch", batch), ("steps", done), ("imagesPerSecond", rate)));
                Console.WriteLine($"{size,-10} {mode,-12} {batch,6} {done,6} {rate.ToString("F1", CultureInfo.InvariantCulture),10}");
            }
        var figures = new List<ReportedFigure>();
        foreach (var (size, _) in Sizes)
            figures.Add(new($"train.{size}.masked_sum_over_single_path", throughput[(size, "masked_sum")] / throughput[(size, "single_path")], Better.Higher));
        foreach (var mode in Modes)
            figures.Add(new($"train.{mode}.benchmark_over_small", throughput[("benchmark", mode)] / throughput[("small", mode)], Better.Higher));
        return SuiteReport.Finish("train", "cpu", rows, figures, jsonPath);
    }

    static (double ImagesPerSecond, int Steps) ImagesPerSecond(SupernetConfig config, bool maskedSum, int batch, int warmUp, int steps, TimeSpan minimum)
    {
        manual_seed(1);
        using var net = Supernets.Create(config);
        using var optimizer = new NesterovSgd(net.named_parameters(), 0.9, 5e-4);
        var full = SupernetMask.Full(net.Space);
        var rng = new Rng(1);
        using var images = randn(batch, config.InputChannels, config.Resolution, config.Resolution);
        using var labels = randint(config.Classes, batch, dtype: ScalarType.Int64);
        net.train();
        for (int i = 0; i < warmUp; i++) Step();
        var clock = Stopwatch.StartNew();
        int done = 0;
        for (; done < steps || clock.Elapsed < minimum; done++) Step();
        return (done * batch / clock.Elapsed.TotalSeconds, done);

        void Step()
        {
            using var scope = NewDisposeScope();
            var logits = maskedSum ? net.Forward(images, full) : net.Forward(images, SubSupernet.SamplePath(full, rng));
            var loss = nn.functional.cross_entropy(logits, labels);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step(0.025);
            _ = loss.item<float>();
        }
    }
}
