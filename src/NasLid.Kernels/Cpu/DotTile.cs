using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// The Gram tile G[r, c] = Σ_t A[r, t]·B[c, t] of two packed panels (rows × width floats, width a multiple of 8,
/// rows a multiple of 4, zero padded). A 4×2 register block: 6 vector loads feed 8 FMAs, the accumulators stay in
/// the 16 AVX registers. On a diagonal tile (A = B) only blocks touching the upper triangle are computed.
/// </summary>
internal static unsafe class DotTile
{
    public const int RowStep = 4;
    public const int Lanes = 8;

    public static void Compute(float* a, float* b, int rows, int width, float* tile, bool diagonal)
    {
        for (int r = 0; r < rows; r += 4)
        {
            float* a0 = a + r * width, a1 = a0 + width, a2 = a1 + width, a3 = a2 + width;
            for (int c = 0; c < rows; c += 2)
            {
                if (diagonal && c + 1 < r) continue;
                float* b0 = b + c * width, b1 = b0 + width;
                Vector256<float> s00 = default, s01 = default, s10 = default, s11 = default;
                Vector256<float> s20 = default, s21 = default, s30 = default, s31 = default;
                for (int t = 0; t < width; t += Lanes)
                {
                    var y0 = Vector256.Load(b0 + t);
                    var y1 = Vector256.Load(b1 + t);
                    var x = Vector256.Load(a0 + t);
                    s00 = MultiplyAdd(x, y0, s00); s01 = MultiplyAdd(x, y1, s01);
                    x = Vector256.Load(a1 + t);
                    s10 = MultiplyAdd(x, y0, s10); s11 = MultiplyAdd(x, y1, s11);
                    x = Vector256.Load(a2 + t);
                    s20 = MultiplyAdd(x, y0, s20); s21 = MultiplyAdd(x, y1, s21);
                    x = Vector256.Load(a3 + t);
                    s30 = MultiplyAdd(x, y0, s30); s31 = MultiplyAdd(x, y1, s31);
                }
                float* o = tile + r * rows + c;
                o[0] = Vector256.Sum(s00); o[1] = Vector256.Sum(s01); o += rows;
                o[0] = Vector256.Sum(s10); o[1] = Vector256.Sum(s11); o += rows;
                o[0] = Vector256.Sum(s20); o[1] = Vector256.Sum(s21); o += rows;
                o[0] = Vector256.Sum(s30); o[1] = Vector256.Sum(s31);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> sum) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, sum) : x * y + sum;
}
