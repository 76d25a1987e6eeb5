namespace NasLid.Core;

/// <summary>
/// The float64 ground truth the engines are tested against: every pairwise distance computed directly from the
/// row differences in double precision, neighbours chosen by a full sort. O(b²·m) time and O(b) memory per row;
/// meant for tests and small inputs, not for speed.
/// </summary>
public static class BruteForceLid
{
    public static LidResult Estimate(ReadOnlySpan<float> features, int rows, int columns, LidOptions options, string layer)
    {
        LidEstimator.CheckShape(rows, columns, options.K, layer);
        if (features.Length != (long)rows * columns)
            throw new NasLidException($"layer '{layer}': {features.Length} values do not form {rows} x {columns}");
        LidEstimator.CheckFinite(features, layer);

        int k = options.K;
        var neighbours = new double[rows * k];
        var distances = new double[rows - 1];
        for (int i = 0; i < rows; i++)
        {
            var a = features.Slice(i * columns, columns);
            int n = 0;
            for (int j = 0; j < rows; j++)
            {
                if (j == i) continue; // the row itself is excluded by index, so duplicates still count as neighbours
                distances[n++] = Distance(a, features.Slice(j * columns, columns));
            }
            Array.Sort(distances);
            distances.AsSpan(0, k).CopyTo(neighbours.AsSpan(i * k, k));
        }
        return LidEstimator.FromNeighbourDistances(layer, neighbours, rows, options);
    }

    /// <summary>Euclidean distance with each difference and the sum taken in double precision.</summary>
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int t = 0; t < a.Length; t++)
        {
            double d = (double)a[t] - b[t];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
