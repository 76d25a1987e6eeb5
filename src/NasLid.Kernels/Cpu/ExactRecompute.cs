using System.Runtime.CompilerServices;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The distances of every row to its k chosen neighbours from the row differences, in one pass over the data:
/// features are taken in chunks of <see cref="Chunk"/> (a chunk of 128 rows, 512 KiB, stays in L2), and each
/// chunk's partial squared sums are added in float64 for all the pairs that need it. Row by row instead, a
/// (32, 802816) input would be re-read from memory for each of its 640 pairs. Work items are (row block, chunk),
/// dealt to threads in a fixed stride; each thread sums into its own b×k array.
/// </summary>
internal static unsafe class ExactRecompute
{
    const int Chunk = 1024;

    public static double[] Distances(float* x, int rows, int columns, int k, int[] nearest, int threads)
    {
        int chunks = (columns + Chunk - 1) / Chunk;
        int rowBlocks = Math.Clamp((4 * threads + chunks - 1) / chunks, 1, rows);
        var partials = new double[threads][];
        // Static striding (not work stealing) keeps the float64 summation order, and so the result, reproducible.
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            worker => partials[worker] = SumItems(x, rows, columns, k, nearest, chunks, rowBlocks, worker, threads));

        var distances = new double[rows * k];
        for (int t = 0; t < distances.Length; t++)
        {
            double sum = 0;
            foreach (var partial in partials) sum += partial[t];
            distances[t] = Math.Sqrt(sum);
        }
        return distances;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double[] SumItems(float* x, int rows, int columns, int k, int[] nearest, int chunks, int rowBlocks, int worker, int threads)
    {
        var sums = new double[rows * k];
        for (int item = worker; item < chunks * rowBlocks; item += threads)
        {
            int chunk = item / rowBlocks, block = item % rowBlocks;
            int f0 = chunk * Chunk, length = Math.Min(Chunk, columns - f0);
            int r0 = (int)((long)block * rows / rowBlocks), r1 = (int)((long)(block + 1) * rows / rowBlocks);
            for (int i = r0; i < r1; i++)
            {
                var a = new ReadOnlySpan<float>(x + (long)i * columns + f0, length);
                for (int n = i * k; n < (i + 1) * k; n++)
                    sums[n] += ExactDistance.SquaredBetween(a, new ReadOnlySpan<float>(x + (long)nearest[n] * columns + f0, length));
            }
        }
        return sums;
    }
}
