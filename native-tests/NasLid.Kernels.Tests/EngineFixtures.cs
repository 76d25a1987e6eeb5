using NasLid.Kernels.Cpu;
using NasLid.Kernels.Reference;
using NUnit.Framework;

namespace NasLid.Kernels.Tests;

[TestFixture]
public sealed class CpuEngineTests : LidEngineContract
{
    protected override ILidEngine CreateEngine() => new CpuLidEngine();
    protected override string Describe() => $"the CPU, {Environment.ProcessorCount} threads";

    protected override (int, int)[] Shapes =>
    [
        (21, 1), (21, 1_000_000), (22, 33), (33, 7), (65, 257), (127, 1031), (300, 100), (1000, 9), (4096, 3),
    ];
}

[TestFixture]
public sealed class TorchReferenceEngineTests : LidEngineContract
{
    protected override ILidEngine CreateEngine() => new TorchReferenceLidEngine();
    protected override (int, int)[] Shapes => [(21, 5), (100, 50), (513, 17)];
}

/// <summary>The ILGPU kernels on the ILGPU CPU accelerator (slow: small shapes only).</summary>
[TestFixture]
public sealed class IlgpuCpuAcceleratorEngineTests : LidEngineContract
{
    protected override ILidEngine CreateEngine() => Gpu.IlgpuLidEngine.OnCpuAccelerator();
    protected override string Describe() => ((Gpu.IlgpuLidEngine)Engine).AcceleratorName;
    protected override (int, int)[] Shapes => [(21, 1), (33, 17), (70, 40)];
    protected override string? KnownDimensionSkipReason =>
        "b = 2000 takes minutes on the ILGPU CPU accelerator (it passed at b = 600: 2.23, 5.24, 9.40); runs on CUDA";
}

/// <summary>The same contract on CUDA; ignored (reported as skipped, not passed) where there is no GPU.</summary>
[TestFixture]
public sealed class IlgpuCudaEngineTests : LidEngineContract
{
    protected override ILidEngine CreateEngine()
    {
        if (!Gpu.IlgpuLidEngine.CudaAvailable())
            Assert.Ignore("no CUDA device on this machine: the ILGPU CUDA tests did not run");
        return Gpu.IlgpuLidEngine.OnCuda();
    }

    protected override string Describe() => ((Gpu.IlgpuLidEngine)Engine).AcceleratorName;
    protected override (int, int)[] Shapes => [(21, 1), (21, 1_000_000), (33, 7), (127, 1031), (1000, 9), (4096, 300)];
}
