using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace NasLid.Kernels.Gpu;

/// <summary>
/// CUDA device memory that someone else allocated (a LibTorch tensor, a CuPy array), seen as an ILGPU buffer
/// without a copy. ILGPU has no public wrapper for a foreign device pointer (PLATFORM.md), so this subclasses
/// <see cref="MemoryBuffer"/>: copies and fills go through ILGPU's CUDA helpers, and disposing it frees nothing,
/// because the memory stays its owner's.
/// </summary>
internal sealed class ForeignCudaBuffer : MemoryBuffer
{
    public ForeignCudaBuffer(CudaAccelerator accelerator, IntPtr devicePointer, long length, int elementSize)
        : base(accelerator, length, elementSize)
    {
        NativePtr = devicePointer;
    }

    protected override void MemSet(AcceleratorStream stream, byte value, in ArrayView<byte> targetView) =>
        CudaMemoryBuffer.CudaMemSet(stream as CudaStream, value, targetView);

    protected override void CopyFrom(AcceleratorStream stream, in ArrayView<byte> sourceView, in ArrayView<byte> targetView) =>
        CudaMemoryBuffer.CudaCopy(stream as CudaStream, sourceView, targetView);

    protected override void CopyTo(AcceleratorStream stream, in ArrayView<byte> sourceView, in ArrayView<byte> targetView) =>
        CudaMemoryBuffer.CudaCopy(stream as CudaStream, sourceView, targetView);

    protected override void DisposeAcceleratorObject(bool disposing) => NativePtr = IntPtr.Zero;
}
