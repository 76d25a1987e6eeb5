using System.Runtime.CompilerServices;

using NasLid.Kernels.Interop;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// One thread's scratch for <see cref="BlockedGram"/>: two packed panels of one row block each, a float tile per
/// chunk and the float64 tile it is summed into. O(tile) memory, reused for every block pair the thread takes.
/// </summary>
internal sealed unsafe class TileWorkspace : IDisposable
{
    readonly TilingPolicy _policy;
    readonly PackedPanel _a, _b;
    readonly NativeScratch<float> _chunkTile;
    readonly double[] _tile;

    public TileWorkspace(TilingPolicy policy)
    {
        _policy = policy;
        _a = new PackedPanel(policy.BlockRows, policy.Width(policy.Chunk));
        _b = new PackedPanel(policy.BlockRows, policy.Width(policy.Chunk));
        _chunkTile = new NativeScratch<float>(policy.BlockRows * policy.BlockRows);
        _tile = new double[policy.BlockRows * policy.BlockRows];
        // A diagonal tile leaves its lower triangle unwritten; keep those (unread) entries finite.
        new Span<float>(_chunkTile.Data, policy.BlockRows * policy.BlockRows).Clear();
    }

    /// <summary>The Gram tile of row blocks bi and bj over feature chunks [First, End), in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] Accumulate(float* x, int rows, int columns, float[] centre, int bi, int bj, (int First, int End) chunks)
    {
        Array.Clear(_tile);
        int blockRows = _policy.BlockRows;
        bool diagonal = bi == bj;
        for (int c = chunks.First; c < chunks.End; c++)
        {
            int f0 = c * _policy.Chunk, length = Math.Min(_policy.Chunk, columns - f0), width = _policy.Width(length);
            _a.Pack(x, rows, columns, centre, bi * blockRows, f0, length, width);
            if (!diagonal) _b.Pack(x, rows, columns, centre, bj * blockRows, f0, length, width);
            PanelTile.Compute<DotProduct>(_a.Row(0, width), (diagonal ? _a : _b).Row(0, width), blockRows, width, _chunkTile.Data, diagonal);
            for (int t = 0; t < _tile.Length; t++) _tile[t] += _chunkTile.Data[t];
        }
        return _tile;
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _chunkTile.Dispose();
    }
}
