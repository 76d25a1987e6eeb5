using System.Runtime.CompilerServices;
using NasLid.Kernels.Interop;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// Exact neighbour distances for small batches (b ≤ <see cref="MaxRows"/>, where b×b doubles are at most 2 MiB a
/// thread). The features are read once: each thread takes a contiguous range of feature chunks, packs all rows of
/// a chunk into one panel and adds every block pair's <see cref="PanelTile"/> of <see cref="SquaredDifference"/>
/// into its own upper-triangular matrix of squared distances. The threads' matrices are summed in a fixed order
/// (so the result is reproducible), and each row scans its matrix row for its k nearest, each row into its own
/// heap. The distances come from the row differences, so there is nothing to recompute: at these sizes the
/// recompute a Gram path needs (b·k row pairs re-read, against b²/2 in the tiles) cost as much as the tiles.
/// </summary>
internal static unsafe class DenseDistances
{
    public const int MaxRows = 512;
    const int BlockRows = 32;

    /// <summary>Each row's distances to its k nearest other rows (b×k, unordered per row).</summary>
    public static double[] Nearest(float* x, int rows, int columns, int k, int threads)
    {
        var policy = TilingPolicy.For(rows, columns, threads);
        int padded = (rows + BlockRows - 1) / BlockRows * BlockRows;
        int workers = Math.Min(threads, policy.Chunks);
        var partials = new NativeScratch<double>[workers];
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, workers, options, w =>
                partials[w] = Accumulate(x, rows, columns, padded, policy, policy.ChunkRange(w, workers)));
            double* squared = partials[0].Data;
            for (int w = 1; w < workers; w++)
                for (long t = 0; t < (long)padded * padded; t++) squared[t] += partials[w].Data[t];

            var heaps = new NeighbourHeaps(rows, k);
            Parallel.For(0, rows, options, i => PushRow(squared, padded, rows, i, heaps));
            var distances = new double[rows * k];
            for (int i = 0; i < rows; i++)
            {
                var nearest = heaps.Indices(i);
                for (int n = 0; n < k; n++)
                {
                    int j = nearest[n];
                    distances[i * k + n] = Math.Sqrt(squared[(long)Math.Min(i, j) * padded + Math.Max(i, j)]);
                }
            }
            return distances;
        }
        finally
        {
            foreach (var partial in partials) partial?.Dispose();
        }
    }

    /// <summary>Squared distances over chunks [First, End), upper blocks only (lower entries of diagonal blocks are unread).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static NativeScratch<double> Accumulate(float* x, int rows, int columns, int padded, TilingPolicy policy, (int First, int End) chunks)
    {
        var squared = new NativeScratch<double>((long)padded * padded, clear: true);
        int blocks = padded / BlockRows;
        using var panel = new PackedPanel(padded, policy.Width(policy.Chunk));
        using var tile = new NativeScratch<float>(BlockRows * BlockRows, clear: true);
        for (int c = chunks.First; c < chunks.End; c++)
        {
            int f0 = c * policy.Chunk, length = Math.Min(policy.Chunk, columns - f0), width = policy.Width(length);
            panel.Pack(x, rows, columns, centre: null, 0, f0, length, width);
            for (int bi = 0; bi < blocks; bi++)
                for (int bj = bi; bj < blocks; bj++)
                {
                    PanelTile.Compute<SquaredDifference>(panel.Row(bi * BlockRows, width), panel.Row(bj * BlockRows, width),
                        BlockRows, width, tile.Data, bi == bj);
                    double* corner = squared.Data + (long)bi * BlockRows * padded + bj * BlockRows;
                    for (int r = 0; r < BlockRows; r++)
                        for (int s = 0; s < BlockRows; s++) corner[r * padded + s] += tile.Data[r * BlockRows + s];
                }
        }
        return squared;
    }

    /// <summary>Row i's k nearest other rows, read from the upper triangle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PushRow(double* squared, int padded, int rows, int i, NeighbourHeaps heaps)
    {
        for (int j = 0; j < rows; j++)
        {
            if (j == i) continue;
            var d2 = (float)(j > i ? squared[(long)i * padded + j] : squared[(long)j * padded + i]);
            if (d2 < heaps.Threshold(i)) heaps.Push(i, d2, j);
        }
    }
}
