namespace NasLid.Core;

/// <summary>
/// A sub-supernet: for every searchable layer, which candidate ops are enabled (the paper's I_l).
/// All enabled = unsplit; one enabled per layer = a single path. Immutable.
/// </summary>
public sealed class SupernetMask : IEquatable<SupernetMask>
{
    readonly bool[][] _enabled;

    public SupernetMask(IEnumerable<IEnumerable<bool>> enabled)
    {
        _enabled = enabled.Select(l => l.ToArray()).ToArray();
        for (int l = 0; l < _enabled.Length; l++)
            if (!_enabled[l].Any(e => e))
                throw new NasLidException($"mask layer {l} enables no operation; every layer needs at least one");
    }

    public static SupernetMask Full(ISearchSpace space) =>
        new(space.Layers.Select(l => Enumerable.Repeat(true, l.Ops.Count)));

    public static SupernetMask SinglePath(ISearchSpace space, Architecture architecture)
    {
        if (architecture.LayerCount != space.Layers.Count)
            throw new NasLidException($"architecture {architecture} has {architecture.LayerCount} layers, space {space.Name} has {space.Layers.Count}");
        return new(space.Layers.Select((layer, l) => Enumerable.Range(0, layer.Ops.Count).Select(o => o == architecture[l])));
    }

    public int LayerCount => _enabled.Length;
    public int OpCount(int layer) => _enabled[layer].Length;
    public bool IsEnabled(int layer, int op) => _enabled[layer][op];
    public IReadOnlyList<int> EnabledOps(int layer) =>
        Enumerable.Range(0, _enabled[layer].Length).Where(o => _enabled[layer][o]).ToArray();

    /// <summary>A layer is split (decided) once some of its candidates are disabled.</summary>
    public bool IsSplit(int layer) => !_enabled[layer].All(e => e);

    public bool IsSinglePath => _enabled.All(l => l.Count(e => e) == 1);

    /// <summary>A copy with one layer's enabled set replaced.</summary>
    public SupernetMask WithLayer(int layer, IEnumerable<int> enabledOps)
    {
        var set = enabledOps.ToHashSet();
        foreach (var op in set)
            if (op < 0 || op >= _enabled[layer].Length)
                throw new NasLidException($"op {op} is out of range for layer {layer} ({_enabled[layer].Length} ops)");
        return new(_enabled.Select((row, l) => l == layer ? row.Select((_, o) => set.Contains(o)) : row));
    }

    public bool Contains(Architecture architecture) =>
        architecture.LayerCount == _enabled.Length &&
        Enumerable.Range(0, _enabled.Length).All(l => architecture[l] >= 0 && architecture[l] < _enabled[l].Length && _enabled[l][architecture[l]]);

    /// <summary>Text form: one group of 0/1 per layer, separated by '|', e.g. "11111|10100|...".</summary>
    public override string ToString() => string.Join("|", _enabled.Select(l => string.Concat(l.Select(e => e ? '1' : '0'))));

    public static SupernetMask Parse(string text)
    {
        var rows = text.Split('|');
        foreach (var row in rows)
            if (row.Length == 0 || row.Any(c => c is not ('0' or '1')))
                throw new NasLidException($"malformed mask '{text}': each '|'-separated group must be a non-empty string of 0 and 1");
        return new(rows.Select(r => r.Select(c => c == '1')));
    }

    public bool Equals(SupernetMask? other) => other is not null && ToString() == other.ToString();
    public override bool Equals(object? obj) => Equals(obj as SupernetMask);
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
