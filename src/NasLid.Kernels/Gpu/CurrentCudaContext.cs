using System.Runtime.InteropServices;
using ILGPU.Runtime.Cuda;
using NasLid.Core;

namespace NasLid.Kernels.Gpu;

/// <summary>
/// Makes an accelerator's CUDA context current on this thread for a scope, then puts back whatever was current
/// before. ILGPU's own binding tracks only ILGPU accelerators, so it takes its context for current even after
/// LibTorch has made the device's primary context current, and it would not hand LibTorch its context back either.
/// This asks the driver instead.
/// </summary>
internal readonly struct CurrentCudaContext : IDisposable
{
    [DllImport("libcuda.so.1")]
    static extern int cuCtxGetCurrent(out IntPtr context);

    readonly IntPtr _previous;

    public CurrentCudaContext(CudaAccelerator accelerator)
    {
        Check(cuCtxGetCurrent(out _previous), "cuCtxGetCurrent");
        Check((int)CudaAPI.CurrentAPI.SetCurrentContext(accelerator.NativePtr), "cuCtxSetCurrent");
    }

    public void Dispose() => CudaAPI.CurrentAPI.SetCurrentContext(_previous);

    static void Check(int status, string call)
    {
        if (status != 0) throw new NasLidException($"ilgpu engine: {call} failed with CUDA error {status}");
    }
}
