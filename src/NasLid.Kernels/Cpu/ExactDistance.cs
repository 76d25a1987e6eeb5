using System.Runtime.Intrinsics;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The squared Euclidean distance between two float32 rows with each difference and the sum in float64. Engines pick
/// neighbours from fast (Gram or float32) distances, then recompute the k chosen ones with this before any
/// logarithm, so float32 cancellation never reaches ln(r_i / r_k) and exact duplicates give exactly 0.
/// </summary>
internal static class ExactDistance
{
    public static double SquaredBetween(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int t = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 8)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; t + 8 <= a.Length; t += 8)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(t, 8)));
                var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(t, 8)));
                var d0 = aLow - bLow;
                var d1 = aHigh - bHigh;
                acc0 = Vector256.MultiplyAddEstimate(d0, d0, acc0);
                acc1 = Vector256.MultiplyAddEstimate(d1, d1, acc1);
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; t < a.Length; t++)
        {
            double d = (double)a[t] - b[t];
            sum += d * d;
        }
        return sum;
    }
}
