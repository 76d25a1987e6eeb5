using TorchSharp;

namespace NasLid.Torch.Training;

/// <summary>
/// LibTorch's intra-op thread count. Its default (physical cores as OpenMP sees them) can exceed what a
/// container is allowed; we use the processor count .NET reports, which honours CPU limits.
/// </summary>
public static class TorchThreads
{
    static readonly Lock Gate = new();
    static bool _configured;

    /// <summary>Sets the thread count once per process; later calls keep the first choice.</summary>
    public static void Configure(int? threads = null)
    {
        lock (Gate)
        {
            if (_configured)
                return;
            torch.set_num_threads(threads ?? Environment.ProcessorCount);
            _configured = true;
        }
    }
}
