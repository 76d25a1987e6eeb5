using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// One thread's scratch: two packed panels of centred rows, a float tile per chunk and the float64 tile it is
/// summed into. O(tile) memory, reused for every block pair the thread takes. The panels are native and aligned
/// so the inner loop reads them with plain vector loads.
/// </summary>
internal sealed unsafe class TileWorkspace : IDisposable
{
    readonly TilingPolicy _policy;
    readonly float* _a, _b, _chunkTile;
    readonly double[] _tile;

    public TileWorkspace(TilingPolicy policy)
    {
        _policy = policy;
        nuint panel = (nuint)(policy.BlockRows * policy.Width(policy.Chunk) * sizeof(float));
        _a = (float*)NativeMemory.AlignedAlloc(panel, 64);
        _b = (float*)NativeMemory.AlignedAlloc(panel, 64);
        _chunkTile = (float*)NativeMemory.AlignedAlloc((nuint)(policy.BlockRows * policy.BlockRows * sizeof(float)), 64);
        _tile = new double[policy.BlockRows * policy.BlockRows];
        // A diagonal tile leaves its lower triangle unwritten; keep those (unread) entries finite.
        new Span<float>(_chunkTile, policy.BlockRows * policy.BlockRows).Clear();
    }

    /// <summary>The Gram tile of row blocks bi and bj over feature chunks [First, End), in float64.</summary>
    public double[] Accumulate(float* x, int rows, int columns, float[] mean, int bi, int bj, (int First, int End) chunks)
    {
        Array.Clear(_tile);
        int blockRows = _policy.BlockRows;
        bool diagonal = bi == bj;
        for (int c = chunks.First; c < chunks.End; c++)
        {
            int f0 = c * _policy.Chunk, length = Math.Min(_policy.Chunk, columns - f0), width = _policy.Width(length);
            Pack(_a, x, rows, columns, mean, bi, f0, length, width);
            if (!diagonal) Pack(_b, x, rows, columns, mean, bj, f0, length, width);
            DotTile.Compute(_a, diagonal ? _a : _b, blockRows, width, _chunkTile, diagonal);
            for (int t = 0; t < _tile.Length; t++) _tile[t] += _chunkTile[t];
        }
        return _tile;
    }

    void Pack(float* panel, float* x, int rows, int columns, float[] mean, int block, int f0, int length, int width)
    {
        for (int r = 0; r < _policy.BlockRows; r++)
        {
            var destination = new Span<float>(panel + r * width, width);
            long row = (long)block * _policy.BlockRows + r;
            if (row >= rows)
            {
                destination.Clear();
                continue;
            }
            TensorPrimitives.Subtract(new ReadOnlySpan<float>(x + row * columns + f0, length),
                mean.AsSpan(f0, length), destination[..length]);
            destination[length..].Clear();
        }
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_chunkTile);
    }
}
