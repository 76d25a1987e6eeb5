namespace NasLid.Core.Partitioning;

/// <summary>Which unsplit layer a round splits (paper Alg. 1, line 18).</summary>
public enum LayerChoiceRule
{
    /// <summary>The layer whose best bipartition has the highest γ (paper). Default.</summary>
    HighestGamma,
    /// <summary>The layer whose best bipartition has the largest between-group similarity (the reference code).</summary>
    LargestBetweenGroup,
}

/// <summary>One unsplit layer's best bipartition, as scored for the layer choice.</summary>
public sealed record LayerCandidate(int Layer, Bipartition Partition);

public static class LayerChoice
{
    /// <summary>The chosen layer. Exact ties go to the lowest layer index, so a run is reproducible.</summary>
    public static LayerCandidate Choose(IReadOnlyList<LayerCandidate> candidates, LayerChoiceRule rule = LayerChoiceRule.HighestGamma)
    {
        if (candidates.Count == 0) throw new NasLidException("no unsplit layer left to split");
        Func<LayerCandidate, double> key = rule switch
        {
            LayerChoiceRule.HighestGamma => c => c.Partition.Score,
            LayerChoiceRule.LargestBetweenGroup => c => c.Partition.BetweenScore,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
        return candidates.OrderByDescending(key).ThenBy(c => c.Layer).First();
    }
}
