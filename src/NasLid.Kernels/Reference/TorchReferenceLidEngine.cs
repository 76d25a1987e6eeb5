using NasLid.Core;
using NasLid.Kernels.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Kernels.Reference;

/// <summary>
/// The yardstick the other engines are checked and timed against, written to mirror SPEC.md §1 with TorchSharp:
/// the full b×b cdist of the centred rows, the row itself masked out by index, topk of the k smallest, then the k chosen distances
/// recomputed from the row differences (cdist's matmul path cancels in float32) before the shared
/// <see cref="LidEstimator"/> takes logarithms.
/// With <paramref name="referenceCodeSelection"/> it instead does what the public reference code does: sort each
/// cdist row and take columns 1..k as they are (which silently miscounts duplicate rows); for comparisons only.
/// It needs b² floats: above <paramref name="maxDistanceMatrixBytes"/> it refuses with a NasLidException
/// rather than exhausting memory.
/// </summary>
public sealed class TorchReferenceLidEngine(bool referenceCodeSelection = false, long maxDistanceMatrixBytes = 4L << 30)
    : ILidEngine
{
    /// <summary>Rows per recompute batch are chosen so the gathered neighbours stay under this.</summary>
    const long RecomputeBytes = 8L << 20;

    public string Name => referenceCodeSelection ? "torch-refcode" : "torch";

    public LidResult Estimate(ReadOnlySpan<float> features, int rows, int columns, LidOptions options, string layer)
    {
        FeatureChecks.Check(features, rows, columns, options, layer);
        using var scope = NewDisposeScope();
        return Estimate(tensor(features.ToArray(), [rows, columns]), options, layer);
    }

    public LidResult Estimate(Tensor features, LidOptions options, string layer)
    {
        using var scope = NewDisposeScope();
        int rows, columns;
        using (var host = HostFeatures.Open(features, layer))
        {
            FeatureChecks.Check(host.Span, host.Rows, host.Columns, options, layer);
            (rows, columns) = (host.Rows, host.Columns);
        }
        long matrixBytes = (long)rows * rows * sizeof(float);
        if (matrixBytes > maxDistanceMatrixBytes)
            throw new NasLidException(
                $"layer '{layer}': the torch reference needs a {rows} x {rows} distance matrix ({matrixBytes >> 20} MiB), " +
                $"over its limit of {maxDistanceMatrixBytes >> 20} MiB; use the cpu or ilgpu engine");

        int k = options.K;
        var x = features.detach().reshape(rows, columns).to(DeviceType.CPU).to_type(ScalarType.Float32).contiguous();
        // Distances are shift invariant; centring keeps a large common offset from cancelling in cdist's matmul.
        var distances = cdist(x - x.mean([0]), x - x.mean([0]));
        double[] neighbours;
        if (referenceCodeSelection)
        {
            neighbours = distances.sort(dim: 1).Values.narrow(1, 1, k).to_type(ScalarType.Float64).contiguous()
                .data<double>().ToArray();
        }
        else
        {
            distances.FillWhereInPlace(eye(rows, dtype: ScalarType.Bool), double.PositiveInfinity);
            var indices = distances.topk(k, dim: 1, largest: false).indexes;
            neighbours = ExactDistances(x, indices, rows, columns, k);
        }
        return LidEstimator.FromNeighbourDistances(layer, neighbours, rows, options);
    }

    static double[] ExactDistances(Tensor x, Tensor indices, int rows, int columns, int k)
    {
        var result = new double[rows * k];
        int batch = (int)Math.Clamp(RecomputeBytes / ((long)k * columns * sizeof(float)), 1, rows);
        for (int r0 = 0; r0 < rows; r0 += batch)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(batch, rows - r0);
            // Broadcast each row against its k neighbours (no repeated copy of the row). A float32 difference is exact
            // when the values are within a factor of 2 (Sterbenz), else within half an ulp, and exactly 0 for
            // duplicates; the squares are positive, so LibTorch's cascade sum adds no cancellation.
            var others = x.index_select(0, indices.narrow(0, r0, n).flatten()).view(n, k, columns);
            var d = (x.narrow(0, r0, n).unsqueeze(1) - others).square().sum(dim: 2).to_type(ScalarType.Float64).sqrt();
            d.data<double>().ToArray().CopyTo(result, r0 * k);
        }
        return result;
    }

    public void Dispose() { }
}
