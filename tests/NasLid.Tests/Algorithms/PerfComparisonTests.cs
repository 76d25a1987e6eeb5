using NasLid.Core;
using NasLid.Core.Perf;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class PerfComparisonTests
{
    static readonly PerfFigure[] Baseline =
    [
        new("lid.cpu_speedup_vs_torch", 2.0, Better.Higher),
        new("memory.lid_over_gradient", 0.5, Better.Lower),
    ];

    [Test]
    public void RegressionBeyondToleranceFailsNamingTheFigure()
    {
        // Speed-up 2.0 → 1.5 is 25 % worse than baseline.
        var result = PerfComparison.Compare(Baseline, [new("lid.cpu_speedup_vs_torch", 1.5, Better.Higher), new("memory.lid_over_gradient", 0.5, Better.Lower)], 0.2);
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Regressions.Single().Name, Is.EqualTo("lid.cpu_speedup_vs_torch"));
        Assert.That(result.Regressions.Single().Worsening, Is.EqualTo(0.25).Within(1e-12));
        Assert.That(result.Regressions.Single().ToString(), Does.Contain("lid.cpu_speedup_vs_torch"));
    }

    [Test]
    public void RegressionWithinTolerancePasses()
    {
        // Memory ratio 0.5 → 0.55 is 10 % worse (lower is better); speed-up 2.0 → 1.9 is 5 % worse.
        var result = PerfComparison.Compare(Baseline, [new("lid.cpu_speedup_vs_torch", 1.9, Better.Higher), new("memory.lid_over_gradient", 0.55, Better.Lower)], 0.2);
        Assert.That(result.Passed);
    }

    [Test]
    public void LowerIsBetterRegressesUpwards()
    {
        var worse = PerfComparison.Compare(Baseline, [new("lid.cpu_speedup_vs_torch", 2.0, Better.Higher), new("memory.lid_over_gradient", 0.7, Better.Lower)], 0.2);
        Assert.That(worse.Regressions.Single().Name, Is.EqualTo("memory.lid_over_gradient"));
        var better = PerfComparison.Compare(Baseline, [new("lid.cpu_speedup_vs_torch", 9.0, Better.Higher), new("memory.lid_over_gradient", 0.1, Better.Lower)], 0.0);
        Assert.That(better.Passed);
    }

    [Test]
    public void PerFigureToleranceOverridesTheDefault()
    {
        PerfFigure[] baseline = [new("train.masked_over_single", 1.0, Better.Higher, Tolerance: 0.5)];
        Assert.That(PerfComparison.Compare(baseline, [new("train.masked_over_single", 0.6, Better.Higher)], 0.1).Passed);
    }

    [Test]
    public void MissingFigureIsAnErrorNewFigureIsListed()
    {
        var ex = Assert.Throws<NasLidException>(() => PerfComparison.Compare(Baseline, [new("lid.cpu_speedup_vs_torch", 2.0, Better.Higher)], 0.2));
        Assert.That(ex!.Message, Does.Contain("memory.lid_over_gradient"));
        var result = PerfComparison.Compare(Baseline, [.. Baseline, new("split.lid_share", 0.3, Better.Lower)], 0.2);
        Assert.That(result.NewFigures, Is.EqualTo(new[] { "split.lid_share" }));
    }

    [Test]
    public void InconsistentInputIsAnError()
    {
        Assert.Throws<NasLidException>(() => PerfComparison.Compare(Baseline, Baseline, -0.1));
        Assert.Throws<NasLidException>(() => PerfComparison.Compare(Baseline, [Baseline[0], new("memory.lid_over_gradient", 0.5, Better.Higher)], 0.2));
        Assert.Throws<NasLidException>(() => PerfComparison.Compare(Baseline, [Baseline[0], new("memory.lid_over_gradient", double.NaN, Better.Lower)], 0.2));
    }
}
