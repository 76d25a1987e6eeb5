using System.Runtime.InteropServices;

namespace NasLid.Kernels.Interop;

/// <summary>
/// Native, 64-byte aligned scratch for the CPU engine's packed panels and tiles, freed when disposed. Every
/// allocation is counted, so the perf suite reports the engine's extra memory as measured rather than estimated.
/// </summary>
internal sealed unsafe class NativeScratch<T> : IDisposable where T : unmanaged
{
    readonly nuint _bytes;
    bool _disposed;

    public T* Data { get; }

    /// <param name="clear">Zero it: for sums that start at 0.</param>
    public NativeScratch(long length, bool clear = false)
    {
        _bytes = (nuint)(length * sizeof(T));
        Data = (T*)NativeMemory.AlignedAlloc(_bytes, 64);
        if (clear) NativeMemory.Clear(Data, _bytes);
        ScratchMemory.Add((long)_bytes);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        NativeMemory.AlignedFree(Data);
        ScratchMemory.Add(-(long)_bytes);
    }
}

/// <summary>The CPU engine's native scratch, process-wide: bytes live now and the peak since the last reset.</summary>
public static class ScratchMemory
{
    static long _live, _peak;

    public static long LiveBytes => Interlocked.Read(ref _live);
    public static long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>Starts a new peak from what is live now.</summary>
    public static void ResetPeak() => Interlocked.Exchange(ref _peak, LiveBytes);

    internal static void Add(long bytes)
    {
        long live = Interlocked.Add(ref _live, bytes);
        for (long peak; live > (peak = Interlocked.Read(ref _peak));)
            if (Interlocked.CompareExchange(ref _peak, live, peak) == peak) break;
    }
}
