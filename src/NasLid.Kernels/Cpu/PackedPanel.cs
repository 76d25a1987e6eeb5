using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using NasLid.Kernels.Interop;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// A feature chunk of consecutive rows, centred and copied into native 64-byte aligned memory with each row zero
/// padded to whole vectors, so <see cref="PanelTile"/> reads it with plain vector loads. Rows past the end of the
/// batch are zero.
/// </summary>
internal sealed unsafe class PackedPanel : IDisposable
{
    readonly int _rows;
    readonly NativeScratch<float> _data;

    public PackedPanel(int rows, int maxWidth)
    {
        _rows = rows;
        _data = new NativeScratch<float>((long)rows * maxWidth);
    }

    /// <summary>Row r of the last <see cref="Pack"/>, whose rows are <paramref name="width"/> floats apart.</summary>
    public float* Row(int r, int width) => _data.Data + (long)r * width;

    /// <summary>Features [f0, f0 + length) of rows [firstRow, firstRow + capacity), minus the centre if one is given.</summary>
    /// <remarks>
    /// A plain vector loop rather than TensorPrimitives.Subtract: the package's generic code starts at tier 0 and
    /// stays there for the whole of a short call (it made packing 5× slower than the dot products it feeds).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(float* x, int rows, int columns, float[]? centre, int firstRow, int f0, int length, int width)
    {
        fixed (float* shift = centre)
            for (int r = 0; r < _rows; r++)
            {
                float* destination = Row(r, width);
                long row = firstRow + r;
                int t = 0;
                if (row < rows)
                {
                    float* source = x + row * columns + f0;
                    if (shift is null)
                        new ReadOnlySpan<float>(source, length).CopyTo(new Span<float>(destination, length));
                    else
                    {
                        float* c = shift + f0;
                        for (; t + PanelTile.Lanes <= length; t += PanelTile.Lanes)
                            (Vector256.Load(source + t) - Vector256.Load(c + t)).Store(destination + t);
                        for (; t < length; t++) destination[t] = source[t] - c[t];
                    }
                    t = length;
                }
                new Span<float>(destination + t, width - t).Clear();
            }
    }

    public void Dispose() => _data.Dispose();
}
