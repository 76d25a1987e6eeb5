using NasLid.Core;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// Peak resident memory of this process, from Linux's /proc. LibTorch's CPU allocator keeps no statistics, so
/// the honest measure is the kernel's high-water mark (VmHWM), reset before the measured step by writing 5 to
/// /proc/self/clear_refs. Run one method per process: freed memory that the allocator keeps would otherwise
/// count for the next method.
/// </summary>
public static class PeakMemory
{
    public static bool IsSupported => File.Exists("/proc/self/status") && File.Exists("/proc/self/clear_refs");

    /// <summary>Makes the high-water mark start again from the current resident size.</summary>
    public static void ResetPeak()
    {
        RequireSupport();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    public static long PeakBytes() => StatusKilobytes("VmHWM") * 1024;

    public static long ResidentBytes() => StatusKilobytes("VmRSS") * 1024;

    static long StatusKilobytes(string field)
    {
        RequireSupport();
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        throw new NasLidException($"/proc/self/status has no {field} line");
    }

    static void RequireSupport()
    {
        if (!IsSupported)
            throw new NasLidException("peak memory is measured from Linux's /proc/self/status and /proc/self/clear_refs, which this system lacks");
    }
}
