using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The squared Euclidean distance between two float32 rows, taken directly from the row differences. Engines pick
/// neighbours from fast (Gram or float32) distances, then recompute the k chosen ones with this before any
/// logarithm, so the cancellation of |a|² + |b|² - 2⟨a,b⟩ never reaches ln(r_i / r_k) and exact duplicates give
/// exactly 0.
/// </summary>
/// <remarks>
/// Σ_t (a_t - b_t)². Each difference is a float32 subtraction: exact when a_t and b_t are within a factor of 2
/// (Sterbenz), else correctly rounded, so every term carries at most one ulp of relative error and no
/// cancellation. The terms are all positive, so a float32 partial sum of at most 16 of them is within 16 ulps
/// (~1e-6 relative, far inside the engines' 1e-4 agreement); the partial sums of each block of
/// <see cref="Block"/> features are added in float64. Twice the lanes of widening every term to float64.
/// </remarks>
internal static class ExactDistance
{
    const int Block = 128;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredBetween(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        int length = Math.Min(a.Length, b.Length), t = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var total = Vector256<double>.Zero;
            for (; t + Block <= length; t += Block)
            {
                var s0 = Square(ref pa, ref pb, t, Vector256<float>.Zero);
                var s1 = Square(ref pa, ref pb, t + 8, Vector256<float>.Zero);
                var s2 = Square(ref pa, ref pb, t + 16, Vector256<float>.Zero);
                var s3 = Square(ref pa, ref pb, t + 24, Vector256<float>.Zero);
                for (int u = t + 32; u < t + Block; u += 32)
                {
                    s0 = Square(ref pa, ref pb, u, s0);
                    s1 = Square(ref pa, ref pb, u + 8, s1);
                    s2 = Square(ref pa, ref pb, u + 16, s2);
                    s3 = Square(ref pa, ref pb, u + 24, s3);
                }
                var (low, high) = Vector256.Widen((s0 + s1) + (s2 + s3));
                total += low + high;
            }
            if (t + 8 <= length)
            {
                var s = Vector256<float>.Zero;
                for (; t + 8 <= length; t += 8) s = Square(ref pa, ref pb, t, s);
                var (low, high) = Vector256.Widen(s);
                total += low + high;
            }
            sum = Vector256.Sum(total);
        }
        for (; t < length; t++)
        {
            float d = Unsafe.Add(ref pa, t) - Unsafe.Add(ref pb, t);
            sum += d * d;
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Square(ref float a, ref float b, int at, Vector256<float> sum)
    {
        var d = Vector256.LoadUnsafe(ref a, (nuint)at) - Vector256.LoadUnsafe(ref b, (nuint)at);
        return Vector256.MultiplyAddEstimate(d, d, sum);
    }
}
