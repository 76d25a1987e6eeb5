using System.Runtime.CompilerServices;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// Neighbour selection for large batches, in O(b·k + tile) memory. Rows are cut into blocks of
/// <see cref="TilingPolicy.BlockRows"/>; each unordered pair of blocks (I ≤ J, so every pair of rows once) is one
/// work item: its Gram tile is accumulated over packed feature chunks, turned into squared distances and
/// streamed into per-thread bounded top-k heaps. Nothing b×b is ever held. The diagonal pairs run first: their
/// tiles hold the rows' squared norms, which the other pairs then use, so the data is not read again for them.
/// When there are fewer block pairs than threads, each pair's features are also split into segments, so every
/// core has work; the thread that finishes a pair's last segment sums the partial tiles in segment order, so the
/// result does not depend on which thread finished first.
/// </summary>
internal static unsafe class BlockedGram
{
    /// <summary>Each row's k nearest other rows (b×k indices, unordered per row), by the centred Gram distances.</summary>
    public static int[] Nearest(float* x, int rows, int columns, int k, float[] centre, int threads)
    {
        var policy = TilingPolicy.For(rows, columns, threads);
        var norms = new double[rows];
        var heaps = new NeighbourHeaps[threads];
        for (int t = 0; t < threads; t++) heaps[t] = new NeighbourHeaps(rows, k);

        var diagonal = Enumerable.Range(0, policy.Blocks).Select(i => (i, i)).ToArray();
        var offDiagonal = new List<(int I, int J)>();
        for (int i = 0; i < policy.Blocks; i++)
            for (int j = i + 1; j < policy.Blocks; j++)
                offDiagonal.Add((i, j));
        RunPairs(diagonal, policy, x, rows, columns, centre, norms, heaps);
        RunPairs(offDiagonal, policy, x, rows, columns, centre, norms, heaps);

        var nearest = new int[rows * k];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = threads },
            i => MergeNearest(i, k, heaps, nearest.AsSpan(i * k, k)));
        return nearest;
    }

    /// <summary>Accumulates each pair's tile and streams it into the threads' heaps; a diagonal pair first records its rows' norms.</summary>
    static void RunPairs(IReadOnlyList<(int I, int J)> pairs, TilingPolicy policy, float* x, int rows, int columns,
        float[] centre, double[] norms, NeighbourHeaps[] heaps)
    {
        if (pairs.Count == 0) return;
        var segments = policy.SegmentsFor(pairs.Count);
        var partials = segments > 1 ? pairs.Select(_ => new double[segments][]).ToArray() : null;
        var finished = new int[pairs.Count];
        int next = -1;
        Parallel.For(0, policy.Threads, new ParallelOptions { MaxDegreeOfParallelism = policy.Threads }, worker =>
        {
            using var work = new TileWorkspace(policy);
            for (int item; (item = Interlocked.Increment(ref next)) < pairs.Count * segments;)
            {
                int p = item / segments, s = item % segments;
                var (bi, bj) = pairs[p];
                var tile = work.Accumulate(x, rows, columns, centre, bi, bj, policy.ChunkRange(s, segments));
                if (partials is not null)
                {
                    // The workspace's tile is reused by the next item: keep a copy. Interlocked.Increment fences, so
                    // the last thread sees every other segment's copy.
                    partials[p][s] = (double[])tile.Clone();
                    if (Interlocked.Increment(ref finished[p]) != segments) continue;
                    tile = SumInOrder(partials[p]);
                }
                if (bi == bj) RecordNorms(tile, policy.BlockRows, bi, rows, norms);
                PushTile(tile, policy.BlockRows, bi, bj, rows, norms, heaps[worker]);
            }
        });
    }

    static double[] SumInOrder(double[][] parts)
    {
        var sum = parts[0];
        for (int s = 1; s < parts.Length; s++)
            for (int t = 0; t < sum.Length; t++) sum[t] += parts[s][t];
        return sum;
    }

    static void RecordNorms(double[] gram, int blockRows, int block, int rows, double[] norms)
    {
        int i0 = block * blockRows;
        for (int li = 0; li < Math.Min(blockRows, rows - i0); li++) norms[i0 + li] = gram[li * blockRows + li];
    }

    /// <summary>d² = |a|² + |b|² - 2⟨a,b⟩ clamped at 0, offered to both rows' heaps (each pair is seen once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        int total = 0;
        foreach (var heap in heaps) total += heap.Count(row);
        Span<float> keys = total <= 1024 ? stackalloc float[total] : new float[total];
        Span<int> indices = total <= 1024 ? stackalloc int[total] : new int[total];
        int n = 0;
        foreach (var heap in heaps)
        {
            heap.Keys(row).CopyTo(keys[n..]);
            heap.Indices(row).CopyTo(indices[n..]);
            n += heap.Count(row);
        }
        keys.Sort(indices);
        indices[..k].CopyTo(output);
    }
}
