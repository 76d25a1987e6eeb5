using NasLid.Core;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// What every criterion does around its measurement (Alg. 1 line 5): BatchNorm in batch-statistics mode, as in
/// training, with the running statistics and the mode put back afterwards; on each batch one random live path
/// through the other layers, shared by every candidate of the scored layer so that only the candidate differs;
/// and each candidate's tensors freed before the next one runs.
/// </summary>
public static class CandidateLoop
{
    /// <summary>One candidate's turn: its index among the layer's enabled ops, the batch, and its mask.</summary>
    public delegate void Measure(int candidate, Tensor images, Tensor labels, SupernetMask mask);

    /// <param name="maskedSumElsewhere">Keep the other layers' masked sum instead of sampling a path (an ablation).</param>
    public static void Run(Supernet supernet, SupernetMask parent, int layer, IReadOnlyList<Batch> batches, Rng rng,
        bool maskedSumElsewhere, string criterion, Measure measure)
    {
        // A characterisation is an average over batches: with none the result would be an empty profile or a 0/0
        // gradient. Usually the data has too few images for one batch.
        if (batches.Count == 0)
            throw new NasLidException($"{criterion} characterisation of layer {layer} got no batches: the data has fewer images than one characterisation batch");
        var ops = parent.EnabledOps(layer);
        var device = supernet.parameters().First().device;
        using (BatchNormStatistics.Preserve(supernet))
        {
            supernet.train();
            foreach (var batch in batches)
            {
                using var batchScope = NewDisposeScope();
                var (images, labels) = batch.ToTensors(device);
                var path = maskedSumElsewhere ? null : SubSupernet.SampleLivePath(supernet.Space, parent, layer, rng);
                for (int i = 0; i < ops.Count; i++)
                {
                    using var scope = NewDisposeScope();
                    measure(i, images, labels, SubSupernet.WithCandidate(parent, layer, ops[i], path));
                }
            }
        }
    }
}
