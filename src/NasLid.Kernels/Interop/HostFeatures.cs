using NasLid.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Kernels.Interop;

/// <summary>
/// A [b, ...] tensor seen as a row-major b×m float32 matrix in host memory. A contiguous CPU float32 tensor is
/// read in place (its storage, no copy); anything else (another dtype, a strided view, a CUDA tensor) is
/// converted explicitly into a temporary that this view owns and disposes.
/// </summary>
public sealed unsafe class HostFeatures : IDisposable
{
    readonly Tensor? _converted;
    readonly float* _data;

    public int Rows { get; }
    public int Columns { get; }
    public bool Copied => _converted is not null;
    public ReadOnlySpan<float> Span => new(_data, checked(Rows * Columns));

    HostFeatures(Tensor source, Tensor? converted, int rows, int columns)
    {
        _converted = converted;
        var tensor = converted ?? source;
        // storage<float>() makes a new tensor handle on the same storage (TorchSharp's Storage keeps it alive) and
        // registers it in the caller's dispose scope, which for a tap is the whole forward: every feature map read
        // here then outlived its layer, and characterisation held them all. A scope of its own lets it go now;
        // the pointer stays valid as long as the caller's tensor does.
        using var scope = NewDisposeScope();
        _data = (float*)tensor.storage<float>().data_ptr() + tensor.storage_offset();
        Rows = rows;
        Columns = columns;
    }

    public static HostFeatures Open(Tensor features, string layer)
    {
        if (features.dim() < 2)
            throw new NasLidException(
                $"layer '{layer}': features must be [b, ...] with at least 2 dimensions, got shape [{string.Join(", ", features.shape)}]");
        long rows = features.shape[0];
        long columns = rows == 0 ? 0 : features.numel() / rows;
        if (rows > int.MaxValue || columns > int.MaxValue || rows * columns > int.MaxValue)
            throw new NasLidException($"layer '{layer}': {rows} x {columns} features exceed the 2^31 values one call handles");

        bool inPlace = features.device_type == DeviceType.CPU && features.dtype == ScalarType.Float32 && features.is_contiguous();
        Tensor? converted = null;
        if (!inPlace)
        {
            using var scope = NewDisposeScope();
            converted = features.detach().to(DeviceType.CPU).to_type(ScalarType.Float32).contiguous().MoveToOuterDisposeScope();
        }
        return new HostFeatures(features, converted, (int)rows, (int)columns);
    }

    public void Dispose() => _converted?.Dispose();
}
