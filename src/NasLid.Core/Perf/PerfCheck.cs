using System.Globalization;

namespace NasLid.Core.Perf;

/// <summary>What the gate says: the lines to print, whether it passed, and the baseline to write when asked to.</summary>
public sealed record PerfCheckOutcome(bool Passed, IReadOnlyList<string> Lines, PerfReport? NewBaseline);

/// <summary>
/// The regression gate: the figures of one run's suite reports against the committed baseline. Figures that need
/// CUDA are compared only when the run had CUDA, so one baseline serves CPU and GPU runners; rewriting the baseline
/// on a CPU runner keeps its CUDA figures.
/// </summary>
public static class PerfCheck
{
    public static PerfCheckOutcome Run(PerfReport? baseline, IReadOnlyList<PerfReport> results, double tolerance, bool updateBaseline)
    {
        if (results.Count == 0) throw new NasLidException("perf check: no suite reports to check");
        bool cuda = results.Any(r => r.Device == "cuda");
        var measured = results.SelectMany(r => r.Figures).ToList();
        if (updateBaseline)
            return Rewrite(baseline, results, measured, cuda);
        if (baseline is null)
            throw new NasLidException("perf check: no baseline; generate one with --update-baseline and commit it");

        var expected = baseline.Figures.Where(f => cuda || !f.RequiresCuda).ToList();
        var comparison = PerfComparison.Compare(expected.Select(f => f.ToFigure()).ToList(), measured.Select(f => f.ToFigure()).ToList(), tolerance);
        var regressed = comparison.Regressions.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var values = measured.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        var lines = new List<string> { $"{"figure",-52} {"baseline",10} {"result",10} {"better",7}" };
        lines.AddRange(expected.Select(f =>
            $"{f.Name,-52} {Format(f.Value),10} {Format(values[f.Name]),10} {f.Better,7}{(regressed.Contains(f.Name) ? "  REGRESSED" : "")}"));
        lines.AddRange(comparison.NewFigures.Select(name => $"new figure, not in the baseline: {name}"));
        lines.AddRange(comparison.Regressions.Select(r => $"regression: {r}"));
        lines.Add(comparison.Passed
            ? $"perf check passed: {expected.Count} figures within tolerance"
            : $"perf check FAILED: {comparison.Regressions.Count} of {expected.Count} figures regressed: {string.Join(", ", regressed)}");
        return new PerfCheckOutcome(comparison.Passed, lines, null);
    }

    static PerfCheckOutcome Rewrite(PerfReport? old, IReadOnlyList<PerfReport> results, List<ReportedFigure> measured, bool cuda)
    {
        var tolerances = old?.Figures.Where(f => f.Tolerance is not null).ToDictionary(f => f.Name, f => f.Tolerance, StringComparer.Ordinal)
                         ?? new Dictionary<string, double?>(StringComparer.Ordinal);
        var figures = measured.Select(f => f with { Tolerance = tolerances.GetValueOrDefault(f.Name) }).ToList();
        var names = figures.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var kept = cuda ? [] : old?.Figures.Where(f => f.RequiresCuda && !names.Contains(f.Name)).ToList() ?? [];
        figures.AddRange(kept);
        var baseline = new PerfReport("baseline", results[0].Machine, cuda ? "cuda" : "cpu", results[0].Commit, figures);
        var lines = new List<string> { $"baseline rewritten: {figures.Count} figures ({kept.Count} CUDA figures kept from the old baseline)" };
        return new PerfCheckOutcome(true, lines, baseline);
    }

    static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
