namespace NasLid.Core.Partitioning;

/// <summary>
/// Paper Eq. 7, the separability score of one layer's similarity matrix (higher = easier to split):
/// D = sqrt( (1/(2n)) Σ_{i≠j} (s_ij − s̄)² ),  s̄ = (1/(2n)) Σ_{i≠j} s_ij.
/// </summary>
/// <remarks>
/// Implemented exactly as printed (SPEC.md §5): both sums run over the n(n−1) ordered pairs i ≠ j and are
/// divided by 2n, not by the pair count. So s̄ is the mean similarity times (n−1)/2 (it equals the mean only
/// for n = 3), and D is not a standard deviation; it is comparable across criteria on the same layer, which
/// is what Fig. 4 does.
/// </remarks>
public static class Separability
{
    public static double Score(SimilarityMatrix s)
    {
        int n = s.Size;
        if (n < 2) throw new NasLidException($"separability needs at least 2 candidates, got {n}");
        double norm = 1.0 / (2 * n), sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) sum += s[i, j];
        double mean = norm * sum, squares = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) squares += (s[i, j] - mean) * (s[i, j] - mean);
        return Math.Sqrt(norm * squares);
    }
}
