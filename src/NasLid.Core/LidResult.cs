namespace NasLid.Core;

/// <summary>How one row's MLE is formed from its k nearest distances (SPEC.md §1).</summary>
public enum LidFormula
{
    /// <summary>lid = -((1/k) Σ ln(r_i / r_k))^-1, the paper's Eq. 3. Default.</summary>
    Exact,
    /// <summary>The reference code: -k / (Σ ln(r_i / (r_k + 1e-6)) + 1e-6). For comparing with published numbers.</summary>
    Reference,
    /// <summary>Levina–Bickel: normalise by k-1 (as scikit-dimension does).</summary>
    LevinaBickel,
}

/// <summary>How per-row LIDs are combined into the layer's LID.</summary>
public enum LidAggregation
{
    /// <summary>Arithmetic mean (paper Eq. 2). Default.</summary>
    Mean,
    /// <summary>Harmonic mean (scikit-dimension).</summary>
    Harmonic,
}

public sealed record LidOptions(
    int K = 20,
    LidFormula Formula = LidFormula.Exact,
    LidAggregation Aggregation = LidAggregation.Mean,
    bool ReturnRowLids = false);

/// <summary>
/// The LID of one layer's features, with what was left out and why. Rows whose k-th distance is 0 are
/// undefined (ExcludedDuplicates); rows whose k distances are all equal give +inf (ExcludedEqual). Rows that
/// had some zero distances below r_k keep a reduced k (RowsWithReducedK).
/// </summary>
public sealed record LidResult(
    string Layer,
    double Lid,
    int Rows,
    int RowsUsed,
    int ExcludedDuplicates,
    int ExcludedEqual,
    int RowsWithReducedK,
    int K,
    double[]? RowLids = null)
{
    public int RowsExcluded => ExcludedDuplicates + ExcludedEqual;
}
