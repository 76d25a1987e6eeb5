namespace NasLid.Core.Partitioning;

/// <summary>
/// A split of a layer's candidates into Γ and O \ Γ (candidate indices, ascending), with its Eq. 6 score
/// (intra-group similarity, unordered pairs) and its between-group similarity. Exact tells whether the
/// solver proved it optimal (enumeration) or found it by the heuristic.
/// </summary>
public sealed record Bipartition(IReadOnlyList<int> Gamma, IReadOnlyList<int> Rest, double Score, double BetweenScore, bool Exact)
{
    /// <summary>Side of every candidate: true when in Γ.</summary>
    public bool[] Sides()
    {
        var sides = new bool[Gamma.Count + Rest.Count];
        foreach (var i in Gamma) sides[i] = true;
        return sides;
    }

    internal static Bipartition FromSides(SimilarityMatrix s, bool[] inGamma, bool exact) => new(
        Enumerable.Range(0, s.Size).Where(i => inGamma[i]).ToArray(),
        Enumerable.Range(0, s.Size).Where(i => !inGamma[i]).ToArray(),
        PartitionScore.IntraGroup(s, inGamma),
        PartitionScore.BetweenGroup(s, inGamma),
        exact);
}
