using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NasLid.Core.Perf;

namespace NasLid.Perf;

/// <summary>
/// Where a suite's numbers go: the figure table on stdout and, with --json, a <see cref="PerfReport"/> that records
/// the machine (cores, OS, CPU model), the device and the git commit beside every row and figure.
/// </summary>
public static class SuiteReport
{
    public static int Finish(string suite, string device, JsonArray rows, IReadOnlyList<ReportedFigure> figures, string? jsonPath)
    {
        Console.WriteLine();
        Console.WriteLine($"{"figure (ratio measured in this run)",-52} {"value",10} better");
        foreach (var f in figures)
            Console.WriteLine($"{f.Name,-52} {f.Value.ToString("G4", CultureInfo.InvariantCulture),10} {f.Better}");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, new PerfReport(suite, Machine(), device, Commit(), figures, rows).ToJson());
            Console.WriteLine($"written: {jsonPath}");
        }
        return 0;
    }

    public static IReadOnlyDictionary<string, string> Machine() => new Dictionary<string, string>
    {
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["os"] = RuntimeInformation.OSDescription,
        ["cpu"] = CpuModel(),
        ["runtime"] = RuntimeInformation.FrameworkDescription,
    };

    static string CpuModel()
    {
        var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    /// <summary>The commit of the working tree, or "unknown" where git is absent (a published copy on a device).</summary>
    static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? head : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    /// <summary>A measurement row for the JSON, from name/value pairs.</summary>
    public static JsonObject Row(params (string Name, JsonNode? Value)[] cells)
    {
        var row = new JsonObject();
        foreach (var (name, value) in cells) row[name] = value;
        return row;
    }
}
