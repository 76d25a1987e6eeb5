using NasLid.Core;

namespace NasLid.Kernels;

/// <summary>The input checks every engine makes before touching the data, so all refuse the same inputs alike.</summary>
public static class FeatureChecks
{
    public static void Check(ReadOnlySpan<float> features, int rows, int columns, LidOptions options, string layer)
    {
        if (rows < 0 || columns < 0 || features.Length != (long)rows * columns)
            throw new NasLidException($"layer '{layer}': {features.Length} values do not form a {rows} x {columns} matrix");
        LidEstimator.CheckShape(rows, columns, options.K, layer);
        LidEstimator.CheckFinite(features, layer);
    }
}
