using ILGPU;

namespace NasLid.Kernels.Gpu;

/// <summary>
/// The device side of the ILGPU engine. Plain float/double/int arithmetic only: System.Numerics vector types do
/// not compile for ILGPU on .NET 8+.
/// </summary>
internal static class LidKernels
{
    /// <summary>
    /// Largest tile: rows per group and features per shared-memory tile, a group being tile × tile threads. The
    /// launch picks the tile (16 on CUDA; 4 on the CPU accelerator, whose groups hold at most 16 threads).
    /// </summary>
    public const int MaxTile = 16;

    /// <summary>
    /// Fused distance + selection, FAISS BlockSelect style. Group g owns rows [g·tile, g·tile + tile) and streams
    /// every column tile of tile rows past them: thread (r, c) accumulates Σ (x_r - x_c)² from shared-memory feature
    /// tiles (direct differences, so no cancellation and exact zeros for duplicates), then one thread per row inserts
    /// the tile's tile candidates into that row's sorted queue of k (in global memory: O(b·k), never b×b).
    /// The row itself is skipped by index.
    /// </summary>
    public static void DistanceSelect(int tile, ArrayView<float> x, int rows, int columns, int k, ArrayView<float> queueKeys, ArrayView<int> queueIndices)
    {
        var a = SharedMemory.Allocate<float>(MaxTile * MaxTile);
        var b = SharedMemory.Allocate<float>(MaxTile * MaxTile);
        var d = SharedMemory.Allocate<float>(MaxTile * MaxTile);
        int tx = Group.IdxX % tile, ty = Group.IdxX / tile;
        int row = Grid.IdxX * tile + ty;
        long queue = (long)row * k;
        if (tx == 0 && row < rows)
            for (int q = 0; q < k; q++) { queueKeys[queue + q] = float.PositiveInfinity; queueIndices[queue + q] = -1; }

        for (int j0 = 0; j0 < rows; j0 += tile)
        {
            float sum = 0;
            for (int f0 = 0; f0 < columns; f0 += tile)
            {
                int f = f0 + tx, other = j0 + ty;
                a[ty * tile + tx] = row < rows && f < columns ? x[(long)row * columns + f] : 0;
                b[ty * tile + tx] = other < rows && f < columns ? x[(long)other * columns + f] : 0;
                Group.Barrier();
                for (int t = 0; t < tile; t++)
                {
                    float diff = a[ty * tile + t] - b[tx * tile + t];
                    sum += diff * diff;
                }
                Group.Barrier();
            }
            d[ty * tile + tx] = sum;
            Group.Barrier();
            if (tx == 0 && row < rows)
            {
                for (int c = 0; c < tile; c++)
                {
                    int j = j0 + c;
                    float key = d[ty * tile + c];
                    if (j >= rows || j == row || key >= queueKeys[queue + k - 1]) continue;
                    int at = k - 1;
                    while (at > 0 && queueKeys[queue + at - 1] > key)
                    {
                        queueKeys[queue + at] = queueKeys[queue + at - 1];
                        queueIndices[queue + at] = queueIndices[queue + at - 1];
                        at--;
                    }
                    queueKeys[queue + at] = key;
                    queueIndices[queue + at] = j;
                }
            }
            Group.Barrier();
        }
    }

    /// <summary>One thread per (row, neighbour): the chosen distance recomputed with float64 differences and sum.</summary>
    public static void ExactDistances(Index1D slot, ArrayView<float> x, int columns, int k, ArrayView<int> queueIndices, ArrayView<double> output)
    {
        long row = slot / k, other = queueIndices[slot];
        double sum = 0;
        for (int t = 0; t < columns; t++)
        {
            double diff = (double)x[row * columns + t] - x[other * columns + t];
            sum += diff * diff;
        }
        output[slot] = Math.Sqrt(sum);
    }

    /// <summary>Counts NaN (slot 0) and ±Inf (slot 1) values, so device-resident input gets the same check as host input.</summary>
    public static void CountNonFinite(Index1D i, ArrayView<float> x, ArrayView<int> counts)
    {
        float v = x[i];
        if (float.IsNaN(v)) Atomic.Add(ref counts[0], 1);
        else if (float.IsInfinity(v)) Atomic.Add(ref counts[1], 1);
    }
}
