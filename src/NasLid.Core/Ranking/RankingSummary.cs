namespace NasLid.Core.Ranking;

/// <summary>One search run's ranking correlations, labelled by the method that produced the run.</summary>
public sealed record RankedRun(string Method, ulong Seed, IReadOnlyList<RankCorrelationResult> Results);

/// <summary>
/// Mean and sample standard deviation (n − 1; 0 for a single run) of τ-b and ρ over the runs of one method, for
/// one subset. Runs whose correlation was undefined still count, as 0, so that a method cannot look better by
/// degenerating; UndefinedRuns says how many there were.
/// </summary>
public sealed record MethodSummary(string Method, string Subset, int Runs, double KendallMean, double KendallStd,
    double SpearmanMean, double SpearmanStd, int UndefinedRuns);

/// <summary>
/// Compares methods over seeds (the paper's Table 3 layout): the question is whether one criterion ranks better
/// than another beyond seed noise, so each method's spread is reported next to its mean.
/// </summary>
public static class RankingSummary
{
    /// <summary>Groups by method (in first-seen order) and subset (in the order the runs report them).</summary>
    public static IReadOnlyList<MethodSummary> Summarise(IReadOnlyList<RankedRun> runs)
    {
        if (runs.Count == 0) throw new NasLidException("ranking summary needs at least one run");
        var subsets = runs[0].Results.Select(r => r.Subset).ToList();
        foreach (var run in runs)
            if (!run.Results.Select(r => r.Subset).SequenceEqual(subsets))
                throw new NasLidException($"run '{run.Method}' seed {run.Seed} reports subsets [{string.Join(", ", run.Results.Select(r => r.Subset))}], " +
                                          $"expected [{string.Join(", ", subsets)}]; rank every run against the same ground truth");

        return runs.GroupBy(r => r.Method).SelectMany(method => subsets.Select(subset =>
        {
            var results = method.Select(run => run.Results.Single(r => r.Subset == subset)).ToList();
            var (tauMean, tauStd) = MeanAndStd(results.Select(r => r.KendallTauB).ToList());
            var (rhoMean, rhoStd) = MeanAndStd(results.Select(r => r.SpearmanRho).ToList());
            return new MethodSummary(method.Key, subset, results.Count, tauMean, tauStd, rhoMean, rhoStd,
                results.Count(r => r.Warning is not null));
        })).ToList();
    }

    static (double Mean, double Std) MeanAndStd(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double std = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return (mean, std);
    }
}
