using NasLid.Core;
using NasLid.Kernels.Cpu;
using NasLid.Kernels.Gpu;
using NasLid.Kernels.Reference;

namespace NasLid.Kernels;

/// <summary>Engines by name, and the default that follows the device (CPU engine on CPU, ILGPU on CUDA).</summary>
public static class LidEngines
{
    public static readonly string[] Names = ["cpu", "ilgpu", "torch"];

    /// <summary>"cpu", "ilgpu" (CUDA when a GPU is present, else the ILGPU CPU accelerator) or "torch".</summary>
    public static ILidEngine Create(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" => new CpuLidEngine(),
        "ilgpu" => IlgpuLidEngine.CudaAvailable() ? IlgpuLidEngine.OnCuda() : IlgpuLidEngine.OnCpuAccelerator(),
        "torch" => new TorchReferenceLidEngine(),
        _ => throw new NasLidException($"unknown LID engine '{name}'; choose one of {string.Join(", ", Names)}"),
    };

    /// <summary>The engine for features that live on <paramref name="cuda"/> = true (a GPU) or the CPU.</summary>
    public static ILidEngine Default(bool cuda) => cuda ? IlgpuLidEngine.OnCuda() : new CpuLidEngine();
}
