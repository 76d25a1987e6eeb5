namespace NasLid.Core.Ranking;

/// <summary>A correlation coefficient, or 0 with Defined = false when it has no value (constant input, n &lt; 2).</summary>
public readonly record struct Correlation(double Value, bool Defined)
{
    internal static readonly Correlation Undefined = new(0, false);
}

/// <summary>
/// Kendall τ-b and Spearman ρ over the top <see cref="Count"/> architectures by ground truth (<see cref="TopK"/>
/// null = all). Warning is set, and the undefined coefficient is 0, when the input was constant or too short.
/// SkippedPredictions counts predicted keys absent from the ground truth (ignored by design).
/// </summary>
public sealed record RankCorrelationResult(int? TopK, int Count, double KendallTauB, double SpearmanRho, int SkippedPredictions, string? Warning)
{
    public string Subset => TopK is { } k ? $"top-{k}" : "all";
}

/// <summary>
/// Ranking correlation between predicted and ground-truth accuracy (SPEC.md §5), paired by architecture key,
/// never by list position.
/// </summary>
public static class RankCorrelation
{
    /// <summary>The subsets reported by default: top 50, top 100 and all, by ground truth.</summary>
    public static readonly IReadOnlyList<int?> DefaultTopK = [50, 100, null];

    /// <summary>
    /// The ground truth defines the population: every ground-truth key must have a prediction (else an error
    /// naming the missing keys); predictions for keys outside the ground truth are skipped and counted.
    /// Top-K takes the K best by ground truth (ties by key, ordinal), or all when K exceeds the table.
    /// </summary>
    public static IReadOnlyList<RankCorrelationResult> Compare(IReadOnlyDictionary<string, double> predicted,
        IReadOnlyDictionary<string, double> groundTruth, IEnumerable<int?>? topK = null)
    {
        CheckFinite(predicted, "predicted");
        CheckFinite(groundTruth, "ground truth");
        var missing = groundTruth.Keys.Where(k => !predicted.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new NasLidException($"{missing.Count} ground-truth architecture(s) have no prediction, e.g. {string.Join(", ", missing.Take(5))}");
        int skipped = predicted.Keys.Count(k => !groundTruth.ContainsKey(k));
        var ranked = groundTruth.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();

        return (topK ?? DefaultTopK).Select(k =>
        {
            if (k is <= 0) throw new NasLidException($"top-K must be positive, got {k}");
            var keys = ranked.Take(k ?? ranked.Count).ToList();
            var truth = keys.Select(key => groundTruth[key]).ToArray();
            var prediction = keys.Select(key => predicted[key]).ToArray();
            var tau = KendallTauB(prediction, truth);
            var rho = SpearmanRho(prediction, truth);
            string? warning = tau.Defined && rho.Defined ? null
                : $"correlation undefined over {keys.Count} architecture(s) (fewer than 2, or constant predicted or ground-truth values); reported as 0";
            return new RankCorrelationResult(k, keys.Count, tau.Value, rho.Value, skipped, warning);
        }).ToList();
    }

    /// <summary>
    /// τ-b = (n_c − n_d) / sqrt((n₀ − n₁)(n₀ − n₂)), n₀ = n(n−1)/2, n₁ and n₂ the pairs tied in x and in y.
    /// Pairs tied in either count in neither n_c nor n_d. O(n²): fine for a few thousand architectures.
    /// </summary>
    public static Correlation KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckPaired(x, y);
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0;
        int n = x.Count;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int dx = x[i].CompareTo(x[j]), dy = y[i].CompareTo(y[j]);
                if (dx == 0) tiedX++;
                if (dy == 0) tiedY++;
                if (dx != 0 && dy != 0)
                {
                    if (dx == dy) concordant++; else discordant++;
                }
            }
        long pairs = (long)n * (n - 1) / 2;
        double denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? Correlation.Undefined : new Correlation((concordant - discordant) / denominator, true);
    }

    /// <summary>ρ = Pearson correlation of the ranks, tied values sharing their average rank.</summary>
    public static Correlation SpearmanRho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckPaired(x, y);
        double[] rx = AverageRanks(x), ry = AverageRanks(y);
        int n = x.Count;
        double mean = (n + 1) / 2.0, xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < n; i++)
        {
            xy += (rx[i] - mean) * (ry[i] - mean);
            xx += (rx[i] - mean) * (rx[i] - mean);
            yy += (ry[i] - mean) * (ry[i] - mean);
        }
        return xx == 0 || yy == 0 ? Correlation.Undefined : new Correlation(Math.Clamp(xy / Math.Sqrt(xx * yy), -1, 1), true);
    }

    /// <summary>1-based ranks, ascending; a run of equal values gets the mean of the ranks it spans.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) ranks[order[i]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    static void CheckPaired(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new NasLidException($"rank correlation needs paired values, got {x.Count} and {y.Count}");
        for (int i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new NasLidException($"rank correlation: pair {i} is ({x[i]}, {y[i]}); values must be finite");
    }

    static void CheckFinite(IReadOnlyDictionary<string, double> scores, string side)
    {
        foreach (var (key, value) in scores)
            if (!double.IsFinite(value))
                throw new NasLidException($"{side} score of architecture '{key}' is {value}; scores must be finite");
    }
}
