using System.Diagnostics;
using NasLid.Core;
using NasLid.Kernels;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// The measured step of the paper's Table 1: characterising every candidate of the first layer of the unsplit
/// supernet on one batch, by LID (no-grad forward, streamed taps) or by gradient (forward and backward).
/// Call it in a fresh process, once: the peak is the process's, less its resident size once the model exists.
/// </summary>
public static class CharacterisationMemory
{
    public sealed record Measurement(long ExtraBytes, double Seconds);

    public static Measurement Measure(string space, int batch, int channels, int resolution, int width, int depth, string criterion, string engineName)
    {
        var config = new SupernetConfig(space, width, depth, resolution, channels, 10);
        using var supernet = Supernets.Supernets.Create(config);
        using var engine = LidEngines.Create(engineName);
        ICandidateCharacterisation method = criterion switch
        {
            "lid" => new LidCharacterisation(engine, new LidOptions()),
            "gradient" => new GradientMatching(),
            _ => throw new NasLidException($"unknown criterion '{criterion}': use lid or gradient"),
        };
        var mask = SupernetMask.Full(supernet.Space);
        // A small warm-up pays one-off costs (thread pools, kernel selection) before the measured step. LID needs
        // more rows than k; a gradient needs only a couple.
        int warmBatch = criterion == "lid" ? new LidOptions().K + 2 : 2;
        method.Characterise(supernet, mask, 0, [RandomBatch(warmBatch, channels, resolution, 1)], new Rng(1));
        var measured = RandomBatch(batch, channels, resolution, 2);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        PeakMemory.ResetPeak();
        long baseline = PeakMemory.ResidentBytes();
        var clock = Stopwatch.StartNew();
        method.Characterise(supernet, mask, 0, [measured], new Rng(2));
        return new Measurement(PeakMemory.PeakBytes() - baseline, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Gaussian images and uniform labels: memory depends on shapes, not on pixel values.</summary>
    static Batch RandomBatch(int count, int channels, int resolution, ulong seed)
    {
        var rng = new Rng(seed);
        var images = new float[(long)count * channels * resolution * resolution];
        for (long i = 0; i < images.Length; i++)
            images[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var labels = Enumerable.Range(0, count).Select(_ => (long)rng.Next(10)).ToArray();
        return new Batch(0, 0, images, labels, channels, resolution, resolution);
    }
}
