using TorchSharp;

namespace NasLid.Torch.Training;

/// <summary>
/// LibTorch's intra-op thread count. Its default (every core OpenMP sees) leaves no core for the batch
/// loader thread, and OpenMP threads that spin-wait collapse when the machine is oversubscribed: on the
/// 2-core development machine under load, 1 thread trained the tiny test supernet 2.5-5× faster than 2.
/// So we use one core fewer than .NET reports (which honours container CPU limits), at least one.
/// </summary>
public static class TorchThreads
{
    static readonly Lock Gate = new();
    static bool _configured;

    public static int Default => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Sets the thread count once per process; later calls keep the first choice.</summary>
    public static void Configure(int? threads = null)
    {
        lock (Gate)
        {
            if (_configured)
                return;
            torch.set_num_threads(threads ?? Default);
            _configured = true;
        }
    }
}
