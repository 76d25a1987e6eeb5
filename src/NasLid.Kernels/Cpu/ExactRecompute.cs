namespace NasLid.Kernels.Cpu;

/// <summary>
/// The exact float64 distances of every row to its k chosen neighbours, in one pass over the data: features are
/// taken in chunks of <see cref="Chunk"/> (32 rows × 8 KiB stay in L2), and each chunk's partial squared sums are
/// added for all the pairs that need it. Row by row instead, a (32, 802816) input would be re-read from memory
/// for each of its 640 pairs. Work items are (row block, chunk), dealt to threads in a fixed stride; each thread sums into its own b×k array.
/// </summary>
internal static unsafe class ExactRecompute
{
    const int Chunk = 2048;

    public static double[] Distances(float* x, int rows, int columns, int k, int[] nearest, int threads)
    {
        int chunks = (columns + Chunk - 1) / Chunk;
        int rowBlocks = Math.Clamp((4 * threads + chunks - 1) / chunks, 1, rows);
        int items = chunks * rowBlocks;
        var partials = new double[threads][];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var sums = partials[worker] = new double[rows * k];
            // Static striding (not work stealing) keeps the float64 summation order, and so the result, reproducible.
            for (int item = worker; item < items; item += threads)
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
        });

        var distances = new double[rows * k];
        for (int t = 0; t < distances.Length; t++)
        {
            double sum = 0;
            foreach (var partial in partials) sum += partial[t];
            distances[t] = Math.Sqrt(sum);
        }
        return distances;
    }
}
