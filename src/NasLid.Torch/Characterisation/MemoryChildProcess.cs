using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using NasLid.Core;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// Runs one <see cref="CharacterisationMemory"/> measurement in a fresh child process (PLATFORM.md, "Memory
/// measurement": a process's peak counts once), by starting this executable again in the host's child mode.
/// The child prints one JSON line with <see cref="Report"/>; the parent reads it back.
/// </summary>
public static class MemoryChildProcess
{
    /// <param name="childArguments">The host's command line for its child mode, e.g. <c>memory --child lid ...</c>.</param>
    /// <param name="limitBytes">Data-segment cap of the child.</param>
    /// <param name="label">Names the measurement in the message printed when it fails.</param>
    /// <returns>The measurement, or null when the child did not fit under the cap or failed (the reason goes to stderr).</returns>
    public static CharacterisationMemory.Measurement? Run(IEnumerable<string> childArguments, long limitBytes, string label)
    {
        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(Assembly.GetEntryAssembly()!.Location);
        args.AddRange(childArguments);
        // ulimit -d caps the child's data segment (malloc and anonymous mmap), so an input that does not fit
        // fails inside the child instead of waking the machine's OOM killer. A fixed mmap threshold makes glibc
        // hand every large block back to the kernel when it is freed: resident memory then follows live tensors,
        // instead of a heap that keeps whatever the warm-up touched.
        var command = $"ulimit -d {limitBytes / 1024} && MALLOC_MMAP_THRESHOLD_=65536 exec {Quote(self)} {string.Join(" ", args.Select(Quote))}";
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode == 0 && line is not null)
            return JsonSerializer.Deserialize<CharacterisationMemory.Measurement>(line);
        Console.Error.WriteLine($"memory: {label}: did not fit or failed (exit {process.ExitCode}): {LastLine(stderr.Result)}");
        return null;
    }

    /// <summary>The child's side: the one line <see cref="Run"/> reads.</summary>
    public static int Report(CharacterisationMemory.Measurement measurement)
    {
        Console.WriteLine(JsonSerializer.Serialize(measurement));
        return 0;
    }

    /// <summary>The default cap: 80% of the memory available now.</summary>
    public static long DefaultLimitBytes()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal))
                   ?? throw new NasLidException("/proc/meminfo has no MemAvailable line; pass an explicit memory limit");
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 * 8 / 10;
    }

    static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
    static string LastLine(string s) => s.Trim().Split('\n').LastOrDefault() ?? "";
}
