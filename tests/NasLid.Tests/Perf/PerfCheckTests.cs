using System.Text.Json.Nodes;
using NasLid.Core;
using NasLid.Core.Perf;
using NUnit.Framework;

namespace NasLid.Tests.Perf;

/// <summary>The regression gate (naslid-perf check) on synthetic baseline and suite-report JSON.</summary>
public class PerfCheckTests
{
    const string Baseline = """
        { "suite": "baseline", "machine": {}, "device": "cpu", "commit": "abc",
          "figures": [
            { "name": "memory.cpu.nb201.lid_over_gradient", "value": 0.2, "better": "Lower" },
            { "name": "train.small.masked_sum_over_single_path", "value": 0.1, "better": "Higher" },
            { "name": "lid.ilgpu.128x3072.torch_over_engine", "value": 40, "better": "Higher", "requiresCuda": true } ] }
        """;

    static PerfReport Report(string suite, params ReportedFigure[] figures) =>
        PerfReport.Parse(new PerfReport(suite, new Dictionary<string, string> { ["cores"] = "2" }, "cpu", "def", figures).ToJson(), suite + ".json");

    static PerfReport Memory(double ratio) => Report("memory", new ReportedFigure("memory.cpu.nb201.lid_over_gradient", ratio, Better.Lower));
    static PerfReport Train(double ratio) => Report("train", new ReportedFigure("train.small.masked_sum_over_single_path", ratio, Better.Higher));

    static PerfCheckOutcome Check(double tolerance, params PerfReport[] results) =>
        PerfCheck.Run(PerfReport.Parse(Baseline, "baseline.json"), results, tolerance, updateBaseline: false);

    [Test]
    public void RegressionBeyondToleranceFailsNamingTheFigure()
    {
        // Memory ratio 0.2 → 0.3 is 50 % worse; training ratio 0.1 → 0.05 is 50 % worse.
        var outcome = Check(0.25, Memory(0.3), Train(0.05));
        Assert.That(outcome.Passed, Is.False);
        Assert.That(outcome.Lines[^1], Does.Contain("FAILED").And.Contain("memory.cpu.nb201.lid_over_gradient").And.Contain("train.small.masked_sum_over_single_path"));
    }

    [Test]
    public void RegressionWithinTolerancePasses()
    {
        var outcome = Check(0.25, Memory(0.24), Train(0.08));
        Assert.That(outcome.Passed, Is.True, string.Join("\n", outcome.Lines));
        Assert.That(outcome.Lines[^1], Does.Contain("passed"));
    }

    [Test]
    public void ToleranceIsConfigurable()
    {
        Assert.That(Check(0.1, Memory(0.24), Train(0.1)).Passed, Is.False);
        Assert.That(Check(0.5, Memory(0.24), Train(0.1)).Passed, Is.True);
    }

    [Test]
    public void MissingFigureIsAnErrorNamingIt()
    {
        var error = Assert.Throws<NasLidException>(() => Check(0.25, Memory(0.2)));
        Assert.That(error!.Message, Does.Contain("train.small.masked_sum_over_single_path"));
    }

    [Test]
    public void CudaFiguresAreComparedOnlyOnACudaRun()
    {
        var cuda = Report("lid", new ReportedFigure("lid.ilgpu.128x3072.torch_over_engine", 10, Better.Higher, RequiresCuda: true)) with { Device = "cuda" };
        var outcome = Check(0.25, Memory(0.2), Train(0.1), cuda);
        Assert.That(outcome.Passed, Is.False);
        Assert.That(outcome.Lines[^1], Does.Contain("lid.ilgpu.128x3072.torch_over_engine"));
    }

    [Test]
    public void UpdateBaselineRewritesItKeepingCudaFiguresOnACpuRun()
    {
        var old = PerfReport.Parse(Baseline, "baseline.json");
        var outcome = PerfCheck.Run(old, [Memory(0.3), Train(0.05)], 0.25, updateBaseline: true);
        Assert.That(outcome.Passed);
        var rewritten = PerfReport.Parse(outcome.NewBaseline!.ToJson(), "new baseline");
        Assert.That(rewritten.Figures.ToDictionary(f => f.Name, f => f.Value), Is.EquivalentTo(new Dictionary<string, double>
        {
            ["memory.cpu.nb201.lid_over_gradient"] = 0.3,
            ["train.small.masked_sum_over_single_path"] = 0.05,
            ["lid.ilgpu.128x3072.torch_over_engine"] = 40,
        }));
        Assert.That(PerfCheck.Run(rewritten, [Memory(0.3), Train(0.05)], 0.0, updateBaseline: false).Passed);
    }

    [Test]
    public void LidSuiteRowsBecomeSpeedUpFigures()
    {
        var rows = (JsonArray)JsonNode.Parse("""
            [ { "b": 128, "m": 3072, "engine": "torch", "ms": 10.0, "ratioToTorch": 1.0 },
              { "b": 128, "m": 3072, "engine": "cpu", "ms": 2.0, "ratioToTorch": 5.0 },
              { "b": 128, "m": 3072, "engine": "ilgpu", "ms": 1.0, "ratioToTorch": 10.0 },
              { "b": 65536, "m": 256, "engine": "cpu", "ms": 900.0, "ratioToTorch": null } ]
            """)!;
        Assert.That(LidFigures.From(rows, "lid.json"), Is.EqualTo(new[]
        {
            new ReportedFigure("lid.cpu.128x3072.torch_over_engine", 5.0, Better.Higher),
            new ReportedFigure("lid.ilgpu.128x3072.torch_over_engine", 10.0, Better.Higher, RequiresCuda: true),
        }));
    }

    [Test]
    public void MalformedReportIsAClearError()
    {
        var error = Assert.Throws<NasLidException>(() => PerfReport.Parse("{ \"suite\": ", "broken.json"));
        Assert.That(error!.Message, Does.Contain("broken.json"));
    }
}
