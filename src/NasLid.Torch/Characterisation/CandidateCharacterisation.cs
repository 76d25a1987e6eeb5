using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// What Algorithm 1 needs of a criterion: one vector per candidate op of a layer, computed on the same batches
/// with the same random paths through the other layers, and the similarity that compares those vectors.
/// NAS-LID gives LID profiles (Euclidean, Eq. 5); GM-NAS gives gradients (cosine).
/// </summary>
public interface ICandidateCharacterisation
{
    string Name { get; }

    SimilarityMeasure Similarity { get; }

    CandidateVectors Characterise(Supernet supernet, SupernetMask parent, int layer, IReadOnlyList<Batch> batches, Rng rng);
}

/// <summary>
/// The characterisation of every enabled candidate of one layer, with what the measurement left out and how
/// long the LID engine took of the whole (zero for gradients).
/// </summary>
public sealed record CandidateVectors(int Layer, IReadOnlyList<int> Ops, IReadOnlyList<double[]> Vectors, IReadOnlyList<string> Notes,
    TimeSpan LidTime = default);
