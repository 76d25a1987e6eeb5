namespace NasLid.Core.Partitioning;

/// <summary>
/// Paper Eq. 6: the score of a bipartition (Γ, O \ Γ) of a layer's candidates is the sum of intra-group
/// similarities, and γ is its maximum over balanced bipartitions, ⌊n/2⌋ ≤ |Γ| ≤ ⌈n/2⌉.
/// </summary>
/// <remarks>
/// "Intra-group similarity" is summed over <b>unordered pairs of distinct candidates</b>: each {O, O'} with
/// O ≠ O' in the same group counts once, S(O,O') and not also S(O',O), and never S(O,O). Including the
/// diagonal would add the same n/ε to every bipartition of a layer (no effect on the chosen groups) but would
/// swamp the comparison of γ across layers; counting ordered pairs would only double everything.
/// The between-group similarity (the cut) is the sum over unordered pairs in different groups, so
/// intra + between = the sum over all unordered pairs of distinct candidates.
/// </remarks>
public static class PartitionScore
{
    /// <summary>Intra-group similarity of the bipartition where <paramref name="inGamma"/>[i] says which side i is on.</summary>
    public static double IntraGroup(SimilarityMatrix s, IReadOnlyList<bool> inGamma) => PairSum(s, inGamma, sameSide: true);

    /// <summary>Between-group similarity (the cut): unordered pairs on different sides.</summary>
    public static double BetweenGroup(SimilarityMatrix s, IReadOnlyList<bool> inGamma) => PairSum(s, inGamma, sameSide: false);

    /// <summary>γ of a layer: the best balanced bipartition's intra-group similarity.</summary>
    public static double Gamma(SimilarityMatrix s) => BalancedBipartition.Solve(s).Score;

    public static bool IsBalanced(int n, int gammaSize) => gammaSize >= n / 2 && gammaSize <= (n + 1) / 2;

    static double PairSum(SimilarityMatrix s, IReadOnlyList<bool> inGamma, bool sameSide)
    {
        if (inGamma.Count != s.Size)
            throw new NasLidException($"bipartition assigns {inGamma.Count} candidates but the similarity matrix has {s.Size}");
        double sum = 0;
        for (int i = 0; i < s.Size; i++)
            for (int j = i + 1; j < s.Size; j++)
                if ((inGamma[i] == inGamma[j]) == sameSide) sum += s[i, j];
        return sum;
    }
}
