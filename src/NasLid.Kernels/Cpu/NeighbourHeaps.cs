using System.Runtime.CompilerServices;

namespace NasLid.Kernels.Cpu;

/// <summary>
/// A bounded top-k per row: for each of b rows a max-heap of its k smallest (squared distance, index) so far.
/// O(b·k) memory whatever the number of candidates; a candidate no better than the current k-th costs one compare.
/// </summary>
internal sealed class NeighbourHeaps
{
    readonly float[] _keys;
    readonly int[] _indices;
    readonly int[] _counts;
    readonly int _k;

    public NeighbourHeaps(int rows, int k)
    {
        _k = k;
        _keys = new float[rows * k];
        _indices = new int[rows * k];
        _counts = new int[rows];
    }

    public int Count(int row) => _counts[row];
    public ReadOnlySpan<float> Keys(int row) => _keys.AsSpan(row * _k, _counts[row]);
    public ReadOnlySpan<int> Indices(int row) => _indices.AsSpan(row * _k, _counts[row]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Push(int row, float key, int index)
    {
        var keys = _keys.AsSpan(row * _k, _k);
        var indices = _indices.AsSpan(row * _k, _k);
        int n = _counts[row];
        if (n < _k)
        {
            int c = n;
            while (c > 0)
            {
                int parent = (c - 1) >> 1;
                if (keys[parent] >= key) break;
                keys[c] = keys[parent];
                indices[c] = indices[parent];
                c = parent;
            }
            keys[c] = key;
            indices[c] = index;
            _counts[row] = n + 1;
            return;
        }
        if (key >= keys[0])
            return;
        int at = 0;
        while (true)
        {
            int child = 2 * at + 1;
            if (child >= _k) break;
            if (child + 1 < _k && keys[child + 1] > keys[child]) child++;
            if (keys[child] <= key) break;
            keys[at] = keys[child];
            indices[at] = indices[child];
            at = child;
        }
        keys[at] = key;
        indices[at] = index;
    }

    /// <summary>Largest key kept for a row, or +inf while the row has fewer than k: a candidate must beat it.</summary>
    public float Threshold(int row) => _counts[row] < _k ? float.PositiveInfinity : _keys[row * _k];
}
