using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// The GM-NAS baseline (Hu et al. 2022; SPEC.md §4): a candidate is characterised by the gradient of the
/// training loss with respect to the weights it shares with its siblings (every enabled op of the other
/// layers, plus stem, reduction blocks and classifier), compared by cosine. It needs a forward AND a backward
/// pass, so every activation is kept alive: the memory cost NAS-LID avoids.
/// </summary>
public sealed class GradientMatching(bool maskedSumElsewhere = false) : ICandidateCharacterisation
{
    public string Name => "gradient";

    public SimilarityMeasure Similarity => SimilarityMeasure.Cosine;

    public CandidateVectors Characterise(Supernet supernet, SupernetMask parent, int layer, IReadOnlyList<Batch> batches, Rng rng)
    {
        var ops = parent.EnabledOps(layer);
        var shared = SharedWeights(supernet, parent, layer);
        long length = shared.Sum(p => p.numel());
        var sums = ops.Select(_ => new double[length]).ToArray();
        CandidateLoop.Run(supernet, parent, layer, batches, rng, maskedSumElsewhere, Name, (i, images, labels, mask) =>
        {
            ClearGradients(supernet);
            nn.functional.cross_entropy(supernet.Forward(images, mask), labels).backward();
            Accumulate(shared, sums[i]);
        });
        ClearGradients(supernet);
        foreach (var sum in sums)
            for (long j = 0; j < length; j++) sum[j] /= batches.Count;
        return new CandidateVectors(layer, ops, sums, []);
    }

    /// <summary>Weights every candidate of <paramref name="layer"/> shares, each once, in a fixed order.</summary>
    public static IReadOnlyList<Parameter> SharedWeights(Supernet supernet, SupernetMask parent, int layer)
    {
        var weights = supernet.SharedParameters().ToList();
        for (int l = 0; l < parent.LayerCount; l++)
            if (l != layer)
                foreach (var op in parent.EnabledOps(l))
                    weights.AddRange(supernet.OpParameters(l, op));
        return weights.Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToArray();
    }

    static void Accumulate(IReadOnlyList<Parameter> weights, double[] sum)
    {
        long offset = 0;
        foreach (var weight in weights)
        {
            long count = weight.numel();
            var grad = weight.grad;
            if (grad is not null)
            {
                // One bulk copy: the accessor's indexer makes two native calls per element.
                using var accessor = grad.contiguous().to_type(ScalarType.Float32).data<float>();
                var values = accessor.ToArray();
                for (long j = 0; j < count; j++) sum[offset + j] += values[j];
            }
            offset += count;
        }
    }

    static void ClearGradients(Supernet supernet)
    {
        foreach (var p in supernet.parameters()) p.grad = null;
    }
}
