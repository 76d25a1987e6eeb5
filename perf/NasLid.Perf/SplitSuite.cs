using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NasLid.Core;
using NasLid.Core.Perf;
using NasLid.Kernels;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Partition;
using NasLid.Torch.Supernets;
using NasLid.Torch.Training;

namespace NasLid.Perf;

/// <summary>
/// One LID partition step (Algorithm 1's inner loop) on the unsplit NB201 small supernet (C = 8, N = 1, 28×28×1),
/// after an identical warm-up step, with where its time went: forward passes, the LID engine, the bipartition search.
/// Figure: the LID share of the step (lower is better).
/// </summary>
public static class SplitSuite
{
    public static int Run(bool quick, string? jsonPath)
    {
        TorchThreads.Configure();
        int batchSize = quick ? 64 : 128, batchCount = quick ? 1 : 3;
        var config = new SupernetConfig("nb201", 8, 1, 28, 1, 10);
        using var supernet = Supernets.Create(config);
        // The supernet's features live in host memory (TorchSharp CPU), so the step uses the host's engine.
        using var engine = LidEngines.Default(cuda: false);
        var method = new LidCharacterisation(engine, new LidOptions());
        var batches = Enumerable.Range(0, batchCount).Select(i => RandomBatch(batchSize, config, i)).ToArray();
        var mask = SupernetMask.Full(supernet.Space);
        const ulong seed = 1;
        // The warm-up step pays one-off costs (thread pools, first allocations) outside the timed step.
        SupernetPartition.Split(supernet, mask, method, batches, new Rng(seed), new PartitionSettings());
        var clock = Stopwatch.StartNew();
        var timing = SupernetPartition.Split(supernet, mask, method, batches, new Rng(seed), new PartitionSettings()).Timing;
        double total = clock.Elapsed.TotalSeconds;

        var parts = new (string Name, double Seconds)[]
        {
            ("forward", timing.ForwardSeconds), ("lid", timing.LidSeconds), ("bipartition", timing.BipartitionSeconds),
            ("other", total - timing.ForwardSeconds - timing.LidSeconds - timing.BipartitionSeconds),
        };
        var rows = new JsonArray();
        Console.WriteLine($"NB201 C=8 N=1, {batchCount} batch(es) of {batchSize}x1x28x28, LID engine {engine.Name}, path seed {seed}: one step {total:F2} s");
        Console.WriteLine($"{"part",-12} {"seconds",9} {"share",7}");
        foreach (var (name, seconds) in parts)
        {
            rows.Add(SuiteReport.Row(("part", name), ("seconds", seconds), ("share", seconds / total)));
            Console.WriteLine($"{name,-12} {seconds.ToString("F3", CultureInfo.InvariantCulture),9} {(seconds / total).ToString("P1", CultureInfo.InvariantCulture),7}");
        }
        var figures = new List<ReportedFigure> { new($"split.{engine.Name}.lid_share", timing.LidSeconds / total, Better.Lower) };
        return SuiteReport.Finish("split", "cpu", rows, figures, jsonPath);
    }

    /// <summary>Uniform pixels and labels: the step's cost depends on shapes, not on values.</summary>
    static Batch RandomBatch(int count, SupernetConfig config, int index)
    {
        var random = new Random(index);
        var images = new float[count * config.InputChannels * config.Resolution * config.Resolution];
        for (int i = 0; i < images.Length; i++) images[i] = (float)random.NextDouble();
        var labels = Enumerable.Range(0, count).Select(_ => (long)random.Next(config.Classes)).ToArray();
        return new Batch(0, index, images, labels, config.InputChannels, config.Resolution, config.Resolution);
    }
}
