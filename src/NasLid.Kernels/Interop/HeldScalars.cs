using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Kernels.Interop;

/// <summary>
/// Tensor arithmetic whose number arguments stay alive across the native call. TorchSharp 0.107 turns numbers into
/// native Scalars implicitly (<c>a + b</c> is <c>a.add(b, 1)</c>, <c>x.mul_(0.9)</c> converts 0.9), and such a
/// Scalar is unreachable once its handle is read: a garbage collection during the call can finalize it, and the
/// kernel then reads freed memory ("Expected false to be true ... from toFloat", "Unknown scalar type"). Each
/// overload here holds its Scalar in a using block until the call returns. Tensor - Tensor and Tensor * Tensor
/// make no Scalar and need no help.
/// </summary>
public static class HeldScalars
{
    /// <summary><c>a + b</c>, a new tensor; an integer 1 as alpha, as TorchSharp's <c>+</c> uses, so integer tensors add too.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => Held(1L.ToScalar(), one => a.add(b, one));

    /// <summary><c>a + alpha·b</c>, a new tensor (a floating alpha: floating tensors only).</summary>
    public static Tensor Plus(this Tensor a, Tensor b, double alpha) => Held(alpha.ToScalar(), held => a.add(b, held));

    /// <summary><c>a += b</c>, in place, with an integer alpha like <see cref="Plus(Tensor, Tensor)"/>.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => Held(1L.ToScalar(), one => a.add_(b, one));

    /// <summary><c>a += alpha·b</c>, in place (a floating alpha: floating tensors only).</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b, double alpha) => Held(alpha.ToScalar(), held => a.add_(b, held));

    /// <summary><c>a *= factor</c>, in place.</summary>
    public static Tensor TimesInPlace(this Tensor a, double factor) => Held(factor.ToScalar(), held => a.mul_(held));

    /// <summary>Sets <c>a</c> to <paramref name="value"/> where <paramref name="mask"/> is true, in place.</summary>
    public static Tensor FillWhereInPlace(this Tensor a, Tensor mask, double value) => Held(value.ToScalar(), held => a.masked_fill_(mask, held));

    /// <summary>Runs <paramref name="call"/> with the Scalar reachable until it returns, then frees it.</summary>
    static Tensor Held(Scalar scalar, Func<Scalar, Tensor> call)
    {
        using (scalar) return call(scalar);
    }
}
