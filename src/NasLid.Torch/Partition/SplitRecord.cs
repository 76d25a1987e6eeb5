namespace NasLid.Torch.Partition;

/// <summary>
/// One unsplit layer as scored in a partition step: enough to recompute the decision by hand. Profiles are the
/// LID profiles (absent for gradients, whose vectors are the size of the network); the similarity matrix is in
/// the order of <see cref="Ops"/>; groups are op indices.
/// </summary>
public sealed record LayerRecord(
    int Layer,
    string Name,
    IReadOnlyList<int> Ops,
    IReadOnlyList<string> OpNames,
    double[][]? Profiles,
    double[][] Similarity,
    double Gamma,
    double BetweenGroup,
    IReadOnlyList<int> GroupA,
    IReadOnlyList<int> GroupB,
    bool ExactBipartition,
    double Separability,
    IReadOnlyList<string> Notes);

/// <summary>Where a partition step's time went: forward passes, the LID engine, and the bipartition search.</summary>
public sealed record SplitTiming(double ForwardSeconds, double LidSeconds, double BipartitionSeconds);

/// <summary>One partition step (Alg. 1, one round on one sub-supernet) and the two children it produced.</summary>
public sealed record SplitRecord(
    string Criterion,
    string Similarity,
    string Rule,
    string Parent,
    IReadOnlyList<LayerRecord> Layers,
    int ChosenLayer,
    string ChildA,
    string ChildB,
    SplitTiming Timing);
