using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Kernels;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// NAS-LID's characterisation (paper §3, Alg. 1 line 5): the layer-by-layer LID profile of each candidate's
/// sub-supernet, averaged over batches. A no-grad forward only: no activations are kept for a backward pass.
/// </summary>
public sealed class LidCharacterisation(ILidEngine engine, LidOptions options, bool maskedSumElsewhere = false)
    : ICandidateCharacterisation
{
    public string Name => "lid";

    public SimilarityMeasure Similarity => SimilarityMeasure.Euclidean;

    public CandidateVectors Characterise(Supernet supernet, SupernetMask parent, int layer, IReadOnlyList<Batch> batches, Rng rng)
    {
        var ops = parent.EnabledOps(layer);
        var profiles = ops.Select(_ => new List<double[]>()).ToArray();
        var notes = new List<string>();
        var lidTime = TimeSpan.Zero;
        using (no_grad())
            CandidateLoop.Run(supernet, parent, layer, batches, rng, maskedSumElsewhere, Name, (i, images, _, mask) =>
            {
                var profiler = new LidProfiler(engine, options, $"layer {layer} op {ops[i]}");
                supernet.Forward(images, mask, profiler);
                profiles[i].Add([.. profiler.Profile]);
                lidTime += profiler.LidTime;
                if (profiler.RowsExcluded > 0)
                    notes.Add($"op {ops[i]}: {profiler.RowsExcluded} rows excluded from LID (duplicate or equidistant features)");
                if (profiler.CollapsedTaps.Count > 0)
                    notes.Add($"op {ops[i]}: every row identical at {string.Join(", ", profiler.CollapsedTaps)}; LID taken as 0 there");
            });
        return new CandidateVectors(layer, ops, profiles.Select(Average).ToArray(), notes, lidTime);
    }

    /// <summary>Profiles of different lengths (OFA depth choices) are averaged at a common relative depth.</summary>
    static double[] Average(List<double[]> profiles)
    {
        int length = profiles.Max(p => p.Length);
        var sum = new double[length];
        foreach (var profile in profiles)
        {
            var aligned = profile.Length == length ? profile : ProfileResampling.Resample(profile, length);
            for (int t = 0; t < length; t++) sum[t] += aligned[t];
        }
        return sum.Select(s => s / profiles.Count).ToArray();
    }
}
