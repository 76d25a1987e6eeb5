using System.Globalization;
using NasLid.Core;
using NasLid.Core.Perf;

namespace NasLid.Perf;

/// <summary>
/// <c>naslid-perf check --results DIR [--baseline perf/baseline.json] [--tolerance 0.25] [--update-baseline]</c>:
/// the regression gate over every suite report (*.json) in DIR. Exit 0 passed (or baseline rewritten),
/// 1 a figure regressed beyond the tolerance, 2 bad input (a baseline figure missing from the results, no baseline).
/// The logic is <see cref="PerfCheck"/>; this is its file edge.
/// </summary>
public static class CheckCommand
{
    public static int Run(bool quick, string? jsonPath)
    {
        var args = Environment.GetCommandLineArgs();
        try
        {
            string results = Option(args, "--results") ?? throw new NasLidException("perf check needs --results DIR (the suites' --json outputs)");
            string baselinePath = Option(args, "--baseline") ?? Path.Combine("perf", "baseline.json");
            string toleranceText = Option(args, "--tolerance") ?? "0.25";
            if (!double.TryParse(toleranceText, NumberStyles.Float, CultureInfo.InvariantCulture, out double tolerance))
                throw new NasLidException($"--tolerance '{toleranceText}' is not a number; give a fraction such as 0.25");
            bool update = args.Contains("--update-baseline");
            var outcome = Check(baselinePath, results, tolerance, update);
            foreach (var line in outcome.Lines) Console.WriteLine(line);
            return outcome.Passed ? 0 : 1;
        }
        catch (NasLidException e)
        {
            Console.Error.WriteLine($"naslid-perf: error: {e.Message}");
            return 2;
        }
    }

    /// <summary>Reads the baseline and the reports, compares, and writes the new baseline when asked to.</summary>
    public static PerfCheckOutcome Check(string baselinePath, string resultsFolder, double tolerance, bool updateBaseline)
    {
        if (!Directory.Exists(resultsFolder)) throw new NasLidException($"perf results folder {resultsFolder} does not exist");
        var reports = Directory.GetFiles(resultsFolder, "*.json").Order(StringComparer.Ordinal)
            .Select(f => PerfReport.Parse(File.ReadAllText(f), f)).ToList();
        if (reports.Count == 0) throw new NasLidException($"perf results folder {resultsFolder} holds no *.json suite report");
        var baseline = File.Exists(baselinePath) ? PerfReport.Parse(File.ReadAllText(baselinePath), baselinePath) : null;
        var outcome = PerfCheck.Run(baseline, reports, tolerance, updateBaseline);
        if (outcome.NewBaseline is { } rewritten)
            File.WriteAllText(baselinePath, rewritten.ToJson() + Environment.NewLine);
        return outcome;
    }

    static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return null;
        return i + 1 < args.Length ? args[i + 1] : throw new NasLidException($"{name} needs a value");
    }
}
