using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using NasLid.Core;
using NasLid.Kernels.Interop;
using static TorchSharp.torch;

namespace NasLid.Kernels.Gpu;

/// <summary>
/// The ILGPU engine: <see cref="LidKernels.DistanceSelect"/> finds each row's k nearest with O(b·k) device memory,
/// <see cref="LidKernels.ExactDistances"/> recomputes them in float64, and the b×k distances come back to the
/// host where the shared <see cref="LidEstimator"/> applies the SPEC.md §1 policies (b·k doubles: small next to
/// the b²·m work, and it keeps the policies byte-for-byte those of the other engines).
/// It owns its context and accelerator, made current for the length of each call; kernels are compiled once when
/// the engine is made and reused.
/// Host features are wrapped without a copy on the CPU accelerator and copied once to a CUDA device.
/// </summary>
public sealed class IlgpuLidEngine : ILidEngine
{
    readonly Context _context;
    readonly Accelerator _accelerator;
    readonly Action<KernelConfig, int, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<int>> _distanceSelect;
    readonly int _tile;
    readonly Action<Index1D, ArrayView<float>, int, int, ArrayView<int>, ArrayView<double>> _exact;
    readonly Action<Index1D, ArrayView<float>, ArrayView<int>> _countNonFinite;

    IlgpuLidEngine(Context context, Accelerator accelerator)
    {
        _context = context;
        _accelerator = accelerator;
        _distanceSelect = accelerator.LoadStreamKernel<int, ArrayView<float>, int, int, int, ArrayView<float>, ArrayView<int>>(LidKernels.DistanceSelect);
        _tile = Math.Min(LidKernels.MaxTile, (int)Math.Sqrt(accelerator.MaxNumThreadsPerGroup));
        _exact = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, ArrayView<int>, ArrayView<double>>(LidKernels.ExactDistances);
        _countNonFinite = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>>(LidKernels.CountNonFinite);
    }

    /// <summary>The ILGPU CPU accelerator: runs every kernel (slowly) on any machine; for tests.</summary>
    public static IlgpuLidEngine OnCpuAccelerator()
    {
        var context = Context.Create(builder => builder.CPU());
        return new IlgpuLidEngine(context, context.CreateCPUAccelerator(0));
    }

    /// <summary>The first CUDA device, or a NasLidException when there is none.</summary>
    public static IlgpuLidEngine OnCuda()
    {
        var context = Context.Create(builder => builder.Cuda());
        if (context.GetCudaDevices().Count == 0)
        {
            context.Dispose();
            throw new NasLidException("the ilgpu engine on CUDA needs an NVIDIA GPU and driver; none was found");
        }
        return new IlgpuLidEngine(context, context.CreateCudaAccelerator(0));
    }

    public static bool CudaAvailable()
    {
        using var context = Context.Create(builder => builder.Cuda());
        return context.GetCudaDevices().Count > 0;
    }

    public string Name => "ilgpu";
    public bool IsCuda => _accelerator.AcceleratorType == AcceleratorType.Cuda;
    public string AcceleratorName => $"{_accelerator.AcceleratorType} ({_accelerator.Name})";

    public unsafe LidResult Estimate(ReadOnlySpan<float> features, int rows, int columns, LidOptions options, string layer)
    {
        FeatureChecks.Check(features, rows, columns, options, layer);
        using var current = MakeCurrent();
        fixed (float* x = features)
        {
            if (IsCuda)
            {
                using var copy = _accelerator.Allocate1D<float>(features.Length);
                copy.View.CopyFromCPU(ref System.Runtime.CompilerServices.Unsafe.AsRef(in features[0]), features.Length);
                return Run(copy.View, rows, columns, options, layer);
            }
            using var wrapped = CPUMemoryBuffer.Create(_accelerator, x, features.Length);
            return Run(wrapped.AsArrayView<float>(0, features.Length), rows, columns, options, layer);
        }
    }

    public LidResult Estimate(Tensor features, LidOptions options, string layer)
    {
        using var view = HostFeatures.Open(features, layer);
        return Estimate(view.Span, view.Rows, view.Columns, options, layer);
    }

    /// <summary>Features already in this accelerator's memory (row-major b×m float32): nothing is copied in.</summary>
    public LidResult Estimate(ArrayView<float> features, int rows, int columns, LidOptions options, string layer)
    {
        if (features.Length != (long)rows * columns)
            throw new NasLidException($"layer '{layer}': {features.Length} values do not form a {rows} x {columns} matrix");
        LidEstimator.CheckShape(rows, columns, options.K, layer);
        using var current = MakeCurrent();
        using var counts = _accelerator.Allocate1D<int>(2);
        counts.MemSetToZero();
        _countNonFinite((int)features.Length, features, counts.View);
        var bad = counts.GetAsArray1D();
        if (bad[0] + bad[1] > 0)
            throw new NasLidException(
                $"layer '{layer}': features contain {bad[0] + bad[1]} non-finite values ({bad[0]} NaN, {bad[1]} Inf) out of {features.Length}");
        return Run(features, rows, columns, options, layer);
    }

    /// <summary>
    /// Features in CUDA device memory allocated outside this engine (row-major b×m float32), read in place.
    /// Experimental: the pointer must be valid in this engine's CUDA context, and ILGPU makes its own context while
    /// LibTorch uses the device's primary one; whether such pointers cross between them is verified only by the
    /// CUDA test <c>DevicePointerFromAnotherContextGivesTheCopiedAnswer</c>. Until that has passed on a GPU, copy
    /// the features to the host (<see cref="Estimate(Tensor, LidOptions, string)"/> does) instead.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.Experimental(ExperimentalDevicePointers)]
    public LidResult Estimate(IntPtr devicePointer, int rows, int columns, LidOptions options, string layer)
    {
        if (_accelerator is not CudaAccelerator cuda)
            throw new NasLidException($"layer '{layer}': a CUDA device pointer needs the ilgpu engine on CUDA, not on {_accelerator.AcceleratorType}");
        if (devicePointer == IntPtr.Zero)
            throw new NasLidException($"layer '{layer}': the device pointer is null");
        LidEstimator.CheckShape(rows, columns, options.K, layer);
        long length = (long)rows * columns;
        using var foreign = new ForeignCudaBuffer(cuda, devicePointer, length, sizeof(float));
        return Estimate(new ArrayView<float>(foreign, 0, length), rows, columns, options, layer);
    }

    /// <summary>
    /// LibTorch, or another engine, may have made its own CUDA context current on this thread since the last call;
    /// on the CPU accelerator there is nothing to switch.
    /// </summary>
    IDisposable? MakeCurrent() => _accelerator is CudaAccelerator cuda ? new CurrentCudaContext(cuda) : null;

    /// <summary>The diagnostic id callers suppress to use the zero-copy device-pointer path.</summary>
    public const string ExperimentalDevicePointers = "NASLID0001";

    LidResult Run(ArrayView<float> x, int rows, int columns, LidOptions options, string layer)
    {
        int k = options.K;
        using var keys = _accelerator.Allocate1D<float>((long)rows * k);
        using var indices = _accelerator.Allocate1D<int>((long)rows * k);
        using var exact = _accelerator.Allocate1D<double>((long)rows * k);
        int groups = (rows + _tile - 1) / _tile;
        _distanceSelect(new KernelConfig(groups, _tile * _tile), _tile, x, rows, columns, k, keys.View, indices.View);
        _exact(rows * k, x, columns, k, indices.View, exact.View);
        var neighbours = exact.GetAsArray1D();
        return LidEstimator.FromNeighbourDistances(layer, neighbours, rows, options);
    }

    public void Dispose()
    {
        _accelerator.Dispose();
        _context.Dispose();
    }
}
