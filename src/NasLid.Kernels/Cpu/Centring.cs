using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The point the CPU engine subtracts from every row before its Gram products. Distances are shift invariant, so
/// any point near the cloud serves; what matters is that it removes a large common offset, which would otherwise
/// cancel in |a|² + |b|² - 2⟨a,b⟩. The mean of up to <see cref="SampleRows"/> evenly spaced rows does that and
/// reads at most that many rows, not the whole batch.
/// </summary>
internal static unsafe class Centring
{
    public const int SampleRows = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Centre(float* x, int rows, int columns)
    {
        int used = Math.Min(rows, SampleRows);
        var sum = new double[columns];
        fixed (double* s = sum)
            for (int n = 0; n < used; n++)
            {
                float* row = x + (long)n * rows / used * columns;
                int t = 0;
                for (; t + 8 <= columns; t += 8)
                {
                    var (low, high) = Vector256.Widen(Vector256.Load(row + t));
                    (Vector256.Load(s + t) + low).Store(s + t);
                    (Vector256.Load(s + t + 4) + high).Store(s + t + 4);
                }
                for (; t < columns; t++) s[t] += row[t];
            }
        var centre = new float[columns];
        for (int t = 0; t < columns; t++) centre[t] = (float)(sum[t] / used);
        return centre;
    }
}
