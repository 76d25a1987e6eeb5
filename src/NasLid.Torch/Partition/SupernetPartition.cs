using System.Diagnostics;
using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;

namespace NasLid.Torch.Partition;

public sealed record PartitionSettings(LayerChoiceRule Rule = LayerChoiceRule.HighestGamma, SimilarityMeasure? Similarity = null);

/// <summary>
/// Algorithm 1's inner loop on one sub-supernet: characterise the candidates of every unsplit layer, turn the
/// vectors into a similarity matrix (Eq. 5), find each layer's best balanced bipartition and its γ (Eq. 6),
/// split the chosen layer, and return the two child masks with the record of every number that decided it.
/// </summary>
public static class SupernetPartition
{
    /// <summary>Layers that can still be split: all candidates enabled, at least two of them.</summary>
    public static IReadOnlyList<int> UnsplitLayers(SupernetMask mask) =>
        Enumerable.Range(0, mask.LayerCount).Where(l => !mask.IsSplit(l) && mask.OpCount(l) >= 2).ToArray();

    /// <summary>Eq. 5 over one layer's candidate vectors; a non-finite vector is an error naming the op and the layer.</summary>
    public static SimilarityMatrix Compare(Supernet supernet, CandidateVectors vectors, SimilarityMeasure measure)
    {
        var layer = supernet.Space.Layers[vectors.Layer];
        return Similarity.Compute(vectors.Vectors.Select(v => (IReadOnlyList<double>)v).ToArray(), measure,
            vectors.Ops.Select(o => $"{layer.Ops[o]} of layer {layer.Name}").ToArray());
    }

    public static SplitRecord Split(Supernet supernet, SupernetMask parent, ICandidateCharacterisation method,
        IReadOnlyList<Batch> batches, Rng rng, PartitionSettings settings)
    {
        var layers = UnsplitLayers(parent);
        if (layers.Count == 0)
            throw new NasLidException($"sub-supernet {parent} has no unsplit layer left: every layer is already decided");
        var measure = settings.Similarity ?? method.Similarity;
        var records = new List<LayerRecord>();
        var scored = new List<LayerCandidate>();
        TimeSpan characterise = TimeSpan.Zero, lid = TimeSpan.Zero, bipartition = TimeSpan.Zero;
        foreach (var layer in layers)
        {
            long start = Stopwatch.GetTimestamp();
            var vectors = method.Characterise(supernet, parent, layer, batches, rng);
            characterise += Stopwatch.GetElapsedTime(start);
            lid += vectors.LidTime;

            start = Stopwatch.GetTimestamp();
            var opNames = vectors.Ops.Select(o => supernet.Space.Layers[layer].Ops[o]).ToArray();
            var layerName = supernet.Space.Layers[layer].Name;
            var similarity = Compare(supernet, vectors, measure);
            var best = BalancedBipartition.Solve(similarity);
            bipartition += Stopwatch.GetElapsedTime(start);

            scored.Add(new LayerCandidate(layer, best));
            records.Add(new LayerRecord(layer, layerName, vectors.Ops, opNames,
                method.Name == "lid" ? vectors.Vectors.ToArray() : null, similarity.ToRows(), best.Score, best.BetweenScore,
                best.Gamma.Select(i => vectors.Ops[i]).ToArray(), best.Rest.Select(i => vectors.Ops[i]).ToArray(),
                best.Exact, Separability.Score(similarity), vectors.Notes));
        }
        var chosen = LayerChoice.Choose(scored, settings.Rule);
        var record = records.Single(r => r.Layer == chosen.Layer);
        return new SplitRecord(method.Name, measure.ToString(), settings.Rule.ToString(), parent.ToString(), records, chosen.Layer,
            parent.WithLayer(chosen.Layer, record.GroupA).ToString(), parent.WithLayer(chosen.Layer, record.GroupB).ToString(),
            new SplitTiming((characterise - lid).TotalSeconds, lid.TotalSeconds, bipartition.TotalSeconds));
    }
}
