using NasLid.Core;
using static TorchSharp.torch;

namespace NasLid.Kernels;

/// <summary>
/// Computes the MLE LID of b feature rows of m floats (SPEC.md §1). Every engine computes exactly the same
/// thing; they differ in where and how fast the pairwise distances and the top-k are found.
/// </summary>
public interface ILidEngine : IDisposable
{
    string Name { get; }

    /// <summary>Row-major b×m float32 features.</summary>
    LidResult Estimate(ReadOnlySpan<float> features, int rows, int columns, LidOptions options, string layer);

    /// <summary>A [b, ...] tensor, flattened per sample. Contiguous CPU float32 tensors are read in place.</summary>
    LidResult Estimate(Tensor features, LidOptions options, string layer);

    /// <summary>
    /// Many layers (every tap of a forward pass, or one tap across sub-supernets) in one call. Results come in
    /// the order given. The default scores them one after another; an engine may override it to share work.
    /// </summary>
    IReadOnlyList<LidResult> EstimateMany(IReadOnlyList<(string Layer, Tensor Features)> layers, LidOptions options) =>
        layers.Select(l => Estimate(l.Features, options, l.Layer)).ToList();
}
