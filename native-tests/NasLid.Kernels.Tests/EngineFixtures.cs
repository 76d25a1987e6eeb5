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
