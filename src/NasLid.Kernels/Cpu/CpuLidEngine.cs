using NasLid.Core;
using NasLid.Kernels.Interop;
using static TorchSharp.torch;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The multi-threaded CPU engine. Rows are centred on the column mean (distances are shift invariant, and
/// centring removes the cancellation a large common offset causes in |a|² + |b|² - 2⟨a,b⟩), then cut into
/// blocks of <see cref="TilingPolicy.BlockRows"/>. Each unordered pair of blocks (I ≤ J, so every pair of rows
/// once) is one work item: its Gram tile is accumulated over feature chunks of packed, cache-sized panels, turned
/// into squared distances and streamed into per-thread bounded top-k heaps. Nothing b×b is ever held. The heaps
/// are merged per row and the k chosen distances recomputed exactly in float64 (<see cref="ExactRecompute"/>) before the
/// shared <see cref="LidEstimator"/> applies the SPEC.md §1 policies.
/// When there are fewer block pairs than threads (small b, large m), each pair's features are also split into
/// segments whose partial tiles are summed under a lock, so a (32, 802816) input still uses every core.
/// </summary>
public sealed unsafe class CpuLidEngine(int threads = 0) : ILidEngine
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

    /// <summary>The exact float64 distances from each row to its k nearest other rows (b×k, unordered per row).</summary>
    double[] FindNeighbours(float* x, int rows, int columns, int k)
    {
        var policy = TilingPolicy.For(rows, columns, _threads);
        var mean = ColumnMean(x, rows, columns);
        var norms = new double[rows];
        Parallel.For(0, rows, Options, i => norms[i] = CentredSquaredNorm(x + (long)i * columns, mean, columns));

        var pairs = new List<(int I, int J)>();
        for (int i = 0; i < policy.Blocks; i++)
            for (int j = i; j < policy.Blocks; j++)
                pairs.Add((i, j));
        var segments = policy.SegmentsFor(pairs.Count);
        var shared = segments > 1 ? pairs.Select(_ => new double[policy.BlockRows * policy.BlockRows]).ToArray() : null;
        var finished = new int[pairs.Count];
        var heaps = new NeighbourHeaps[_threads];
        int next = -1;

        Parallel.For(0, _threads, Options, worker =>
        {
            var mine = heaps[worker] = new NeighbourHeaps(rows, k);
            using var work = new TileWorkspace(policy);
            for (int item; (item = Interlocked.Increment(ref next)) < pairs.Count * segments;)
            {
                int p = item / segments, s = item % segments;
                var (bi, bj) = pairs[p];
                var tile = work.Accumulate(x, rows, columns, mean, bi, bj, policy.ChunkRange(s, segments));
                if (shared is not null)
                {
                    lock (shared[p])
                        for (int t = 0; t < tile.Length; t++) shared[p][t] += tile[t];
                    if (Interlocked.Increment(ref finished[p]) != segments) continue;
                    tile = shared[p];
                }
                PushTile(tile, policy.BlockRows, bi, bj, rows, norms, mine);
            }
        });

        var nearest = new int[rows * k];
        Parallel.For(0, rows, Options, i => MergeNearest(i, k, heaps, nearest.AsSpan(i * k, k)));
        return ExactRecompute.Distances(x, rows, columns, k, nearest, _threads);
    }

    /// <summary>Holds no native state between calls: each call's scratch is freed before it returns.</summary>
    public void Dispose() { }

    ParallelOptions Options => new() { MaxDegreeOfParallelism = _threads };

    static float[] ColumnMean(float* x, int rows, int columns)
    {
        var sum = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            var row = new ReadOnlySpan<float>(x + (long)i * columns, columns);
            for (int t = 0; t < columns; t++) sum[t] += row[t];
        }
        var mean = new float[columns];
        for (int t = 0; t < columns; t++) mean[t] = (float)(sum[t] / rows);
        return mean;
    }

    static double CentredSquaredNorm(float* row, float[] mean, int columns)
    {
        double sum = 0;
        for (int t = 0; t < columns; t++)
        {
            double d = row[t] - mean[t];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>d² = |a|² + |b|² - 2⟨a,b⟩ clamped at 0, offered to both rows' heaps (each pair is seen once).</summary>
    static void PushTile(double[] gram, int blockRows, int bi, int bj, int rows, double[] norms, NeighbourHeaps heaps)
    {
        int i0 = bi * blockRows, j0 = bj * blockRows;
        int iEnd = Math.Min(blockRows, rows - i0), jEnd = Math.Min(blockRows, rows - j0);
        for (int li = 0; li < iEnd; li++)
        {
            int i = i0 + li;
            for (int lj = bi == bj ? li + 1 : 0; lj < jEnd; lj++)
            {
                int j = j0 + lj;
                var d2 = (float)Math.Max(0, norms[i] + norms[j] - 2 * gram[li * blockRows + lj]);
                if (d2 < heaps.Threshold(i)) heaps.Push(i, d2, j);
                if (d2 < heaps.Threshold(j)) heaps.Push(j, d2, i);
            }
        }
    }

    /// <summary>The k smallest of one row's candidates across the threads' heaps (each pair sat in one heap only).</summary>
    static void MergeNearest(int row, int k, NeighbourHeaps[] heaps, Span<int> output)
    {
        int total = heaps.Sum(h => h.Count(row));
        var keys = new float[total];
        var indices = new int[total];
        int n = 0;
        foreach (var heap in heaps)
        {
            heap.Keys(row).CopyTo(keys.AsSpan(n));
            heap.Indices(row).CopyTo(indices.AsSpan(n));
            n += heap.Count(row);
        }
        Array.Sort(keys, indices);
        indices.AsSpan(0, k).CopyTo(output);
    }
}
