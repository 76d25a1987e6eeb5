namespace NasLid.Core.Perf;

/// <summary>Which way a figure improves.</summary>
public enum Better
{
    Higher,
    Lower,
}

/// <summary>
/// One measured figure, a ratio of two measurements from the same run (e.g. CPU engine ÷ Torch reference),
/// so it is comparable across machines. Tolerance overrides the comparison's relative tolerance for this figure.
/// </summary>
public sealed record PerfFigure(string Name, double Value, Better Better, double? Tolerance = null);

/// <summary>A figure that got worse than its baseline by more than its tolerance. Worsening is relative to |baseline|, positive = worse.</summary>
public sealed record PerfRegression(string Name, double Baseline, double Result, double Worsening, double Tolerance, Better Better)
{
    public override string ToString() =>
        $"{Name}: {Result:G4} vs baseline {Baseline:G4} ({Worsening:P1} worse, {(Better == Better.Higher ? "higher" : "lower")} is better, tolerance {Tolerance:P1})";
}

/// <summary>The regressions, and the result's figures that the baseline does not have yet (not an error: new suites add figures).</summary>
public sealed record PerfComparisonResult(IReadOnlyList<PerfRegression> Regressions, IReadOnlyList<string> NewFigures)
{
    public bool Passed => Regressions.Count == 0;
}

/// <summary>The perf regression gate's pure part: a result set of ratio figures against a committed baseline.</summary>
public static class PerfComparison
{
    /// <param name="tolerance">Relative worsening allowed, e.g. 0.2 = 20 %, unless a baseline figure sets its own.</param>
    public static PerfComparisonResult Compare(IReadOnlyList<PerfFigure> baseline, IReadOnlyList<PerfFigure> result, double tolerance)
    {
        if (!double.IsFinite(tolerance) || tolerance < 0)
            throw new NasLidException($"perf tolerance must be a non-negative fraction, got {tolerance}");
        var measured = ByName(result, "result");
        var expected = ByName(baseline, "baseline");
        var missing = expected.Keys.Where(name => !measured.ContainsKey(name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new NasLidException($"perf result lacks baseline figure(s): {string.Join(", ", missing)}");

        var regressions = new List<PerfRegression>();
        foreach (var reference in baseline)
        {
            var figure = measured[reference.Name];
            if (figure.Better != reference.Better)
                throw new NasLidException($"perf figure '{reference.Name}': the baseline says {reference.Better} is better, the result says {figure.Better}");
            if (reference.Value == 0)
                throw new NasLidException($"perf figure '{reference.Name}': baseline value is 0, so a relative change is undefined");
            double allowed = reference.Tolerance ?? tolerance;
            double change = (figure.Value - reference.Value) / Math.Abs(reference.Value);
            double worsening = reference.Better == Better.Higher ? -change : change;
            if (worsening > allowed)
                regressions.Add(new PerfRegression(reference.Name, reference.Value, figure.Value, worsening, allowed, reference.Better));
        }
        var added = measured.Keys.Where(name => !expected.ContainsKey(name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return new PerfComparisonResult(regressions, added);
    }

    static Dictionary<string, PerfFigure> ByName(IReadOnlyList<PerfFigure> figures, string side)
    {
        var byName = new Dictionary<string, PerfFigure>(StringComparer.Ordinal);
        foreach (var figure in figures)
        {
            if (!double.IsFinite(figure.Value))
                throw new NasLidException($"perf {side} figure '{figure.Name}' is {figure.Value}; figures must be finite");
            if (figure.Tolerance is { } t && (!double.IsFinite(t) || t < 0))
                throw new NasLidException($"perf {side} figure '{figure.Name}' has tolerance {t}; it must be a non-negative fraction");
            if (!byName.TryAdd(figure.Name, figure))
                throw new NasLidException($"perf {side} has figure '{figure.Name}' twice");
        }
        return byName;
    }
}
