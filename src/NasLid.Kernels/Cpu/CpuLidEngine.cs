using NasLid.Core;
using NasLid.Kernels.Interop;
using static TorchSharp.torch;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The multi-threaded CPU engine, two ways by batch size. Small batches (<see cref="DenseDistances"/>): every
/// pair's squared distance straight from the row differences, the batch read once. Large batches
/// (<see cref="BlockedGram"/>, O(b·k + tile) memory): rows centred (<see cref="Centring"/>), each row's k nearest
/// selected by Gram distances from packed AVX2/FMA dot products, then the k chosen distances recomputed from the
/// row differences (<see cref="ExactRecompute"/>). Either way the shared <see cref="LidEstimator"/> applies the
/// SPEC.md §1 policies to exact distances. Every hot loop is compiled fully optimised on its first call
/// (tiered compilation left a one-off CLI call running tier-0 code 2-5× slower), so the first call is as fast
/// as the thousandth in a search.
/// </summary>
public sealed unsafe class CpuLidEngine(int threads = 0, CpuStrategy strategy = CpuStrategy.Auto) : ILidEngine
{
    readonly int _threads = threads > 0 ? threads : Environment.ProcessorCount;

    public string Name => "cpu";

    public LidResult Estimate(ReadOnlySpan<float> features, int rows, int columns, LidOptions options, string layer)
    {
        FeatureChecks.Check(features, rows, columns, options, layer);
        fixed (float* x = features)
        {
            var neighbours = FindNeighbours(x, rows, columns, options.K);
            return LidEstimator.FromNeighbourDistances(layer, neighbours, rows, options);
        }
    }

    public LidResult Estimate(Tensor features, LidOptions options, string layer)
    {
        using var view = HostFeatures.Open(features, layer);
        return Estimate(view.Span, view.Rows, view.Columns, options, layer);
    }

    /// <summary>The exact distances from each row to its k nearest other rows (b×k, unordered per row).</summary>
    double[] FindNeighbours(float* x, int rows, int columns, int k)
    {
        if (strategy == CpuStrategy.DenseDistances || (strategy == CpuStrategy.Auto && rows <= DenseDistances.MaxRows))
            return DenseDistances.Nearest(x, rows, columns, k, _threads);
        var nearest = BlockedGram.Nearest(x, rows, columns, k, Centring.Centre(x, rows, columns), _threads);
        return ExactRecompute.Distances(x, rows, columns, k, nearest, _threads);
    }

    /// <summary>Holds no native state between calls: each call's scratch is freed before it returns.</summary>
    public void Dispose() { }
}

/// <summary>Which way the CPU engine finds neighbours; the choice changes speed and memory, not the answer.</summary>
public enum CpuStrategy
{
    /// <summary>Dense distances up to <see cref="DenseDistances.MaxRows"/> rows, the blocked Gram above.</summary>
    Auto,
    /// <summary>Every pair's distance from the differences, in b×b doubles a thread.</summary>
    DenseDistances,
    /// <summary>Centred Gram tiles with bounded heaps, then an exact recompute: O(b·k + tile) memory.</summary>
    BlockedGram,
}
